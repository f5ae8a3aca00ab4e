import pytest

from restrack.accounts.tests.factories import UserFactory


@pytest.fixture
def finance_officer(db):
    return UserFactory(username="fatima", role="finance_officer")
