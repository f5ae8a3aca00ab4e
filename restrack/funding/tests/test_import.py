"""Importing funding figures from CSV and XLSX files through `import_funding_file`: every row
recorded or none, every problem named by its spreadsheet row and column, exact cents from
spreadsheet floats, formulas' saved results, and a sample file that imports cleanly."""

import datetime
import io
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter
from django.conf import settings
from django.core.exceptions import PermissionDenied

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.actions import record_funding
from restrack.funding.importing import FundingImportError, import_funding_file
from restrack.funding.models import FundingRecord
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "instrument",
    "period",
    "requirements_usd",
    "mobilized_core_usd",
    "mobilized_earmarked_usd",
    "mobilized_window_usd",
    "mobilized_other_usd",
    "note",
]
SAMPLE = Path(settings.BASE_DIR) / "samples" / "funding" / "funding-sample.csv"


def csv_bytes(*rows, header=HEADER, delimiter=",", encoding="utf-8") -> bytes:
    lines = [delimiter.join(header), *(delimiter.join(str(value) for value in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode(encoding)


def xlsx_bytes(rows, *, sheet="Sheet1", formulas=(), first_sheet=None) -> bytes:
    """A workbook written by XlsxWriter; `rows` maps a 0-based row index to its values, and
    `formulas` lists (row, column, formula, saved result) as Excel would store them."""
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    if first_sheet:
        workbook.add_worksheet(first_sheet).write_row(0, 0, ["something", "else"])
    worksheet = workbook.add_worksheet(sheet)
    for index, values in rows.items():
        for column, value in enumerate(values):
            if value is not None:
                worksheet.write(index, column, value)
    for row, column, formula, value in formulas:
        worksheet.write_formula(row, column, formula, None, value)
    workbook.close()
    return output.getvalue()


def problems_of(data, user, name="figures.csv", **options):
    with pytest.raises(FundingImportError) as caught:
        import_funding_file(data, name, acting_user=user, **options)
    return [(problem.row, problem.column, problem.message) for problem in caught.value.problems]


def record(reference, label="2024-H2"):
    return FundingRecord.objects.get(instrument=find_instrument(reference), period__label=label)


@pytest.fixture
def period():
    return ReportingPeriodFactory(label="2024-H2")


def test_a_valid_csv_is_recorded_with_exact_amounts(finance_officer, period):
    data = csv_bytes(
        ["resolution 2/6", "2024-H2", '"1,858,000.00"', "100000.10", "1 858", "$12.5", "", "Certified"],
        ["Decision  1/3", "2024-h2", "300000", "", "", "", "", ""],
    )
    result = import_funding_file(data, "/somewhere/figures.csv", acting_user=finance_officer)
    assert result.counts == {"new": 2, "changed": 0, "unchanged": 0}
    assert [row.row for row in result.rows] == [2, 3]
    figures = record("resolution 2/6")
    assert (
        figures.requirements_usd,
        figures.mobilized_core_usd,
        figures.mobilized_earmarked_usd,
        figures.mobilized_window_usd,
        figures.mobilized_other_usd,
        figures.note,
    ) == (Decimal("1858000.00"), Decimal("100000.10"), Decimal("1858.00"), Decimal("12.50"), None, "Certified")
    assert record("decision 1/3").mobilized_core_usd is None  # empty: not reported, never 0
    assert figures.history.get().history_user == finance_officer
    assert result.summary() == ("figures.csv: 2 rows for 2024-H2: 2 new, 0 changed, 0 unchanged. Written.")


def test_a_valid_xlsx_gives_exact_cents_from_floats(finance_officer, period):
    data = xlsx_bytes(
        {0: HEADER, 1: ["resolution 2/7", "2024-H2", 2100000, 0.1 + 0.2, 640000.07, 120000, None, "From XLSX"]}
    )
    result = import_funding_file(data, "figures.xlsx", acting_user=finance_officer)
    assert result.counts["new"] == 1
    figures = record("resolution 2/7")
    assert (
        figures.requirements_usd,
        figures.mobilized_core_usd,
        figures.mobilized_earmarked_usd,
        figures.mobilized_window_usd,
        figures.mobilized_other_usd,
    ) == (Decimal("2100000.00"), Decimal("0.30"), Decimal("640000.07"), Decimal("120000.00"), None)


def test_one_bad_row_writes_nothing_and_names_row_and_column(finance_officer, period):
    record_funding(find_instrument("resolution 2/1"), period, requirements_usd="5", acting_user=finance_officer)
    data = csv_bytes(
        ["resolution 2/1", "2024-H2", "100", "", "", "", "", ""],
        ["resolution 2/2", "2024-H2", "200", "-5", "", "", "", ""],
        ["resolution 2/3", "2024-H2", "300", "", "", "", "", ""],
    )
    assert problems_of(data, finance_officer) == [
        (3, "mobilized_core_usd (column D)", "-5 is negative; amounts are zero or more.")
    ]
    assert FundingRecord.objects.count() == 1
    assert record("resolution 2/1").requirements_usd == Decimal("5.00")


def test_importing_the_same_file_again_changes_nothing(finance_officer, period):
    data = csv_bytes(
        ["resolution 2/6", "2024-H2", "1858000", "100000", "", "", "", "Budget"],
        ["resolution 2/7", "2024-H2", "500000", "", "", "", "600000", ""],
    )
    import_funding_file(data, "figures.csv", acting_user=finance_officer)
    history = FundingRecord.history.count()
    again = import_funding_file(data, "figures.csv", acting_user=finance_officer)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 2}
    assert FundingRecord.history.count() == history


def test_a_row_replaces_all_figures_and_an_empty_note_clears_the_note(finance_officer, period):
    record_funding(
        find_instrument("resolution 2/6"),
        period,
        requirements_usd="100",
        mobilized_earmarked_usd="40",
        note="Old note",
        acting_user=finance_officer,
    )
    result = import_funding_file(
        csv_bytes(["resolution 2/6", "2024-H2", "120", "10", "", "", "", ""]), "f.csv", acting_user=finance_officer
    )
    (row,) = result.rows
    assert row.kind == "changed"
    assert {field.name: (field.before, field.after) for field in row.fields} == {
        "requirements_usd": (Decimal("100.00"), Decimal("120.00")),
        "mobilized_core_usd": (None, Decimal("10.00")),
        "mobilized_earmarked_usd": (Decimal("40.00"), None),
        "note": ("Old note", ""),
    }
    figures = record("resolution 2/6")
    assert (figures.mobilized_earmarked_usd, figures.note) == (None, "")


def test_a_spreadsheet_with_formulas_and_empty_rows(finance_officer, period):
    """Excel saves each formula's result next to it; the result is what is imported, and empty
    rows anywhere (before the header too) are skipped while row numbers stay the spreadsheet's."""
    data = xlsx_bytes(
        {
            2: HEADER,
            3: ["resolution 2/6", "2024-H2", None, 100000.1, 758000.2, 150000, 0, "Requirements by formula"],
            5: ["resolution 2/3", "2024-H2", 450000, 40000, None, 80000, 120000, ""],
            6: [None, None, None, None, None, None, None, None],
            8: ["resolution 2/1", "2024-H2", 1600000, None, None, None, None, None],
        },
        formulas=[
            (3, 2, "=1000000+858000.55", 1858000.55),
            (5, 4, "=C6-D6-F6-G6", 210000),
            (8, 3, "=ROUND(C9*0.075,2)", 120000),
        ],
    )
    result = import_funding_file(data, "figures.xlsx", acting_user=finance_officer)
    assert [(row.row, row.instrument.reference) for row in result.rows] == [
        (4, "resolution 2/6"),
        (6, "resolution 2/3"),
        (9, "resolution 2/1"),
    ]
    assert record("resolution 2/6").requirements_usd == Decimal("1858000.55")
    assert record("resolution 2/3").mobilized_earmarked_usd == Decimal("210000.00")
    assert record("resolution 2/1").mobilized_core_usd == Decimal("120000.00")


def test_a_formula_without_a_saved_result_is_named_with_a_remedy(finance_officer, period):
    workbook = openpyxl.Workbook()  # openpyxl writes formulas without computing them
    sheet = workbook.active
    sheet.append(HEADER)
    sheet.append(["resolution 2/6", "2024-H2", 1000, "=C2/2", None, None, None, None])
    output = io.BytesIO()
    workbook.save(output)
    ((row, column, message),) = problems_of(output.getvalue(), finance_officer, "figures.xlsx")
    assert (row, column) == (2, "mobilized_core_usd (column D)")
    assert "formula but no saved result" in message and "Excel or LibreOffice" in message
    assert not FundingRecord.objects.exists()


def test_a_formula_giving_an_error_is_named(finance_officer, period):
    data = xlsx_bytes({0: HEADER, 1: ["resolution 2/6", "2024-H2", 10]}, formulas=[(1, 3, "=C2/0", "#DIV/0!")])
    assert problems_of(data, finance_officer, "f.xlsx") == [
        (2, "mobilized_core_usd (column D)", "The formula gives the error #DIV/0!; correct it in the spreadsheet.")
    ]


def test_duplicates_of_instrument_and_period_are_refused(finance_officer, period):
    data = csv_bytes(
        ["resolution 2/6", "2024-H2", "1", "", "", "", "", ""],
        ["resolution 2/7", "2024-H2", "1", "", "", "", "", ""],
        ["RESOLUTION 2 / 6", "2024-H2", "2", "", "", "", "", ""],
    )
    assert problems_of(data, finance_officer) == [
        (4, "instrument (column A)", "resolution 2/6 appears twice for 2024-H2 (first at row 2); keep one row.")
    ]
    assert not FundingRecord.objects.exists()


def test_unknown_instruments_and_periods_are_named(finance_officer, period):
    data = csv_bytes(
        ["resolution 2/11", "2024-H2", "1", "", "", "", "", ""],
        ["res 2/6", "2025-H1", "1", "", "", "", "", ""],
        ["", "2024-H5", "1", "", "", "", "", ""],
    )
    problems = problems_of(data, finance_officer)
    assert [(row, column) for row, column, _message in problems] == [
        (2, "instrument (column A)"),
        (3, "instrument (column A)"),
        (3, "period (column B)"),
        (4, "instrument (column A)"),
        (4, "period (column B)"),
    ]
    messages = [message for *_where, message in problems]
    assert "There is no resolution 2/11" in messages[0]
    assert "write it as 'resolution 2/1' or 'decision 1/3'" in messages[1]
    assert "There is no reporting period 2025-H1" in messages[2] and "period board first" in messages[2]
    assert "The instrument is missing" in messages[3]
    assert "'2024-H5' is not a reporting period" in messages[4]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("abc", "'abc' is not an amount in USD."),
        ("12.3456", "12.3456 has more than two decimal places"),
        ("12.345", "'12.345' could be 12.345 or 12,345: a point separates thousands in some languages"),
        ("-1", "-1 is negative"),
        ("1858000,50", "'1858000,50' could be 1,858,000.5 or 185,800,050: a comma separates thousands"),
    ],
)
def test_bad_amounts_in_csv(finance_officer, period, value, message):
    ((row, column, found),) = problems_of(
        csv_bytes(["resolution 2/6", "2024-H2", "1", "", f'"{value}"', "", "", ""]), finance_officer
    )
    assert (row, column) == (2, "mobilized_earmarked_usd (column E)")
    assert found.startswith(message)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (datetime.date(2024, 7, 1), "is a date or time, not an amount"),
        (True, "TRUE is a true/false value, not an amount."),
        (0.001, "0.001 has more than two decimal places"),
        (-2.5, "-2.50 is negative"),
        (1e27, "1e+27 is too large"),
    ],
)
def test_bad_amounts_in_xlsx(finance_officer, period, value, message):
    output = io.BytesIO()
    workbook = xlsxwriter.Workbook(output, {"in_memory": True})
    sheet = workbook.add_worksheet()
    sheet.write_row(0, 0, HEADER)
    sheet.write_row(1, 0, ["resolution 2/6", "2024-H2", 5])
    if isinstance(value, datetime.date):
        sheet.write_datetime(1, 6, value, workbook.add_format({"num_format": "yyyy-mm-dd"}))
    else:
        sheet.write(1, 6, value)
    workbook.close()
    ((row, column, found),) = problems_of(output.getvalue(), finance_officer, "f.xlsx")
    assert (row, column) == (2, "mobilized_other_usd (column G)")
    assert message in found


