"""Fixtures shared by every app's tests, and the order the suite runs in: fast unit tests first,
then tests that use the database, then those that start processes, then the browser tests, so a
broken basic piece fails in seconds. `pytest -m unit` (or db, subprocess, browser) runs one tier."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


@pytest.fixture(autouse=True)
def _static_files_without_manifest(settings):
    """Pages render without `collectstatic` having run: tests do not depend on a build step."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _no_api_rate_limits(settings):
    """The suite sends many requests from one address in a minute; the tests of the limits set them."""
    settings.RESTRACK_API_ANON_RATE = None
    settings.RESTRACK_API_USER_RATE = None


@pytest.fixture(autouse=True)
def _default_language_after_each_test():
    """A request to a /zh-hans/ page leaves Chinese active in the thread (LocaleMiddleware never
    deactivates it); messages checked by the next test must not depend on which test ran before."""
    yield
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(scope="module")
def _shared_samples(django_db_setup, django_db_blocker):
    """The two sample reports, imported once per module as on first start (with the search index,
    which is written when the import's transaction commits), inside a transaction rolled back at
    the module's end; each test runs in a savepoint inside it, so its own changes are undone."""
    with django_db_blocker.unblock(), transaction.atomic():
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_samples", "--reports-only", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


@pytest.fixture
def samples(_shared_samples, db):
    """The sample reports (see `_shared_samples`)."""


@pytest.fixture
def user(db):
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory()


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''} {database['NAME']}".rstrip()


TIERS = ("unit", "db", "subprocess", "browser")
DATABASE_FIXTURES = {"db", "transactional_db", "django_db_setup", "django_db_blocker", "live_server"}


def _tier(item) -> str:
    if item.get_closest_marker("browser"):
        return "browser"
    if item.get_closest_marker("subprocess"):
        return "subprocess"
    if item.get_closest_marker("django_db") or DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())):
        return "db"
    return "unit"


def pytest_collection_modifyitems(session, config, items):
    """Mark every test with its tier and run the tiers in order (stable within a tier)."""
    for item in items:
        item.add_marker(getattr(pytest.mark, _tier(item)))
    items.sort(key=lambda item: TIERS.index(_tier(item)))
