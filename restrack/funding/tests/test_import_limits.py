"""The import limits on funding spreadsheets (restrack.reading.limits): a workbook is read by the
cells it holds, not the range it declares; a zip bomb is refused from its ZIP directory before
anything is inflated; too many rows, columns, parts or nested elements are refused naming the limit
and its setting; a damaged file's message carries no library internals; and the command and the
import page refuse the same file with the same words, writing nothing."""

import io
import tracemalloc
import zipfile
from dataclasses import replace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from openpyxl import Workbook
from openpyxl.styles import Font

from restrack.funding.models import FundingRecord
from restrack.funding.tables import TableError, read_table
from restrack.reading.limits import Limits
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

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
ROWS = [
    ["resolution 2/6", "2024-H2", 1858000, 100000.1, None, None, None, "Certified"],
    ["resolution 2/7", "2024-H2", 500000, None, None, None, 600000, None],
]
INTERNALS = ("CRC", "Error -3", "()", "zlib", "BadZipFile", "Traceback")


def workbook_bytes(rows=ROWS, far_cell=None, far_value=None) -> bytes:
    """A workbook written by openpyxl: the header, `rows`, and optionally one more cell far away
    (styled but empty unless `far_value`), which makes the sheet declare the range up to it."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "funding"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    if far_cell:
        sheet[far_cell].font = Font(bold=True)
        sheet[far_cell].value = far_value
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def with_member(data: bytes, name: str, content: bytes, *, declared: int | None = None) -> bytes:
    """`data` (a ZIP) with one more member; `declared` overrides the size its directory declares."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info, source.read(info.filename))
        target.writestr(name, content)
        if declared is not None:
            target.infolist()[-1].file_size = declared  # written into the central directory on close
    return output.getvalue()


def replaced_member(data: bytes, name: str, content: bytes) -> bytes:
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, content if info.filename == name else source.read(info.filename))
    return output.getvalue()


def refusal(data: bytes, limits: Limits | None = None) -> str:
    with pytest.raises(TableError) as caught:
        read_table(data, limits or Limits())
    message = str(caught.value)
    assert not any(internal in message for internal in INTERNALS), message
    return message


@pytest.fixture
def nothing_inflated(monkeypatch):
    """refusal(), failing if any ZIP member is read (inflated) or openpyxl opens the workbook."""

    def no(*args, **kwargs):
        raise AssertionError("a member was inflated")

    def refused_from_the_directory(data: bytes, limits: Limits | None = None) -> str:
        monkeypatch.setattr(zipfile.ZipFile, "open", no)
        monkeypatch.setattr("openpyxl.load_workbook", no)
        try:
            return refusal(data, limits)
        finally:
            monkeypatch.undo()

    return refused_from_the_directory


# Reading by the cells present ------------------------------------------------------------------


def test_a_workbook_declaring_the_whole_grid_reads_only_its_cells():
    data = workbook_bytes(far_cell="XFD1048576")
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert b'<dimension ref="A1:XFD1048576"' in archive.read("xl/worksheets/sheet1.xml")
    tracemalloc.start()
    try:
        table = read_table(data, Limits())
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 2**20, f"{peak / 2**20:.0f} MB allocated reading a 3-row sheet"
    assert [cell.value for cell in table.header] == HEADER
    assert [[cell.value for cell in row][:3] for row in table.rows] == [
        ["resolution 2/6", "2024-H2", 1858000],
        ["resolution 2/7", "2024-H2", 500000],
    ]
    assert [(cell.row, cell.column) for cell in table.rows[1][:2]] == [(3, "A"), (3, "B")]


def test_a_value_at_the_far_corner_is_refused_by_the_column_limit():
    message = refusal(workbook_bytes(far_cell="XFD1048576", far_value="stray"))
    assert "Row 1048576 has a value in column XFD, beyond the limit of 100 columns" in message
    assert "RESTRACK_IMPORT_MAX_COLUMNS" in message