def test_a_misspelt_column_names_the_closest_known_one(finance_officer, period):
    header = [*HEADER[:2], "requirments_usd", *HEADER[3:]]
    problems = problems_of(
        csv_bytes(["resolution 2/6", "2024-H2", "1", "", "", "", "", ""], header=header), finance_officer
    )
    assert problems == [(1, "column C", "'requirments_usd' is not a known column; did you mean requirements_usd?")]


def test_a_missing_column_is_named(finance_officer, period):
    header = [name for name in HEADER if name != "mobilized_other_usd"]
    ((row, _column, message),) = problems_of(
        csv_bytes(["resolution 2/6", "2024-H2", "1", "", "", "", ""], header=header), finance_officer
    )
    assert row == 1 and message.startswith("The header row has no column mobilized_other_usd.")


def test_extra_columns_are_ignored_with_a_notice_and_a_missing_note_column_keeps_notes(finance_officer, period):
    record_funding(
        find_instrument("resolution 2/6"), period, requirements_usd="1", note="Kept", acting_user=finance_officer
    )
    header = ["Instrument", "Period", *HEADER[2:7], "Source", "comment"]
    result = import_funding_file(
        csv_bytes(["resolution 2/6", "2024-H2", "2", "", "", "", "", "x", "y"], header=header),
        "f.csv",
        acting_user=finance_officer,
    )
    assert result.notices == [
        "Columns ignored (not funding figures): Source, comment.",
        "The file has no note column: notes already recorded are kept.",
    ]
    assert (record("resolution 2/6").requirements_usd, record("resolution 2/6").note) == (Decimal("2.00"), "Kept")


