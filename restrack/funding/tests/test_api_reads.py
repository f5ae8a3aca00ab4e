"""Reading funding through the API with a real token: every endpoint for anonymous callers, a
Member State's viewer and the secretariat (published periods only for the public), instrument
titles per language, the window's books filtered, ordered and paged, and Last-Modified / ETag
answers that let a client ask again for nothing (304)."""

from datetime import date

import pytest
from django.db.models import Max
from django.utils.http import http_date, parse_http_date
from rest_framework.test import APIClient

from restrack.core.models import Event
from restrack.core.tests.api_helpers import client_as
from restrack.funding.actions import allocate_from_window, record_contribution
from restrack.funding.models import FundingRecord, WindowAllocation, WindowContribution
from restrack.funding.tests.test_api import people, world  # noqa: F401  (the fixtures)
from restrack.registry.selectors import find_instrument
from restrack.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db

ENDPOINTS = [
    "/api/v1/funding/records/",
    "/api/v1/funding/summary/",
    "/api/v1/funding/window/contributions/",
    "/api/v1/funding/window/allocations/",
    "/api/v1/funding/window/ledger/",
]


def as_role(world, role) -> APIClient:
    return client_as() if role == "anonymous" else client_as(world[role])


@pytest.fixture
def books(world):
    """Three contributions and two allocations, made up."""
    officer = world["finance_officer"]
    norway = record_contribution(
        acting_user=officer,
        donor="Government of Norway",
        received_on=date(2024, 1, 15),
        amount="1000000.00",
        currency="USD",
    )
    sweden = record_contribution(
        acting_user=officer,
        donor="Sida (Sweden)",
        received_on=date(2024, 3, 1),
        amount="2750000.00",
        currency="SEK",
        amount_usd="250000.00",
    )
    transfer = record_contribution(
        acting_user=officer,
        donor="Government of Norway",
        received_on=date(2024, 6, 30),
        amount="300000.50",
        currency="USD",
        kind="transfer",
        agreement_reference="NOR-2019-07",
    )
    pilot = allocate_from_window(
        acting_user=officer,
        instrument=find_instrument("resolution 2/6"),
        allocated_on=date(2024, 2, 1),
        amount_usd="400000.00",
        purpose="Pilot cities",
    )
    housing = allocate_from_window(
        acting_user=officer,
        instrument=find_instrument("resolution 2/7"),
        allocated_on=date(2024, 7, 1),
        amount_usd="150000.25",
        purpose="Housing profiles",
    )
    return {"norway": norway, "sweden": sweden, "transfer": transfer, "pilot": pilot, "housing": housing}


# --- every endpoint, for everyone ----------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "viewer", "coordinator", "finance_officer"])
def test_every_funding_endpoint_answers_everyone(world, books, role):
    client = as_role(world, role)
    for url in ENDPOINTS:
        response = client.get(url)
        assert response.status_code == 200, (url, response.content)
        assert response["API-Version"] == "1" and response.has_header("ETag") and response.has_header("Last-Modified")


@pytest.mark.parametrize(
    ("role", "periods"),
    [
        ("anonymous", {"2024-H2"}),
        ("viewer", {"2024-H2"}),
        ("coordinator", {"2024-H2", "2025-H1"}),
        ("finance_officer", {"2024-H2", "2025-H1"}),
    ],
)
def test_figures_follow_publication_for_a_signed_in_token_too(world, role, periods):
    client = as_role(world, role)
    records = client.get("/api/v1/funding/records/").json()["results"]
    assert {r["period"] for r in records} == periods
    draft = FundingRecord.objects.get(period__label="2025-H1")
    expected = 200 if "2025-H1" in periods else 404
    assert client.get(f"/api/v1/funding/records/{draft.pk}/").status_code == expected
    assert client.get("/api/v1/funding/summary/?period=2025-H1").status_code == expected