def test_formulas_without_saved_results_are_still_told_from_empty_cells():
    data = workbook_bytes([["resolution 2/6", "2024-H2", 10, "=C2*2"]])  # openpyxl saves no results
    row = read_table(data, Limits()).rows[0]
    assert row[3].uncomputed and not row[3].is_empty
    assert not row[2].uncomputed and row[2].value == 10


# Refused before the work ----------------------------------------------------------------------


def test_a_zip_bomb_is_refused_from_its_directory_before_inflating(nothing_inflated):
    bomb = with_member(workbook_bytes(), "xl/media/image1.png", bytes(2 * 2**20))  # 2 MB of zeros: ~2 KB packed
    message = nothing_inflated(bomb)
    assert "xl/media/image1.png" in message and "over the limit of 200" in message
    assert "RESTRACK_IMPORT_ZIP_MAX_RATIO" in message


def test_a_member_declaring_a_huge_size_is_refused_before_inflating(nothing_inflated):
    liar = with_member(workbook_bytes(), "xl/sharedStrings2.xml", b"<sst/>", declared=3 * 2**30)
    message = nothing_inflated(liar)
    assert "unpacks to 3072.0 MB" in message and "over the limit of 50.0 MB" in message
    assert "RESTRACK_IMPORT_SPREADSHEET_UNPACKED_MAX_MB" in message


def test_too_many_parts_are_refused(nothing_inflated):
    data = workbook_bytes()
    for index in range(5):
        data = with_member(data, f"xl/extra{index}.xml", b"<x/>")
    message = nothing_inflated(data, replace(Limits(), zip_members=10))
    assert "holds 14 parts, over the limit of 10" in message and "RESTRACK_IMPORT_ZIP_MAX_MEMBERS" in message


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_too_many_rows_are_refused(kind):
    rows = [["resolution 2/6", f"20{10 + index}-H1", index, None, None, None, None, None] for index in range(30)]
    data = (
        workbook_bytes(rows)
        if kind == "xlsx"
        else "\n".join(
            ",".join("" if value is None else str(value) for value in row) for row in [HEADER, *rows]
        ).encode()
    )
    message = refusal(data, replace(Limits(), rows=20))
    assert "more than 20 rows with values" in message and "RESTRACK_IMPORT_MAX_ROWS" in message


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_too_many_columns_are_refused(kind):
    data = workbook_bytes() if kind == "xlsx" else (",".join(HEADER) + "\nresolution 2/6,2024-H2,1\n").encode()
    message = refusal(data, replace(Limits(), columns=5))
    assert "Row 1 has a value in column H, beyond the limit of 5 columns" in message


def test_deeply_nested_sheet_xml_is_refused():
    nested = "<row r='2'>" * 10_000 + "</row>" * 10_000
    sheet = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1"><c r="A1" t="inlineStr"><is><t>instrument</t></is></c></row>{nested}</sheetData></worksheet>'
    ).encode()
    message = refusal(replaced_member(workbook_bytes(), "xl/worksheets/sheet1.xml", sheet))
    assert "nests elements more than 64 deep" in message and "RESTRACK_IMPORT_MAX_XML_DEPTH" in message


def test_a_file_over_the_size_limit_is_refused_before_reading():
    message = refusal(b"x" * (2**20 + 1), replace(Limits(), spreadsheet_mb=1))
    assert "The file is 1.0 MB; the limit is 1 MB." in message and "RESTRACK_IMPORT_SPREADSHEET_MAX_MB" in message


# Damaged files: what is wrong, without the library's words -------------------------------------


def corrupted(data: bytes, member: str, *, stored: bool) -> bytes:
    """`data` with a few bytes of `member`'s packed data changed (stored: a bad checksum; deflated:
    a stream zlib cannot inflate)."""
    output = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(output, "w") as target:
        for info in source.infolist():
            method = zipfile.ZIP_STORED if stored or info.filename != member else zipfile.ZIP_DEFLATED
            target.writestr(info.filename, source.read(info.filename), compress_type=method)
        offset = target.getinfo(member).header_offset
    raw = bytearray(output.getvalue())
    start = offset + 30 + len(member) + 40
    raw[start : start + 8] = b"\xff\x00\xfe\x01\xfd\x02\xfc\x03"
    return bytes(raw)


