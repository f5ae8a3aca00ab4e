"""Fixtures of the tests of the API's shared behaviour (test_api_*.py): clients, anonymous and
signed in with a real token."""

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


@pytest.fixture
def api():
    """An anonymous API client."""
    return APIClient()


@pytest.fixture
def coordinator(db):
    from restrack.accounts.tests.factories import UserFactory

    return UserFactory(role="coordinator")


@pytest.fixture
def token(coordinator):
    from restrack.accounts.actions import issue_api_token

    issue_api_token(coordinator, acting_user=coordinator)
    return Token.objects.get(user=coordinator)


@pytest.fixture
def token_api(token):
    """An API client signed in as a coordinator with `Authorization: Token <key>`."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def instrument(db):
    from restrack.registry.tests.factories import InstrumentFactory

    return InstrumentFactory()
