"""Reading a spreadsheet of funding figures (CSV or XLSX) into rows of cells, each knowing the row
number and column letter the person sees in their spreadsheet program (a CSV file opened in one
too), so that every message can say where to look. What the values mean is importing.py's business."""

from __future__ import annotations

import csv
import io
import zipfile
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

SHEET_NAME = "funding"  # a workbook's sheet of this name is read; else its first sheet
DELIMITERS = (",", ";", "\t")
WINDOWS_LATIN = "cp1252"


class TableError(Exception):
    """The file cannot be read as a table at all (empty, not CSV or XLSX, damaged)."""


@dataclass
class Cell:
    value: object  # str for CSV; str, int, float, datetime, bool or None for XLSX
    row: int
    column: str = ""  # the column letter, as a spreadsheet program shows it
    uncomputed: bool = False  # an XLSX formula saved without its result

    @property
    def is_empty(self) -> bool:
        return not self.uncomputed and (self.value is None or (isinstance(self.value, str) and not self.value.strip()))


@dataclass
class Table:
    kind: str  # "csv" or "xlsx"
    header: list[Cell]
    rows: list[list[Cell]]  # data rows only, empty rows left out
    notices: list[str] = field(default_factory=list)


def read_table(data: bytes) -> Table:
    """The table in `data`, recognised by its content (not its file name): XLSX (a zip holding a
    workbook) or CSV text. The first non-empty row is the header."""
    if not data.strip():
        raise TableError(_("The file is empty."))
    if data.startswith(b"PK\x03\x04"):
        return _read_xlsx(data)
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise TableError(_("This is an old Excel workbook (.xls); save it as .xlsx or as CSV and import that."))
    if data.startswith(b"%PDF"):
        raise TableError(_("This is a PDF document, not a spreadsheet; import a CSV or XLSX file."))
    return _read_csv(_decode(data))


def _table(kind: str, rows: list[list[Cell]], notices: list[str]) -> Table:
    rows = [row for row in rows if not all(cell.is_empty for cell in row)]
    if not rows:
        raise TableError(_("The file has no rows with values."))
    return Table(kind, rows[0], rows[1:], notices)


# CSV ---------------------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """UTF-8 (with or without the byte-order mark Excel writes); otherwise whatever encoding
    charset-normalizer recognises (a file saved as Windows-1252, for example)."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise TableError(_("This is neither a CSV nor an XLSX file; save the spreadsheet as CSV (UTF-8) or XLSX."))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data))
    if not matches:
        raise TableError(
            _(
                "This is neither a CSV nor an XLSX file, or its text encoding is not recognised; "
                "save the spreadsheet as CSV (UTF-8) or XLSX."
            )
        )
    # A few accented letters fit many code pages equally well; among the least chaotic readings
    # prefer Windows-1252, what Excel writes as "CSV" in Western locales.
    least = min(match.chaos for match in matches)
    for match in matches:
        if match.chaos == least and WINDOWS_LATIN in match.could_be_from_charset:
            return data.decode(WINDOWS_LATIN)
    return str(matches[0])


def _delimiter(text: str) -> str:
    """The delimiter used most in the first non-blank line (the header): spreadsheets in many
    European settings write semicolons."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    return max(DELIMITERS, key=first.count)


def _read_csv(text: str) -> Table:
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as error:
        raise TableError(_("The file could not be read as CSV: %(error)s.") % {"error": error}) from None
    # The row number is the record's position, as a spreadsheet program numbers the rows it opens
    # (a note spanning several lines in quotes is still one row).
    rows = [
        [Cell(value, number, column_letter(position)) for position, value in enumerate(record)]
        for number, record in enumerate(records, start=1)
    ]
    return _table("csv", rows, [])


def column_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet program names the column, CSV opened in it too."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# XLSX --------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes) -> Table:
    try:
        names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    except zipfile.BadZipFile:
        raise TableError(
            _("The file looks like a damaged XLSX workbook; save it again from Excel or LibreOffice.")
        ) from None
    if "xl/workbook.xml" not in names:
        if "content.xml" in names:
            raise TableError(
                _("This is an OpenDocument spreadsheet (.ods); save it as .xlsx or as CSV and import that.")
            )
        raise TableError(_("This is a zip archive, not an XLSX workbook; import a CSV or XLSX file."))
    from openpyxl import load_workbook

    try:
        # Twice: the values a spreadsheet program computed (data_only), and which cells hold
        # formulas, to tell a formula saved without its result from an empty cell.
        values = load_workbook(io.BytesIO(data), data_only=True)
        formulas = load_workbook(io.BytesIO(data), data_only=False)
    except Exception as error:  # openpyxl raises many kinds for a damaged workbook
        raise TableError(
            _("The XLSX workbook could not be read (%(error)s); save it again from Excel or LibreOffice.")
            % {"error": error}
        ) from None
    sheet = _chosen_sheet(values)
    formula_sheet = formulas[sheet.title]
    notices = []
    if len(values.worksheets) > 1:
        notices.append(
            _("The workbook has %(count)d sheets; sheet %(sheet)r was read.")
            % {"count": len(values.worksheets), "sheet": sheet.title}
        )
    rows = []
    for row in sheet.iter_rows():
        cells = []
        for cell in row:
            uncomputed = cell.value is None and formula_sheet[cell.coordinate].data_type == "f"
            cells.append(Cell(cell.value, cell.row, cell.column_letter, uncomputed))
        rows.append(cells)
    return _table("xlsx", rows, notices)


def _chosen_sheet(workbook):
    for sheet in workbook.worksheets:
        if sheet.title.strip().lower() == SHEET_NAME:
            return sheet
    return workbook.worksheets[0]
