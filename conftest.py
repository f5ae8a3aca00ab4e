"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Pages render without `collectstatic` having run: tests do not depend on a build step."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to a /zh-hans/ page leaves Chinese active in the thread (LocaleMiddleware never
    deactivates it); messages checked by the next test must not depend on which test ran before."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def user(db):
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory()


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''} {database['NAME']}".rstrip()
