"""GET /api/v1/periods/: who sees which periods, their fields, filters, ordering, pages, ?lang=
and conditional requests. The coordinator's steps on periods are tested in test_api."""

import pytest
from django.utils import translation

from restrack.core.tests.api_helpers import client_as
from restrack.reporting.choices import PeriodState

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(shared_opened, shared_people):
    """The samples (2024-H2 and 2020-H1 published), 2025-H1 open, and people in every role."""
    return shared_people


def labels(response) -> list[str]:
    assert response.status_code == 200, response.json()
    return [period["label"] for period in response.json()["results"]]


def test_anonymous_callers_see_published_periods_only(people):
    anonymous = client_as()
    assert labels(anonymous.get("/api/v1/periods/")) == ["2024-H2", "2020-H1"]
    assert anonymous.get("/api/v1/periods/2025-H1/").status_code == 404
    assert "detail" in anonymous.get("/api/v1/periods/2025-H1/").json()


@pytest.mark.parametrize("role", ["coordinator", "focal", "viewer"])
def test_signed_in_people_see_every_period(people, role):
    client = client_as(people[role])
    assert labels(client.get("/api/v1/periods/")) == ["2025-H1", "2024-H2", "2020-H1"]
    assert client.get("/api/v1/periods/2025-h1/").json()["state"] == "open"


def test_a_period_has_its_address_introduction_and_counts(people):
    period = client_as().get("/api/v1/periods/2024-H2/").json()
    assert period["url"] == "http://testserver/api/v1/periods/2024-H2/"
    assert (period["start_date"], period["end_date"], period["state"]) == ("2024-07-01", "2024-12-31", "published")
    assert period["board_session"] == "2024-2"
    assert set(period["introduction"]) >= {"en", "zh-hans"}
    assert period["introduction"]["zh-hans"].startswith("本报告概述了")
    assert period["updates"] == {"published": 15}
    assert period["modified"]
    listed = client_as().get("/api/v1/periods/").json()["results"][0]
    assert listed == period


def test_the_update_counts_follow_what_the_caller_may_see(people):
    assert client_as(people["coordinator"]).get("/api/v1/periods/2025-H1/").json()["updates"] == {"draft": 16}
    assert client_as(people["viewer"]).get("/api/v1/periods/2025-H1/").json()["updates"] == {}


def test_lang_gives_one_string_and_labels_in_that_language(people):
    period = client_as().get("/api/v1/periods/2024-H2/?lang=zh-hans")
    assert period["Content-Language"] == "zh-hans"
    assert period.json()["introduction"].startswith("本报告概述了")
    with translation.override("zh-hans"):
        assert period.json()["state_label"] == str(PeriodState.PUBLISHED.label) != "published"
    # English has no introduction: the Chinese one is given rather than nothing
    assert client_as().get("/api/v1/periods/2024-H2/?lang=en").json()["introduction"].startswith("本报告")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("state=published", ["2024-H2", "2020-H1"]),
        ("state=open", ["2025-H1"]),
        ("state=planned", []),
        ("year=2024", ["2024-H2"]),
        ("year=2025&state=open", ["2025-H1"]),
        ("year=1999", []),
    ],
)
def test_filters(people, query, expected):
    assert labels(client_as(people["coordinator"]).get(f"/api/v1/periods/?{query}")) == expected


@pytest.mark.parametrize(("query", "field"), [("state=finished", "state"), ("year=last", "year")])
def test_a_bad_filter_is_a_400_saying_why(people, query, field):
    response = client_as().get(f"/api/v1/periods/?{query}")
    assert response.status_code == 400
    assert field in response.json() and response.json()["detail"].startswith(f"{field}:")


def test_ordering(people):
    coordinator = client_as(people["coordinator"])
    assert labels(coordinator.get("/api/v1/periods/?ordering=start_date")) == ["2020-H1", "2024-H2", "2025-H1"]
    assert labels(coordinator.get("/api/v1/periods/?ordering=-start_date")) == ["2025-H1", "2024-H2", "2020-H1"]


def test_pages(people):
    coordinator = client_as(people["coordinator"])
    first = coordinator.get("/api/v1/periods/?limit=2").json()
    assert first["count"] == 3 and [p["label"] for p in first["results"]] == ["2025-H1", "2024-H2"]
    assert first["previous"] is None and "offset=2" in first["next"]
    second = coordinator.get(first["next"]).json()
    assert [p["label"] for p in second["results"]] == ["2020-H1"] and second["next"] is None


@pytest.mark.parametrize("address", ["/api/v1/periods/", "/api/v1/periods/2024-H2/"])
def test_last_modified_and_not_modified(people, address):
    anonymous = client_as()
    response = anonymous.get(address)
    assert response.status_code == 200 and response["Last-Modified"].endswith("GMT")
    assert anonymous.get(address, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304
    assert anonymous.get(address, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_opening_a_period_answers_the_period_with_its_new_fields(people):
    coordinator = client_as(people["coordinator"])
    created = coordinator.post("/api/v1/periods/", {"label": "2026-H1"}, format="json")
    assert created.status_code == 201 and created.json()["url"].endswith("/api/v1/periods/2026-H1/")
    opened = coordinator.post("/api/v1/periods/2026-H1/open/")
    assert opened.status_code == 200 and opened.json()["period"]["state"] == "open"
    assert "introduction" in opened.json()["period"]


def test_a_coordinator_writes_a_new_period_s_introduction_with_its_version(people):
    coordinator = client_as(people["coordinator"])
    period = coordinator.get("/api/v1/periods/2025-H1/").json()
    sent = {"version": period["version"], "introduction": {"en": "The present report covers 2025-H1."}}
    saved = coordinator.patch("/api/v1/periods/2025-H1/", sent, format="json")
    assert saved.status_code == 200, saved.json()
    assert saved.json()["introduction"]["en"] == "The present report covers 2025-H1."
    assert saved.json()["version"] == period["version"] + 1
    stale = coordinator.patch("/api/v1/periods/2025-H1/", {**sent, "introduction": {"en": "Other."}}, format="json")
    assert stale.status_code == 409 and stale.json()["current_version"] == period["version"] + 1
    assert client_as(people["focal"]).patch("/api/v1/periods/2025-H1/", sent, format="json").status_code == 403
    assert client_as().patch("/api/v1/periods/2024-H2/", sent, format="json").status_code in (401, 403)
    refused = coordinator.patch("/api/v1/periods/2025-H1/", {"introduction": {"en": "x"}}, format="json")
    assert refused.status_code == 400 and "version" in refused.json()
