"""Helpers of the registry's API tests: an anonymous and a signed-in (token) client, and reading
every page of a list."""

from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient


def anonymous():
    return APIClient()


def signed_in(role=None):
    from restrack.accounts.tests.factories import UserFactory

    client = APIClient()
    token = Token.objects.create(user=UserFactory(role=role) if role else UserFactory())
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def get_json(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:500]
    return response.json()


def assert_cached(client, url):
    """Last-Modified on the answer, and 304 when the ETag is sent back."""
    response = client.get(url)
    assert response.status_code == 200 and response.has_header("Last-Modified")
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
