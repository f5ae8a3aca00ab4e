"""The two sample reports, imported and indexed once per test module.

Importing takes seconds, so it is done once, inside a transaction that is rolled back after the
module: each test still runs in its own savepoint, and the rest of the suite never sees the
samples."""

import io

import pytest
from django.core.management import call_command
from django.db import transaction

from restrack.search import signals


@pytest.fixture(scope="module")
def samples(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        with transaction.atomic():
            call_command("load_samples", "--reports-only", stdout=io.StringIO())
            # On-commit indexing never runs inside this transaction: index explicitly.
            call_command("rebuild_search_index", stdout=io.StringIO())
            yield
            transaction.set_rollback(True)
        signals._pending().clear()  # what the import noted is gone with it


@pytest.fixture
def indexed(samples, db):
    """The samples, for a test that runs in its own savepoint."""


@pytest.fixture
def user(db):
    """A coordinator: the index follows what the registry's and the cycle's actions write."""
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory(role="coordinator")
