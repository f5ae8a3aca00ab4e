import pytest


@pytest.fixture
def user(db):
    """A coordinator, who keeps the registry (the policy lets nobody else)."""
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory(role="coordinator")
