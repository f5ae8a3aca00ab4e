"""Search's fixtures: the session's samples, indexed when they were imported (see the root
conftest), and a coordinator whose actions the index follows."""

import pytest


@pytest.fixture
def indexed(samples, db):
    """The samples, for a test that runs in its own savepoint."""


@pytest.fixture
def user(db):
    """A coordinator: the index follows what the registry's and the cycle's actions write."""
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory(role="coordinator")
