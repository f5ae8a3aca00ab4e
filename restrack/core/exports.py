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
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpResponse
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


def write_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The table as CSV: UTF-8 with a byte-order mark, comma-separated, CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([_text(name) for name in header])
    for row in rows:
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


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


def write_xlsx(sheets: Iterable[Sheet]) -> bytes:
    """The sheets as an XLSX workbook: a bold, frozen header row on each, amounts as numbers."""
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet_title(sheet.title))
        for column, name in enumerate(sheet.header, start=1):
            cell = worksheet.cell(row=1, column=column)
            _xlsx_cell(cell, name)
            cell.font = Font(bold=True)
            worksheet.column_dimensions[get_column_letter(column)].width = max(12, min(len(str(name)) + 4, 60))
        for row_number, row in enumerate(sheet.rows, start=2):
            for column, value in enumerate(row, start=1):
                _xlsx_cell(worksheet.cell(row=row_number, column=column), value)
        worksheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _json_cell(value):
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, date):  # datetime is a date too
        return value.isoformat()
    return value


def write_json(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """The table as a JSON array of objects, one per row, keyed by the header's names."""
    names = [str(name) for name in header]
    records = [dict(zip(names, (_json_cell(value) for value in row), strict=True)) for row in rows]
    return json.dumps(records, ensure_ascii=False, indent=1).encode("utf-8")


def table_response(table: Table, format: str) -> HttpResponse:
    """`table` downloaded as CSV, XLSX or JSON (format is one of EXPORT_FORMATS)."""
    if format == "csv":
        content = write_csv(table.header, table.rows)
    elif format == "xlsx":
        content = write_xlsx([Sheet(table.title, table.header, table.rows)])
    elif format == "json":
        content = write_json(table.header, table.rows)
    else:
        raise ValueError(f"No export format {format!r}; use one of {', '.join(EXPORT_FORMATS)}.")
    return attachment(content, f"{table.name}.{format}")


def attachment(content: bytes, filename: str) -> HttpResponse:
    """A download of `content`; its type follows the file name's extension (csv, xlsx or json)."""
    extension = filename.rsplit(".", 1)[-1]
    response = HttpResponse(content, content_type=CONTENT_TYPES[extension])
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename)
    return response