def test_semicolons_a_byte_order_mark_blank_lines_and_another_encoding(finance_officer, period):
    text = ";".join(HEADER) + "\r\n\r\nresolution 2/6;2024-H2;1 858 000;;;;;Coût révisé\r\n;;;;;;;\r\n"
    result = import_funding_file(b"\xef\xbb\xbf" + text.encode(), "f.csv", acting_user=finance_officer)
    assert [row.row for row in result.rows] == [3]
    assert record("resolution 2/6").note == "Coût révisé"
    again = text.replace("Coût révisé", "Coût revu")
    import_funding_file(again.encode("cp1252"), "f.csv", acting_user=finance_officer)
    assert record("resolution 2/6").note == "Coût revu"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The file is empty."),
        (b"  \n\n", "The file is empty."),
        (b"%PDF-1.7\n...", "This is a PDF document, not a spreadsheet"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(64), "old Excel workbook (.xls)"),
        (b"\x7fELF\x02\x01\x01\x00\x00\x00" + bytes(64), "This is neither a CSV nor an XLSX file"),
        (b"PK\x03\x04 broken", "damaged XLSX workbook"),
        (",".join(HEADER).encode() + b"\n\n", "The file has a header row but no rows of figures below it."),
        (b"Dear colleagues, here are the figures.\n", "The header row has no column instrument, period"),
    ],
)
def test_files_that_are_not_funding_tables(finance_officer, period, data, message):
    ((row, column, found),) = problems_of(data, finance_officer, "figures.xlsx")
    assert message in found


