"""Tables written as CSV, XLSX or JSON files for download: every export of Restrack goes through here.

One table is a header and rows of cells. A cell is one of:

- `Decimal` — an exact amount: CSV writes it as plain digits with a dot (`1858000.55`, never
  grouped, never in exponent form); XLSX stores it as a number with a two-decimal format
  (`#,##0.00`), so spreadsheets sum it;
- `int` — a count or a whole per cent: a number in both;
- `date` / `datetime` — ISO 8601 in CSV, a date cell in XLSX;
- `None` — an empty cell (unknown, never 0);
- anything else — text.

Text that a spreadsheet would run as a formula (starting with `=`, `+`, `-`, `@`, a tab or a
carriage return) is written with a leading `'`, so `=HYPERLINK(...)` in a note comes back as
the text `'=HYPERLINK(...)` and is never evaluated. Only text is changed: a negative number
stays a number.

CSV files are UTF-8 with a byte-order mark, so Excel opens Chinese text correctly.

JSON is an array of objects keyed by the header, for programs: amounts as strings of exact
digits ("1858000.55", as the API gives them), dates in ISO 8601, unknown as null, and text as it
is (no spreadsheet evaluates JSON, and a program wants the text unchanged).

Downloads stream: `table_response` sends CSV and JSON as they are written, a few hundred rows at a
time (StreamingHttpResponse), and XLSX from a temporary file openpyxl writes in its write-only mode
(FileResponse), so an export of the whole tracker holds a few rows in memory, never the file. The
rows may be a generator: the table builders (restrack.*.exports) read their querysets with
`.iterator(chunk_size=...)` and `in_language` gives each row its language while it is made.
`write_csv`, `write_json` and `write_xlsx` give the same bytes whole, for small files and tests.

    content = write_csv(["instrument", "amount"], [["resolution 2/6", Decimal("1.50")]])
    content = write_xlsx([Sheet("Funding", ["instrument", "amount"], rows)])
    return attachment(content, "restrack-funding-2024-H2.xlsx")
    return table_response(Table("restrack-funding-2024-H2", "Funding", header, rows), "json")
"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
AMOUNT_FORMAT = "#,##0.00"
DATE_FORMAT = "yyyy-mm-dd"
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
}
EXPORT_FORMATS = tuple(CONTENT_TYPES)
XLSX_SHEET_TITLE_LIMIT = 31  # Excel refuses longer sheet names
ROWS_PER_PIECE = 500  # rows of CSV or JSON sent at a time
QUERY_CHUNK = 500  # rows read from the database at a time by the table builders (queryset.iterator)


@dataclass
class Table:
    """One exported table: `name` is the file name without its extension, `title` the XLSX sheet's."""

    name: str
    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


@dataclass
class Sheet:
    """One worksheet of an XLSX file."""

    title: str
    header: Sequence[str]
    rows: Iterable[Sequence[object]]


def neutralise(text: str) -> str:
    """Text that cannot be taken for a formula by a spreadsheet."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _text(value) -> str:
    return neutralise(str(value))


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _text(value)
    if isinstance(value, Decimal):
        return format(value, "f")  # 1858000.55, never 1.85800055E+6 nor grouped
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    return _text(value)


def csv_pieces(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """The table as CSV, a few hundred rows at a time: UTF-8 with a byte-order mark, comma-separated,
    CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_text(name) for name in header])
    prefix = "\ufeff"  # the byte-order mark, once
    for count, row in enumerate(rows, start=1):
        writer.writerow([_csv_cell(value) for value in row])
        if count % ROWS_PER_PIECE == 0:
            yield (prefix + _take(buffer)).encode("utf-8")
            prefix = ""
    yield (prefix + _take(buffer)).encode("utf-8")


