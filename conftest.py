"""Fixtures shared by every app's tests."""

import pytest


@pytest.fixture
def user(db):
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory()


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]
    return f"database: {database['ENGINE'].rsplit('.', 1)[-1]} {database.get('HOST') or ''} {database['NAME']}".rstrip()