def test_a_zip_that_is_not_a_workbook(finance_officer, period):
    import zipfile

    output = io.BytesIO()
    with zipfile.ZipFile(output, "w") as archive:
        archive.writestr("figures.csv", ",".join(HEADER))
    ((_row, _column, message),) = problems_of(output.getvalue(), finance_officer, "figures.xlsx")
    assert message == "This is a zip archive, not an XLSX workbook; import a CSV or XLSX file."


def test_the_sheet_named_funding_is_read(finance_officer, period):
    data = xlsx_bytes({0: HEADER, 1: ["resolution 2/6", "2024-H2", 7]}, sheet="Funding", first_sheet="Notes")
    result = import_funding_file(data, "f.xlsx", acting_user=finance_officer)
    assert result.notices == ["The workbook has 2 sheets; sheet 'Funding' was read."]
    assert record("resolution 2/6").requirements_usd == Decimal("7.00")


def test_a_dry_run_shows_the_changes_and_writes_nothing(finance_officer, period):
    result = import_funding_file(
        csv_bytes(["resolution 2/6", "2024-H2", "1", "", "", "", "", ""]),
        "f.csv",
        acting_user=finance_officer,
        dry_run=True,
    )
    assert result.counts["new"] == 1 and result.summary().endswith("Dry run: nothing written.")
    assert not FundingRecord.objects.exists() and not FundingRecord.history.exists()


