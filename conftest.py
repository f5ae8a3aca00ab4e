"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Pages render without `collectstatic` having run: tests do not depend on a build step."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def user(db):
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory()


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''} {database['NAME']}".rstrip()