@pytest.mark.parametrize("stored", [True, False], ids=["bad-crc", "bad-deflate"])
def test_a_damaged_workbook_says_what_is_wrong_without_internals(stored):
    message = refusal(corrupted(workbook_bytes(), "xl/worksheets/sheet1.xml", stored=stored))
    assert message.startswith("The XLSX workbook could not be read: ") and "save it again" in message.lower()


def test_a_csv_cell_over_the_field_limit_says_so_without_internals():
    message = refusal((",".join(HEADER) + '\nresolution 2/6,2024-H2,"' + "x" * 200_000 + '"\n').encode())
    assert "at line 2" in message and "more than 131,072 characters" in message


# The same refusal from the command and the page, nothing written -------------------------------


@pytest.fixture
def period(db):
    return ReportingPeriodFactory(label="2024-H2", state=PeriodState.OPEN)


@pytest.fixture
def bomb():
    return with_member(workbook_bytes(), "xl/media/image1.png", bytes(2 * 2**20))


@pytest.mark.django_db
def test_the_command_and_the_page_refuse_a_zip_bomb_alike(tmp_path, period, bomb, client, finance_officer, settings):
    settings.VAR_DIR = tmp_path
    path = tmp_path / "figures.xlsx"
    path.write_bytes(bomb)
    with pytest.raises(CommandError) as caught:
        call_command("import_funding", str(path))
    expected = refusal(bomb)
    assert expected in str(caught.value)

    client.force_login(finance_officer)
    page = client.post(reverse("funding:import"), {"file": SimpleUploadedFile("figures.xlsx", bomb)})
    assert page.status_code == 200
    assert [str(problem) for problem in page.context["problems"]] == [expected]
    assert not FundingRecord.objects.exists()


@pytest.mark.django_db
def test_the_command_and_the_page_refuse_a_file_over_the_size_limit_alike(
    tmp_path, period, client, finance_officer, settings
):
    settings.VAR_DIR = tmp_path
    settings.RESTRACK_IMPORT_LIMITS = replace(Limits(), spreadsheet_mb=1)
    data = (",".join(HEADER) + "\n").encode() + b"resolution 2/6,2024-H2,1,,,,,\n" * 40_000
    path = tmp_path / "figures.csv"
    path.write_bytes(data)
    with pytest.raises(CommandError) as caught:
        call_command("import_funding", str(path))
    assert "the limit is 1 MB" in str(caught.value) and "RESTRACK_IMPORT_SPREADSHEET_MAX_MB" in str(caught.value)

    client.force_login(finance_officer)
    page = client.post(reverse("funding:import"), {"file": SimpleUploadedFile("figures.csv", data)}).content.decode()
    assert "the limit is 1 MB" in page and "RESTRACK_IMPORT_SPREADSHEET_MAX_MB" in page
    assert not FundingRecord.objects.exists()


@pytest.mark.django_db
def test_the_configured_row_limit_applies_to_the_command_and_the_page(
    tmp_path, period, client, finance_officer, settings
):
    settings.VAR_DIR = tmp_path
    settings.RESTRACK_IMPORT_LIMITS = replace(Limits(), rows=2)
    data = workbook_bytes(ROWS + [["resolution 2/8", "2024-H2", 1, None, None, None, None, None]])
    path = tmp_path / "figures.xlsx"
    path.write_bytes(data)
    with pytest.raises(CommandError) as caught:
        call_command("import_funding", str(path))
    assert "more than 2 rows with values" in str(caught.value)
    client.force_login(finance_officer)
    page = client.post(reverse("funding:import"), {"file": SimpleUploadedFile("figures.xlsx", data)})
    assert any("more than 2 rows with values" in str(problem) for problem in page.context["problems"])
    assert not FundingRecord.objects.exists()