def test_a_record_names_its_instrument_in_every_language_or_in_one(world):
    client = APIClient()
    pk = FundingRecord.objects.get(instrument=find_instrument("resolution 2/7"), period__label="2024-H2").pk
    record = client.get(f"/api/v1/funding/records/{pk}/").json()
    assert set(record) >= {
        "id",
        "url",
        "instrument",
        "instrument_id",
        "instrument_title",
        "period",
        "period_state",
        "requirements_usd",
        "mobilized_usd",
        "gap_usd",
        "gap_percent",
        "note",
        "modified",
    }
    assert record["instrument_title"]["en"] == "Adequate housing for all"
    chinese = client.get(f"/api/v1/funding/records/{pk}/?lang=zh-hans")
    assert chinese["Content-Language"] == "zh-hans"
    assert chinese.json()["instrument_title"] == "人人享有适当住房"
    assert client.get(f"/api/v1/funding/records/{pk}/?lang=en").json()["instrument_title"] == "Adequate housing for all"
    assert client.get("/api/v1/funding/records/?lang=xx").status_code == 400


def test_the_windows_books_in_full(world, books):
    client = APIClient()
    contributions = client.get("/api/v1/funding/window/contributions/").json()["results"]
    assert [
        (c["donor"], c["received_on"], c["amount"], c["currency"], c["amount_usd"], c["kind"]) for c in contributions
    ] == [
        ("Government of Norway", "2024-01-15", "1000000.00", "USD", "1000000.00", "new"),
        ("Sida (Sweden)", "2024-03-01", "2750000.00", "SEK", "250000.00", "new"),
        ("Government of Norway", "2024-06-30", "300000.50", "USD", "300000.50", "transfer"),
    ]
    allocations = client.get("/api/v1/funding/window/allocations/?lang=zh-hans").json()["results"]
    assert [(a["instrument"], a["instrument_title"], a["amount_usd"]) for a in allocations] == [
        ("resolution 2/6", allocations[0]["instrument_title"], "400000.00"),
        ("resolution 2/7", "人人享有适当住房", "150000.25"),
    ]
    ledger = client.get("/api/v1/funding/window/ledger/").json()
    assert ledger["balance_usd"] == "1000000.25"  # 1,550,000.50 received, 550,000.25 allocated


# --- filters, ordering, pages --------------------------------------------------------------------


def _donors(response):
    assert response.status_code == 200, response.json()
    return [(c["donor"], c["received_on"]) for c in response.json()["results"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("donor=norway", [("Government of Norway", "2024-01-15"), ("Government of Norway", "2024-06-30")]),
        ("kind=transfer", [("Government of Norway", "2024-06-30")]),
        ("received_on_after=2024-02-01", [("Sida (Sweden)", "2024-03-01"), ("Government of Norway", "2024-06-30")]),
        (
            "received_on_after=2024-01-15&received_on_before=2024-03-01",
            [("Government of Norway", "2024-01-15"), ("Sida (Sweden)", "2024-03-01")],
        ),
        ("donor=NORWAY&kind=new", [("Government of Norway", "2024-01-15")]),
        (
            "ordering=-received_on",
            [
                ("Government of Norway", "2024-06-30"),
                ("Sida (Sweden)", "2024-03-01"),
                ("Government of Norway", "2024-01-15"),
            ],
        ),
        (
            "ordering=amount_usd",
            [
                ("Sida (Sweden)", "2024-03-01"),
                ("Government of Norway", "2024-06-30"),
                ("Government of Norway", "2024-01-15"),
            ],
        ),
    ],
)
def test_contributions_filtered_and_ordered(world, books, query, expected):
    assert _donors(APIClient().get(f"/api/v1/funding/window/contributions/?{query}")) == expected


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("instrument=resolution 2/7", ["resolution 2/7"]),
        ("instrument=resolution-2-6", ["resolution 2/6"]),
        ("allocated_on_before=2024-06-30", ["resolution 2/6"]),
        ("allocated_on_after=2024-02-01&allocated_on_before=2024-07-01", ["resolution 2/6", "resolution 2/7"]),
        ("ordering=-amount_usd", ["resolution 2/6", "resolution 2/7"]),
        ("ordering=-allocated_on", ["resolution 2/7", "resolution 2/6"]),
    ],
)
def test_allocations_filtered_and_ordered(world, books, query, expected):
    response = APIClient().get(f"/api/v1/funding/window/allocations/?{query}")
    assert response.status_code == 200, response.json()
    assert [a["instrument"] for a in response.json()["results"]] == expected