def _take(buffer: io.StringIO) -> str:
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The table as CSV: UTF-8 with a byte-order mark, comma-separated, CRLF line ends."""
    return b"".join(csv_pieces(header, rows))


def _xlsx_cell(cell, value) -> None:
    if value is None:
        return
    if isinstance(value, Decimal):
        cell.value = value
        cell.number_format = AMOUNT_FORMAT
    elif isinstance(value, int | float) and not isinstance(value, bool):
        cell.value = value
    elif isinstance(value, datetime):
        cell.value = value.replace(tzinfo=None)
        cell.number_format = DATE_FORMAT + " hh:mm"
    elif isinstance(value, date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        # Control characters (a form feed pasted from a PDF) are not allowed in XLSX; drop them.
        cell.value = ILLEGAL_CHARACTERS_RE.sub("", _text(value))
        cell.data_type = "s"  # openpyxl would otherwise store text starting with "=" as a formula


def sheet_title(title: str) -> str:
    """A name Excel accepts: at most 31 characters, none of []:*?/\\."""
    return re.sub(r"[\[\]:*?/\\]", "-", title)[:XLSX_SHEET_TITLE_LIMIT].strip() or "Sheet"


def xlsx_file(sheets: Iterable[Sheet]):
    """The sheets as an XLSX workbook in a temporary file (read from its start; closing it deletes
    it): a bold, frozen header row on each, amounts as numbers. Written by openpyxl's write-only
    workbook, which keeps no row in memory once written."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet_title(sheet.title))
        header = []
        for column, name in enumerate(sheet.header, start=1):
            cell = WriteOnlyCell(worksheet)
            _xlsx_cell(cell, name)
            cell.font = Font(bold=True)
            header.append(cell)
            worksheet.column_dimensions[get_column_letter(column)].width = max(12, min(len(str(name)) + 4, 60))
        worksheet.freeze_panes = "A2"  # before the first row: a write-only sheet writes its views first
        worksheet.append(header)
        for row in sheet.rows:
            worksheet.append([_xlsx_value(worksheet, value) for value in row])
    file = tempfile.TemporaryFile()
    try:
        workbook.save(file)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    return file


def _xlsx_value(worksheet, value):
    """A plain value where openpyxl stores it as _xlsx_cell would (most text, whole numbers), so
    that a large sheet does not make a styled cell of each; a cell otherwise."""
    if value is None:
        return None
    if isinstance(value, str):
        text = ILLEGAL_CHARACTERS_RE.sub("", _text(value))
        if not text.startswith("#"):  # "#N/A" would become an error cell; "=" is neutralised already
            return text
    elif isinstance(value, int) and not isinstance(value, bool):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(worksheet)
    _xlsx_cell(cell, value)
    return cell


def write_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as an XLSX workbook: a bold, frozen header row on each, amounts as numbers."""
    with xlsx_file(sheets) as file:
        return file.read()


def _json_cell(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    return value


def json_pieces(header: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[bytes]:
    """The table as a JSON array of objects, one per row, keyed by the header's names, a few hundred
    rows at a time (the same text json.dumps(..., indent=1) gives for the whole list)."""
    names = [str(name) for name in header]
    pieces, opened = [], False
    for count, row in enumerate(rows, start=1):
        record = dict(zip(names, (_json_cell(value) for value in row), strict=True))
        # One record as an element of an indented list: "[\n {...}\n]" without its brackets.
        element = json.dumps([record], ensure_ascii=False, indent=1)[2:-2]
        pieces.append(("[\n" if not opened else ",\n") + element)
        opened = True
        if count % ROWS_PER_PIECE == 0:
            yield "".join(pieces).encode("utf-8")
            pieces = []
    pieces.append("\n]" if opened else "[]")
    yield "".join(pieces).encode("utf-8")


def write_json(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The table as a JSON array of objects, one per row, keyed by the header's names."""
    return b"".join(json_pieces(header, rows))


def in_language(language: str, rows: Iterable):
    """`rows`, each made with `language` active (labels such as a status's words), without leaving
    it active between rows: a streamed file's rows are made while the answer is being sent."""
    iterator = iter(rows)
    while True:
        with translation.override(language):
            try:
                row = next(iterator)
            except StopIteration:
                return
        yield row


def table_response(table: Table, format: str) -> StreamingHttpResponse | FileResponse:
    """`table` downloaded as CSV, XLSX or JSON (format is one of EXPORT_FORMATS), streamed: CSV and
    JSON are written while they are sent, XLSX is written to a temporary file first and sent from it
    (with its Content-Length)."""
    filename = f"{table.name}.{format}"
    if format == "xlsx":
        file = xlsx_file([Sheet(table.title, table.header, table.rows)])
        return FileResponse(file, as_attachment=True, filename=filename, content_type=CONTENT_TYPES[format])
    if format == "csv":
        pieces = csv_pieces(table.header, table.rows)
    elif format == "json":
        pieces = json_pieces(table.header, table.rows)
    else:
        raise ValueError(f"No export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}.")
    response = StreamingHttpResponse(pieces, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response


def attachment(content: bytes, filename: str) -> HttpResponse:
    """A download of `content`; its type follows the file name's extension (csv, xlsx or json)."""
    extension = filename.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
