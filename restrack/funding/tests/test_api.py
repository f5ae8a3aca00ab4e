"""Funding through the REST API: figures follow publication (a draft period's figures never reach
the public: not in the list, not at their address, not in the totals), totals that equal the
records' sums to the cent, filters, and writes only by the roles that keep funding, refused with a
400 naming the field, the period's reason or the window's balance."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.management import call_command
from rest_framework.test import APIClient

from restrack.accounts.actions import set_user_role
from restrack.accounts.system_user import get_system_user
from restrack.core.guard import writes_allowed
from restrack.funding.actions import allocate_from_window, record_contribution, record_funding
from restrack.funding.models import FundingRecord, WindowAllocation, WindowContribution
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "focal_point", "reviewer", "coordinator", "finance_officer", "administrator"]
AMOUNTS = [
    "requirements_usd",
    "mobilized_core_usd",
    "mobilized_earmarked_usd",
    "mobilized_window_usd",
    "mobilized_other_usd",
    "mobilized_usd",
]


@pytest.fixture
def people(db):
    """Someone in each role, named after it (without a password: hashing one takes a while)."""
    system = get_system_user()
    return {role: set_user_role(role, role, acting_user=system) for role in ROLES if role != "anonymous"}


@pytest.fixture
def world(people):
    """Made-up figures: four instruments in the published 2024-H2 (under-funded, over-funded,
    funded exactly, nothing mobilized reported) and one in 2025-H1, open and not public."""
    officer = people["finance_officer"]
    published = ReportingPeriodFactory(label="2024-H2", state=PeriodState.PUBLISHED)
    draft = ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)

    def record(reference, period, **amounts):
        return record_funding(
            find_instrument(reference), period, acting_user=officer, reason="Made-up figures", **amounts
        )

    record(
        "resolution 2/6",
        published,
        requirements_usd="1858000.55",
        mobilized_core_usd="100000.10",
        mobilized_earmarked_usd="758000.20",
        note="Made-up test figures",
    )
    record("resolution 2/7", published, requirements_usd="500000.00", mobilized_other_usd="600000.00")
    record(
        "resolution 2/8",
        published,
        requirements_usd="333.33",
        mobilized_core_usd="111.11",
        mobilized_earmarked_usd="111.11",
        mobilized_window_usd="111.11",
    )
    record("decision 1/3", published, requirements_usd="1000.01")
    record("resolution 2/7", draft, requirements_usd="999999999.00")
    return {**people, "published": published, "draft": draft}


def client_for(world, role):
    client = APIClient()
    if role != "anonymous":
        client.force_authenticate(world[role])
    return client


def listed(client, query=""):
    response = client.get(f"/api/v1/funding/records/?{query}")
    assert response.status_code == 200, response.json()
    return response.json()["results"]


def record_of(reference, label) -> FundingRecord:
    return FundingRecord.objects.get(instrument=find_instrument(reference), period__label=label)


# --- figures follow publication ------------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "viewer"])
def test_the_public_sees_published_figures_only(world, role):
    client = client_for(world, role)
    records = listed(client)
    assert {(r["instrument"], r["period"]) for r in records} == {
        ("resolution 2/6", "2024-H2"),
        ("resolution 2/7", "2024-H2"),
        ("resolution 2/8", "2024-H2"),
        ("decision 1/3", "2024-H2"),
    }
    assert all(r["period_state"] == "published" for r in records)
    assert listed(client, "period=2025-H1") == []
    draft = record_of("resolution 2/7", "2025-H1")
    assert client.get(f"/api/v1/funding/records/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/funding/summary/?period=2025-H1").status_code == 404
    summary = client.get("/api/v1/funding/summary/").json()
    assert summary["period"] == "2024-H2" and summary["requirements"] == "2359333.89"


@pytest.mark.parametrize("role", ["focal_point", "reviewer", "coordinator", "finance_officer", "administrator"])
def test_the_secretariat_sees_the_figures_being_prepared(world, role):
    client = client_for(world, role)
    (draft,) = listed(client, "period=2025-H1")
    assert (draft["instrument"], draft["period_state"], draft["requirements_usd"]) == (
        "resolution 2/7",
        "open",
        "999999999.00",
    )
    assert client.get(f"/api/v1/funding/records/{draft['id']}/").status_code == 200
    summary = client.get("/api/v1/funding/summary/?period=2025-h1").json()
    assert (summary["period"], summary["requirements"], summary["records"]) == ("2025-H1", "999999999.00", 1)
    # without ?period= the totals are the public ones, even for the secretariat
    assert client.get("/api/v1/funding/summary/").json()["period"] == "2024-H2"


def test_a_record_shows_exact_figures_and_a_surplus_as_a_surplus(world):
    client = client_for(world, "anonymous")
    under = client.get(f"/api/v1/funding/records/{record_of('resolution 2/6', '2024-H2').pk}/").json()
    assert {name: under[name] for name in [*AMOUNTS, "gap_usd", "shortfall_usd", "surplus_usd", "gap_percent"]} == {
        "requirements_usd": "1858000.55",
        "mobilized_core_usd": "100000.10",
        "mobilized_earmarked_usd": "758000.20",
        "mobilized_window_usd": None,
        "mobilized_other_usd": None,
        "mobilized_usd": "858000.30",
        "gap_usd": "1000000.25",
        "shortfall_usd": "1000000.25",
        "surplus_usd": "0.00",
        "gap_percent": 54,
    }
    assert under["note"] == "Made-up test figures" and under["instrument_id"] == find_instrument("resolution 2/6").pk
    assert under["url"].endswith(f"/api/v1/funding/records/{under['id']}/") and under["modified"]
    over = client.get(f"/api/v1/funding/records/{record_of('resolution 2/7', '2024-H2').pk}/").json()
    assert (over["gap_usd"], over["shortfall_usd"], over["surplus_usd"], over["gap_percent"]) == (
        "-100000.00",
        "0.00",
        "100000.00",
        -20,
    )
    unknown = client.get(f"/api/v1/funding/records/{record_of('decision 1/3', '2024-H2').pk}/").json()
    assert (unknown["mobilized_usd"], unknown["gap_usd"], unknown["shortfall_usd"], unknown["gap_percent"]) == (
        None,
        None,
        None,
        None,
    )


@pytest.mark.parametrize(
    ("role", "label"), [("anonymous", "2024-H2"), ("finance_officer", "2024-H2"), ("finance_officer", "2025-H1")]
)
def test_the_totals_equal_the_records_sums_to_the_cent(world, role, label):
    client = client_for(world, role)
    records = listed(client, f"period={label}")
    summary = client.get(f"/api/v1/funding/summary/?period={label}").json()

    def column(name):
        known = [Decimal(r[name]) for r in records if r[name] is not None]
        return f"{sum(known):.2f}" if known else None

    assert summary["requirements"] == column("requirements_usd")
    assert summary["mobilized"] == column("mobilized_usd")
    assert summary["mobilized_by_source"] == {
        source: column(f"mobilized_{source}_usd") for source in ("core", "earmarked", "window", "other")
    }
    assert summary["gap"] == column("gap_usd")
    assert summary["shortfall"] == column("shortfall_usd")
    assert summary["surplus"] == column("surplus_usd")
    assert summary["records"] == len(records)
    assert summary["under_funded"] == len(listed(client, f"period={label}&under_funded=true"))
    assert summary["over_funded"] == sum(1 for r in records if r["gap_usd"] and Decimal(r["gap_usd"]) < 0)


def test_the_summary_in_full(world):
    summary = client_for(world, "anonymous").get("/api/v1/funding/summary/?period=2024-H2").json()
    assert summary == {
        "period": "2024-H2",
        "period_state": "published",
        "records": 4,
        "requirements": "2359333.89",
        "mobilized": "1458333.63",
        "mobilized_by_source": {
            "core": "100111.21",
            "earmarked": "758111.31",
            "window": "111.11",
            "other": "600000.00",
        },
        "source_shares": {"core": 7, "earmarked": 52, "window": 0, "other": 41},
        # decision 1/3 reported no resources mobilized: its requirements do not count in the gap
        "gap": "900000.25",
        "shortfall": "1000000.25",
        "surplus": "100000.00",
        "gap_percent": 38,
        "instruments": 4,
        "under_funded": 1,
        "over_funded": 1,
    }


def test_the_summary_refuses_a_malformed_period_and_says_when_there_are_no_figures(world, people):
    client = client_for(world, "anonymous")
    response = client.get("/api/v1/funding/summary/?period=2024-H3")
    assert response.status_code == 400 and "period" in response.json()
    assert "2024-H3" in response.json()["detail"]
    response = client.get("/api/v1/funding/summary/?period=2030-H1")
    assert response.status_code == 404 and "2030-H1" in response.json()["detail"]
    with writes_allowed():
        FundingRecord.objects.all().delete()
    response = client.get("/api/v1/funding/summary/")
    assert response.status_code == 404 and "No published period has funding figures" in response.json()["detail"]


# --- filters and ordering ------------------------------------------------------------------------


def _instruments(records):
    return [r["instrument"] for r in records]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("instrument=resolution 2/6", ["resolution 2/6"]),
        ("instrument=Resolution-2-6", ["resolution 2/6"]),
        ("period=2024-h2&session=1", ["decision 1/3"]),
        ("under_funded=true", ["resolution 2/6"]),
        (
            "under_funded=false&period=2024-H2&ordering=requirements",
            ["resolution 2/8", "decision 1/3", "resolution 2/7"],
        ),
        ("ordering=-gap", ["resolution 2/6", "resolution 2/8", "resolution 2/7", "decision 1/3"]),
        ("ordering=gap", ["resolution 2/7", "resolution 2/8", "resolution 2/6", "decision 1/3"]),
        ("ordering=-gap_percent", ["resolution 2/6", "resolution 2/8", "resolution 2/7", "decision 1/3"]),
        ("ordering=-requirements", ["resolution 2/6", "resolution 2/7", "decision 1/3", "resolution 2/8"]),
    ],
)
def test_filters_and_ordering(world, query, expected):
    records = listed(client_for(world, "anonymous"), query)
    if "ordering" in query:
        assert _instruments(records) == expected
    else:
        assert sorted(_instruments(records)) == sorted(expected)


def test_an_instrument_can_be_named_by_its_id(world):
    instrument = find_instrument("resolution 2/7")
    records = listed(client_for(world, "finance_officer"), f"instrument={instrument.pk}")
    assert sorted(r["period"] for r in records) == ["2024-H2", "2025-H1"]


@pytest.mark.parametrize(
    ("query", "field", "words"),
    [
        ("period=2024-H3", "period", "2024-H3"),
        ("instrument=treaty 1/1", "instrument", "No instrument 'treaty 1/1'"),
        ("instrument=999999", "instrument", "no instrument with id 999999"),
        ("under_funded=perhaps", "under_funded", ""),
        ("ordering=donor", "ordering", "donor"),
    ],
)
def test_a_bad_filter_is_a_400_naming_it(world, query, field, words):
    response = client_for(world, "anonymous").get(f"/api/v1/funding/records/?{query}")
    assert response.status_code == 400
    assert field in response.json() and words in response.json()["detail"]


def test_lists_are_paginated(world):
    page = client_for(world, "anonymous").get("/api/v1/funding/records/?limit=2").json()
    assert page["count"] == 4 and len(page["results"]) == 2 and page["next"]


# --- recording figures ---------------------------------------------------------------------------

#           anonymous viewer focal_point reviewer coordinator finance_officer administrator
WRITES = "   401      403    403         403      201         201             201"


@pytest.mark.parametrize("role", ROLES)
def test_who_may_record_figures(world, role):
    expected = int(WRITES.split()[ROLES.index(role)])
    response = client_for(world, role).post(
        "/api/v1/funding/records/",
        {
            "instrument": "resolution 2/9",
            "period": "2025-H1",
            "requirements_usd": "2500000.00",
            "mobilized_core_usd": 1000000.5,
        },
        format="json",
    )
    assert response.status_code == expected, response.json()
    written = FundingRecord.objects.filter(instrument=find_instrument("resolution 2/9")).first()
    if expected == 201:
        body = response.json()
        assert (body["instrument"], body["period"], body["requirements_usd"], body["mobilized_core_usd"]) == (
            "resolution 2/9",
            "2025-H1",
            "2500000.00",
            "1000000.50",
        )
        assert body["gap_usd"] == "1499999.50" and response["Location"] == body["url"]
        assert written.history.get().history_user == world[role]
    else:
        assert written is None
        assert response.json()["detail"]
    if expected == 403:
        assert "coordinators and finance officers" in response.json()["detail"]


def test_recording_again_updates_what_is_given_and_keeps_the_rest(world):
    client = client_for(world, "finance_officer")
    response = client.post(
        "/api/v1/funding/records/",
        {
            "instrument": "resolution-2-7",
            "period": "2025-h1",
            "mobilized_earmarked_usd": "1,000.00",
            "note": "Pledged at the Assembly",
        },
        format="json",
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert (body["requirements_usd"], body["mobilized_earmarked_usd"], body["note"]) == (
        "999999999.00",
        "1000.00",
        "Pledged at the Assembly",
    )
    response = client.post(
        "/api/v1/funding/records/",
        {"instrument": "resolution 2/7", "period": "2025-H1", "mobilized_earmarked_usd": None},
        format="json",
    )
    assert response.status_code == 200
    assert response.json()["mobilized_earmarked_usd"] is None and response.json()["note"] == "Pledged at the Assembly"
    assert FundingRecord.objects.filter(period__label="2025-H1").count() == 1


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"requirements_usd": "-5.00"}, "requirements_usd", "negative"),
        ({"mobilized_other_usd": "12.3456"}, "mobilized_other_usd", "more than two decimal places"),
        ({"mobilized_other_usd": "12.345"}, "mobilized_other_usd", "could be 12.345 or 12,345"),
        ({"mobilized_other_usd": "1,5"}, "mobilized_other_usd", "could be 1.5 or 15"),
        ({"mobilized_core_usd": "a lot"}, "mobilized_core_usd", "is not an amount in USD"),
        ({"mobilized_core_usd": True}, "mobilized_core_usd", "amount in USD"),
        ({"instrument": "resolution 9/99"}, "instrument", "No instrument 'resolution 9/99'"),
        ({"period": "2030-H1"}, "period", "no reporting period 2030-H1"),
        ({"period": "2025-H3"}, "period", "2025-H3"),
        ({"instrument": None}, "instrument", "may not be null"),
    ],
)
def test_a_bad_record_is_a_400_naming_the_field_and_nothing_is_written(world, body, field, words):
    before = list(FundingRecord.objects.order_by("pk").values())
    response = client_for(world, "coordinator").post(
        "/api/v1/funding/records/",
        {"instrument": "resolution 2/9", "period": "2025-H1", "requirements_usd": "100.00", **body},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert words in response.json()["detail"]
    assert list(FundingRecord.objects.order_by("pk").values()) == before


def test_a_published_periods_figures_change_only_with_a_reason(world):
    client = client_for(world, "finance_officer")
    body = {"instrument": "resolution 2/6", "period": "2024-H2", "mobilized_window_usd": "50000.00"}
    response = client.post("/api/v1/funding/records/", body, format="json")
    assert response.status_code == 400
    assert "2024-H2 are public; say why they change" in response.json()["reason"][0]
    assert record_of("resolution 2/6", "2024-H2").mobilized_window_usd is None
    response = client.post("/api/v1/funding/records/", {**body, "reason": "Certified figures"}, format="json")
    assert response.status_code == 200 and response.json()["mobilized_window_usd"] == "50000.00"
    assert record_of("resolution 2/6", "2024-H2").history.first().history_change_reason == "Certified figures"


def test_records_are_not_changed_or_removed_by_address(world):
    client = client_for(world, "coordinator")
    url = f"/api/v1/funding/records/{record_of('resolution 2/6', '2024-H2').pk}/"
    assert client.put(url, {}, format="json").status_code == 405
    assert client.delete(url).status_code == 405


# --- the Urban Action Funding Window --------------------------------------------------------------


@pytest.fixture
def books(people):
    officer = people["finance_officer"]
    contribution = record_contribution(
        acting_user=officer,
        donor="Government of Norway",
        received_on=date(2024, 1, 15),
        amount="1000000.00",
        currency="USD",
    )
    allocation = allocate_from_window(
        acting_user=officer,
        instrument=find_instrument("resolution 2/6"),
        allocated_on=date(2024, 2, 1),
        amount_usd="400000.00",
        purpose="Pilot cities",
    )
    return contribution, allocation


def test_the_windows_books_are_public(books):
    contribution, allocation = books
    client = APIClient()
    (item,) = client.get("/api/v1/funding/window/contributions/").json()["results"]
    assert (item["donor"], item["amount"], item["currency"], item["amount_usd"], item["kind"]) == (
        "Government of Norway",
        "1000000.00",
        "USD",
        "1000000.00",
        "new",
    )
    assert client.get(f"/api/v1/funding/window/contributions/{contribution.pk}/").json()["id"] == contribution.pk
    (item,) = client.get("/api/v1/funding/window/allocations/").json()["results"]
    assert (item["instrument"], item["allocated_on"], item["amount_usd"], item["purpose"]) == (
        "resolution 2/6",
        "2024-02-01",
        "400000.00",
        "Pilot cities",
    )
    ledger = client.get("/api/v1/funding/window/ledger/").json()
    assert ledger["balance_usd"] == "600000.00" and ledger["allocatable_usd"] == "600000.00"
    assert ledger["lines"] == [
        {
            "day": "2024-01-15",
            "movement": "contribution",
            "amount_usd": "1000000.00",
            "balance_usd": "1000000.00",
            "description": "Government of Norway (new contribution)",
            "contribution": contribution.pk,
            "allocation": None,
        },
        {
            "day": "2024-02-01",
            "movement": "allocation",
            "amount_usd": "-400000.00",
            "balance_usd": "600000.00",
            "description": "resolution 2/6: Pilot cities",
            "contribution": None,
            "allocation": allocation.pk,
        },
    ]


@pytest.mark.parametrize("role", ROLES)
def test_who_may_add_to_the_windows_books(people, books, role):
    expected = int(WRITES.split()[ROLES.index(role)])
    client = client_for(people, role)
    contributed = client.post(
        "/api/v1/funding/window/contributions/",
        {
            "donor": "Sida",
            "received_on": "2024-03-01",
            "amount": "2750000.00",
            "currency": "sek",
            "amount_usd": "250000.00",
        },
        format="json",
    )
    allocated = client.post(
        "/api/v1/funding/window/allocations/",
        {"instrument": "resolution 2/7", "allocated_on": "2024-03-02", "amount_usd": "100000.00"},
        format="json",
    )
    assert (contributed.status_code, allocated.status_code) == (expected, expected), contributed.json()
    if expected == 201:
        assert contributed.json()["currency"] == "SEK" and contributed.json()["amount_usd"] == "250000.00"
        assert allocated.json()["instrument"] == "resolution 2/7"
        assert contributed["Location"] == contributed.json()["url"]
    else:
        assert WindowContribution.objects.count() == 1 and WindowAllocation.objects.count() == 1


def test_an_allocation_beyond_the_balance_is_refused_and_nothing_is_written(people, books):
    response = client_for(people, "finance_officer").post(
        "/api/v1/funding/window/allocations/",
        {"instrument": "resolution 2/7", "allocated_on": "2024-02-15", "amount_usd": "600000.01"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["detail"] == (
        "The allocation of USD 600,000.01 to resolution 2/7 on 2024-02-15 exceeds what the window can spare on "
        "that date: USD 600,000.00, after the allocations already made. Record the contribution that funds it "
        "first, or allocate at most USD 600,000.00."
    )
    assert WindowAllocation.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field", "words"),
    [
        ({"amount": "-1"}, "amount", "negative"),
        ({"currency": "EUR"}, "amount_usd", ""),
        ({"kind": "transfer"}, "agreement_reference", "donor agreement"),
        ({"kind": "gift"}, "kind", "gift"),
        ({"received_on": "yesterday"}, "received_on", "Date has wrong format"),
    ],
)
def test_a_bad_contribution_is_a_400_naming_the_field(people, body, field, words):
    response = client_for(people, "coordinator").post(
        "/api/v1/funding/window/contributions/",
        {"donor": "Sida", "received_on": "2024-03-01", "amount": "1000.00", **body},
        format="json",
    )
    assert response.status_code == 400
    assert field in response.json(), response.json()
    assert words in response.json()["detail"]
    assert not WindowContribution.objects.exists()


# --- the schema and the browsable API -------------------------------------------------------------


@pytest.mark.parametrize("role", ["anonymous", "finance_officer"])
def test_the_browsable_api_shows_every_funding_endpoint(world, books, role):
    client = client_for(world, role)
    for url in (
        "/api/v1/funding/records/",
        "/api/v1/funding/summary/",
        "/api/v1/funding/window/contributions/",
        "/api/v1/funding/window/allocations/",
        "/api/v1/funding/window/ledger/",
    ):
        assert client.get(url, HTTP_ACCEPT="text/html").status_code == 200, url


def test_the_schema_describes_the_funding_endpoints_and_validates(tmp_path):
    schema = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(schema))
    text = schema.read_text()
    for path in (
        "/api/v1/funding/records/",
        "/api/v1/funding/summary/",
        "/api/v1/funding/window/contributions/",
        "/api/v1/funding/window/allocations/",
        "/api/v1/funding/window/ledger/",
    ):
        assert f"  {path}:" in text