@pytest.mark.parametrize(
    ("url", "field", "words"),
    [
        ("contributions/?kind=gift", "kind", "gift"),
        ("contributions/?received_on_after=yesterday", "received_on", "date"),
        ("allocations/?instrument=treaty 1/1", "instrument", "treaty 1/1"),
        ("allocations/?allocated_on_before=2024-13-01", "allocated_on", "date"),
    ],
)
def test_a_bad_filter_of_the_books_is_a_400_naming_it(world, books, url, field, words):
    response = APIClient().get(f"/api/v1/funding/window/{url}")
    assert response.status_code == 400
    body = response.json()
    assert any(key.startswith(field) for key in body), body
    assert words.lower() in body["detail"].lower()


def test_an_ordering_the_books_do_not_offer_is_refused_like_every_list(world, books):
    # As every list (restrack.core.api.filtering): a 400 naming the orderings, never silently ignored.
    response = APIClient().get("/api/v1/funding/window/contributions/?ordering=note")
    assert response.status_code == 400 and "received_on" in response.json()["detail"]


def test_the_books_are_paged(world, books):
    client = APIClient()
    first = client.get("/api/v1/funding/window/contributions/?limit=2").json()
    assert first["count"] == 3 and len(first["results"]) == 2 and first["next"]
    second = client.get(first["next"]).json()
    assert len(second["results"]) == 1 and second["next"] is None
    ids = [c["id"] for c in first["results"] + second["results"]]
    assert len(set(ids)) == 3
    allocations = client.get("/api/v1/funding/window/allocations/?limit=1&offset=1").json()
    assert allocations["count"] == 2 and [a["instrument"] for a in allocations["results"]] == ["resolution 2/7"]


# --- Last-Modified, ETag, 304 --------------------------------------------------------------------


def _stamp(*querysets):
    return http_date(max(qs.aggregate(latest=Max("modified"))["latest"] for qs in querysets).timestamp())


def _latest_event():
    return http_date(Event.objects.aggregate(latest=Max("created"))["latest"].timestamp())


def test_last_modified_is_the_latest_change_of_what_is_shown(world, books):
    """An item answers its own last change; a list the latest event of the event log (every write
    records one, so the stamp moves whenever a listed row does, and is never before the rows'
    own latest change); the summary and the ledger their own rows."""
    client = APIClient()
    published = FundingRecord.objects.filter(period__label="2024-H2")
    records = client.get("/api/v1/funding/records/")
    assert records["Last-Modified"] == _latest_event()
    assert parse_http_date(records["Last-Modified"]) >= parse_http_date(_stamp(published))
    one = published.get(instrument=find_instrument("resolution 2/6"))
    assert client.get(f"/api/v1/funding/records/{one.pk}/")["Last-Modified"] == http_date(one.modified.timestamp())
    summary = client.get("/api/v1/funding/summary/?period=2024-H2")
    assert summary["Last-Modified"] == _stamp(published, ReportingPeriod.objects.filter(label="2024-H2"))
    assert client.get("/api/v1/funding/window/contributions/")["Last-Modified"] == _latest_event()
    assert client.get("/api/v1/funding/window/allocations/?instrument=resolution 2/6")["Last-Modified"] == (
        _latest_event()
    )
    assert client.get("/api/v1/funding/window/ledger/")["Last-Modified"] == _stamp(
        WindowContribution.objects.all(), WindowAllocation.objects.all()
    )


@pytest.mark.parametrize("url", ENDPOINTS)
def test_asking_again_with_the_etag_gives_304_until_something_changes(world, books, url):
    client = client_as(world["finance_officer"])
    first = client.get(url)
    again = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    client.post(
        "/api/v1/funding/records/",
        {"instrument": "resolution 2/8", "period": "2024-H2", "requirements_usd": "444.44", "reason": "Corrected"},
        format="json",
    )
    client.post(
        "/api/v1/funding/window/contributions/",
        {"donor": "Sida", "received_on": "2024-08-01", "amount": "10.00"},
        format="json",
    )
    client.post(
        "/api/v1/funding/window/allocations/",
        {"instrument": "resolution 2/8", "allocated_on": "2024-08-02", "amount_usd": "5.00"},
        format="json",
    )
    changed = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200 and changed["ETag"] != first["ETag"]