def test_published_figures_change_with_the_file_name_or_the_given_reason(finance_officer):
    period = ReportingPeriodFactory(label="2024-H2", state=PeriodState.PUBLISHED)
    result = import_funding_file(
        csv_bytes(["resolution 2/6", "2024-H2", "1", "", "", "", "", ""]), "f.csv", acting_user=finance_officer
    )
    assert result.published_periods_changed == [period]
    assert record("resolution 2/6").history.get().history_change_reason == "Imported from f.csv"
    import_funding_file(
        csv_bytes(["resolution 2/6", "2024-H2", "2", "", "", "", "", ""]),
        "f.csv",
        acting_user=finance_officer,
        reason="Certified statements",
    )
    assert record("resolution 2/6").history.first().history_change_reason == "Certified statements"


def test_only_funding_roles_import(period):
    with pytest.raises(PermissionDenied):
        import_funding_file(
            csv_bytes(["resolution 2/6", "2024-H2", "1", "", "", "", "", ""]),
            "f.csv",
            acting_user=UserFactory(role="viewer"),
        )
    assert not FundingRecord.objects.exists()


def test_the_sample_file_is_valid_and_clearly_made_up(finance_officer):
    ReportingPeriodFactory(label="2020-H1")
    ReportingPeriodFactory(label="2024-H2")
    result = import_funding_file(SAMPLE.read_bytes(), SAMPLE.name, acting_user=finance_officer)
    by_period = {
        label: {row.instrument.reference for row in result.rows if row.period.label == label}
        for label in ("2020-H1", "2024-H2")
    }
    assert len(by_period["2024-H2"]) == 16
    assert by_period["2020-H1"] == {
        "resolution 1/1",
        "resolution 1/2",
        "resolution 1/3",
        "resolution 1/4",
        "resolution 1/5",
        "decision 1/3",
    }
    records = FundingRecord.objects.select_related("instrument", "period")
    assert {r.note for r in records} == {"Made-up sample figures for demonstration; not UN-Habitat data."}
    window = {r.instrument.reference: r.mobilized_window_usd for r in records if r.mobilized_window_usd}
    assert window == {
        "resolution 2/6": Decimal("150000.00"),
        "resolution 2/7": Decimal("120000.00"),
        "resolution 2/3": Decimal("80000.00"),
        "resolution 1/4": Decimal("50000.00"),
    }
    assert all(r.mobilized_window_usd is None for r in records if r.period.label == "2020-H1")
    latest = [r.figures for r in records if r.period.label == "2024-H2"]
    assert sum(1 for f in latest if f.has_surplus) == 1
    assert sum(1 for f in latest if f.gap == 0) in (1, 2)
    assert sum(1 for f in latest if f.mobilized is None) == 1
    assert sum(1 for f in latest if f.gap is not None and f.gap > 0) >= 10
    assert "MADE-UP" in (SAMPLE.parent / "README.md").read_text()
