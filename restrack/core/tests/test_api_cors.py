"""CORS: off unless origins are configured (CORS_ALLOWED_ORIGINS); then only for /api/, never with
cookies, and clients may read the ETag and Last-Modified headers."""

import pytest

pytestmark = pytest.mark.django_db
ORIGIN = "https://example.org"
LIST = "/api/v1/instruments/"


@pytest.fixture
def allowed(settings):
    settings.CORS_ALLOWED_ORIGINS = [ORIGIN]
    return settings


def test_off_by_default(api, settings):
    assert settings.CORS_ALLOWED_ORIGINS == []
    response = api.get(LIST, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response


def test_allowed_origins_may_read_the_api(api, allowed):
    response = api.get(LIST, HTTP_ORIGIN=ORIGIN)
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    exposed = {name.strip().lower() for name in response["Access-Control-Expose-Headers"].split(",")}
    assert {"etag", "last-modified", "api-version", "retry-after"} <= exposed
    assert "Access-Control-Allow-Credentials" not in response
    assert api.get("/api/", HTTP_ORIGIN=ORIGIN)["Access-Control-Allow-Origin"] == ORIGIN


def test_other_origins_are_not_allowed(api, allowed):
    assert "Access-Control-Allow-Origin" not in api.get(LIST, HTTP_ORIGIN="https://evil.example")


@pytest.mark.parametrize("path", ["/en/", "/en/accounts/login/", "/admin/login/"])
def test_never_on_pages_outside_the_api(client, allowed, path):
    response = client.get(path, HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200 and "Access-Control-Allow-Origin" not in response


def test_preflight(api, allowed):
    response = api.options(
        LIST,
        HTTP_ORIGIN=ORIGIN,
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
        HTTP_ACCESS_CONTROL_REQUEST_HEADERS="authorization, if-none-match",
    )
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == ORIGIN
    assert "GET" in response["Access-Control-Allow-Methods"]
    allowed_headers = response["Access-Control-Allow-Headers"].lower()
    assert "authorization" in allowed_headers
    refused = api.options(LIST, HTTP_ORIGIN="https://evil.example", HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET")
    assert "Access-Control-Allow-Origin" not in refused


def test_a_token_client_from_an_allowed_origin(token_api, allowed):
    response = token_api.get("/api/v1/periods/", HTTP_ORIGIN=ORIGIN)
    assert response.status_code == 200 and response["Access-Control-Allow-Origin"] == ORIGIN
