"""Who the API knows: a token (`Authorization: Token <key>`) or the web session; a wrong token is
401 with a `detail`, and writing anonymously is 401 (never a redirect to a login page)."""

import pytest
from rest_framework.test import APIClient

from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db
PERIODS = "/api/v1/periods/"


@pytest.fixture
def planned(db):
    """A period only signed-in people see."""
    return ReportingPeriodFactory(label="2030-H1", state=PeriodState.PLANNED)


def labels(response) -> list[str]:
    assert response.status_code == 200, response.content
    return [row["label"] for row in response.json()["results"]]


def test_anonymous_clients_see_public_data_only(api, planned):
    assert "2030-H1" not in labels(api.get(PERIODS))
    assert api.get(f"{PERIODS}2030-H1/").status_code == 404


def test_a_token_signs_in(token_api, planned):
    assert "2030-H1" in labels(token_api.get(PERIODS))
    assert token_api.get(f"{PERIODS}2030-H1/").status_code == 200


def test_the_web_session_signs_in(coordinator, planned):
    client = APIClient()
    client.force_login(coordinator)
    assert "2030-H1" in labels(client.get(PERIODS))


def test_the_session_needs_csrf_to_write(coordinator):
    client = APIClient(enforce_csrf_checks=True)
    client.force_login(coordinator)
    response = client.post(PERIODS, {"label": "2031-H1"}, format="json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]


@pytest.mark.parametrize("header", ["Token 0123456789abcdef0123456789abcdef01234567", "Token", "Token a b"])
def test_a_bad_token_is_401_with_detail(api, header):
    response = api.get(PERIODS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["detail"]
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_of_an_inactive_person_is_refused(token_api, coordinator):
    coordinator.is_active = False
    coordinator.save()
    response = token_api.get(PERIODS)
    assert response.status_code == 401 and response.json()["detail"]


def test_anonymous_writes_are_401(api):
    response = api.post(PERIODS, {"label": "2031-H1"}, format="json")
    assert response.status_code == 401
    assert response.json()["detail"] == "Authentication credentials were not provided."
    assert response["WWW-Authenticate"] == "Token"


def test_a_token_may_write(token_api):
    response = token_api.post(PERIODS, {"label": "2031-H1"}, format="json")
    assert response.status_code == 201, response.content
    assert response.json()["label"] == "2031-H1"
