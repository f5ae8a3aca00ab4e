"""How API lists read a page at scale (restrack.core.api.pagination): ids first then rows, lists
ordered by period paged period by period, partners' mentions counted for the page only, a list's
Last-Modified from the event log. The pages must join up to exactly the whole list, in order."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.http import http_date

from restrack.accounts.tests.factories import UserFactory
from restrack.api.tests.worlds import grow
from restrack.core.models import Event
from restrack.core.tests.api_helpers import client_as
from restrack.funding.actions import record_contribution

pytestmark = pytest.mark.django_db

PAGED = [
    "/api/v1/updates/",
    "/api/v1/updates/?ordering=period",
    "/api/v1/updates/?ordering=-instrument",
    "/api/v1/funding/records/",
    "/api/v1/instruments/",
    "/api/v1/operative-paragraphs/",
    "/api/v1/commitments/",
    "/api/v1/partners/",
    "/api/v1/partners/?ordering=-mentions",
]


@pytest.fixture
def world():
    grow(3, year=2024)
    grow(2, year=2025)  # four periods: 2025-H2 (open), 2025-H1, 2024-H2 (open), 2024-H1


def _pages(client, address: str, limit: int) -> tuple[int, list]:
    joiner = "&" if "?" in address else "?"
    rows, offset, count = [], 0, None
    while True:
        body = client.get(f"{address}{joiner}limit={limit}&offset={offset}").json()
        count = body["count"] if count is None else count
        assert body["count"] == count
        rows += body["results"]
        if not body["next"]:
            return count, rows
        offset += limit


@pytest.mark.parametrize("address", PAGED)
@pytest.mark.parametrize("role", [None, "coordinator"])
def test_small_pages_join_up_to_the_whole_list(world, address, role):
    client = client_as(UserFactory(role=role) if role else None)
    joiner = "&" if "?" in address else "?"
    whole = client.get(f"{address}{joiner}limit=1000").json()
    assert whole["count"] == len(whole["results"]) > 0
    for limit in (1, 3, 7):
        assert _pages(client, address, limit) == (whole["count"], whole["results"])


@pytest.mark.parametrize("address", ["/api/v1/updates/", "/api/v1/funding/records/"])
def test_lists_by_period_come_newest_period_first(world, address):
    client = client_as(UserFactory(role="coordinator"))
    periods = [row["period"] for row in client.get(f"{address}?limit=1000").json()["results"]]
    assert periods[0] != periods[-1]
    assert periods == sorted(periods, reverse=True)  # labels (2025-H1) sort as their start dates
    if address == "/api/v1/updates/":
        ascending = client.get(f"{address}?limit=1000&ordering=period").json()["results"]
        assert [row["period"] for row in ascending] == sorted(periods)


def test_partners_mentions_on_a_page_are_those_of_the_whole_count(world):
    client = client_as()
    by_code = {
        row["code"]: row for row in client.get("/api/v1/partners/?limit=1000&ordering=-mentions").json()["results"]
    }
    assert sum(row["mentions"] for row in by_code.values()) > 0
    for limit in (3, 1000):
        page = client.get(f"/api/v1/partners/?limit={limit}").json()["results"]
        assert page and all(row == by_code[row["code"]] for row in page)


def test_a_list_is_last_modified_when_the_latest_event_happened(world):
    coordinator = UserFactory(role="coordinator")
    record_contribution(acting_user=coordinator, donor="Norway", received_on=datetime.date(2024, 3, 1), amount="10.00")
    latest = Event.objects.order_by("-created").first().created
    for address in ("/api/v1/instruments/", "/api/v1/updates/", "/api/v1/funding/window/contributions/"):
        response = client_as().get(address)
        assert response["Last-Modified"] == http_date(latest.timestamp())
        assert client_as().get(address, HTTP_IF_MODIFIED_SINCE=response["Last-Modified"]).status_code == 304


@pytest.mark.skipif(connection.vendor != "sqlite", reason="EXPLAIN QUERY PLAN is SQLite's")
def test_updates_are_counted_per_period_from_the_period_state_index(world):
    # Filtered (the public's whole list reads the numbers kept per period instead: test_api_updates).
    with CaptureQueriesContext(connection) as captured:
        assert client_as().get("/api/v1/updates/?limit=2&offset=3&state=published").status_code == 200
    grouped = [query["sql"] for query in captured.captured_queries if "GROUP BY" in query["sql"]]
    assert len(grouped) == 1
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {grouped[0]}")
        plan = " ".join(str(row[-1]) for row in cursor.fetchall())
    assert "COVERING INDEX progress_update_period_state" in plan
    assert "TEMP B-TREE" not in plan
