"""Reading a spreadsheet of funding figures (CSV or XLSX) into rows of cells, each knowing the row
number and column letter the person sees in their spreadsheet program (a CSV file opened in one
too), so that every message can say where to look. What the values mean is importing.py's business.

Every file is held to the import limits (restrack.reading.limits, settings.RESTRACK_IMPORT_LIMITS)
before the work they bound: an XLSX's ZIP directory before anything is inflated, then the rows and
columns that have values as they are read. An XLSX sheet is read by the cells it holds, streaming
its XML, never by the range its <dimension> declares (a single cell at XFD1048576 costs nothing)."""

from __future__ import annotations

import csv
import io
import logging
import zipfile
from dataclasses import dataclass, field

from django.conf import settings
from django.utils.translation import gettext as _

from restrack.reading.limits import Deadline, LimitExceeded, Limits, check_zip

logger = logging.getLogger(__name__)

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


def read_table(data: bytes, limits: Limits | None = None) -> Table:
    """The table in `data`, recognised by its content (not its file name): XLSX (a zip holding a
    workbook) or CSV text. The first non-empty row is the header. `limits`: the configured ones
    (settings.RESTRACK_IMPORT_LIMITS) when None."""
    limits = limits or settings.RESTRACK_IMPORT_LIMITS
    if len(data) > limits.spreadsheet_bytes:
        raise TableError(too_large(len(data), limits))
    if not data.strip():
        raise TableError(_("The file is empty."))
    try:
        if data.startswith(b"PK\x03\x04"):
            return _read_xlsx(data, limits)
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise TableError(_("This is an old Excel workbook (.xls); save it as .xlsx or as CSV and import that."))
        if data.startswith(b"%PDF"):
            raise TableError(_("This is a PDF document, not a spreadsheet; import a CSV or XLSX file."))
        return _read_csv(_decode(data), limits)
    except LimitExceeded as error:
        raise TableError(over_limit(error)) from None


def too_large(size: int, limits: Limits | None = None) -> str:
    """The refusal of a file of `size` bytes over the spreadsheet size limit (before reading it)."""
    limits = limits or settings.RESTRACK_IMPORT_LIMITS
    found = f"{size / 2**20:.1f} MB"
    return over_limit(LimitExceeded("spreadsheet_mb", "too large", found=found, limit=f"{limits.spreadsheet_mb} MB"))


def over_limit(error: LimitExceeded) -> str:
    """A refusal for going beyond an import limit, in the page's language: what was found, the
    limit, and how to import the figures anyway."""
    values = error.values
    what = {
        "spreadsheet_mb": _("The file is %(found)s; the limit is %(limit)s."),
        "spreadsheet_unpacked_mb": _("The XLSX workbook unpacks to %(found)s, over the limit of %(limit)s."),
        "zip_members": _("The XLSX workbook holds %(found)s parts, over the limit of %(limit)s."),
        "zip_ratio": _(
            "The part %(member)s of the XLSX workbook is compressed %(found)s times, over the limit of "
            "%(limit)s: a file made to exhaust the memory of whoever opens it."
        ),
        "rows": _("The sheet has more than %(limit)s rows with values (the limit)."),
        "columns": _("Row %(row)s has a value in column %(found)s, beyond the limit of %(limit)s columns."),
        "xml_depth": _("The sheet's XML nests elements more than %(limit)s deep, which no spreadsheet program writes."),
        "seconds": _("Reading the file took longer than the limit of %(limit)s seconds (after %(found)s)."),
    }[error.kind] % values
    advice = _(
        "Import a smaller file (only the sheet of funding figures, one row per instrument and period), "
        "or ask the administrator to raise the limit (%(setting)s)."
    ) % {"setting": values["setting"]}
    return f"{what} {advice}"


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


def _read_csv(text: str, limits: Limits) -> Table:
    # The row number is the record's position, as a spreadsheet program numbers the rows it opens
    # (a note spanning several lines in quotes is still one row).
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows, counted, deadline = [], _Counter(limits), Deadline(limits)
    try:
        for number, record in enumerate(reader, start=1):
            last = max((position + 1 for position, value in enumerate(record) if value.strip()), default=0)
            if not last:
                continue
            counted.row(number, last, deadline)
            rows.append([Cell(value, number, column_letter(position)) for position, value in enumerate(record[:last])])
    except csv.Error as error:
        logger.info("CSV unreadable at line %s: %s", reader.line_num, error)
        raise TableError(_csv_problem(error, reader.line_num)) from None
    return _table("csv", rows, [])


def _csv_problem(error: csv.Error, line: int) -> str:
    """What the csv module's complaint means, where, and what to do (its own words go to the log)."""
    text = str(error)
    if "field larger than field limit" in text:
        what = _("a cell holds more than %(limit)s characters") % {"limit": f"{csv.field_size_limit():,}"}
    elif "NUL" in text:
        what = _("the text holds NUL characters, which no spreadsheet writes in a CSV file")
    elif "new-line character" in text or "unexpected end of data" in text:
        what = _('a quoted cell is not closed (a " is missing)')
    else:
        what = _("the line is not valid CSV")
    return _(
        "The file could not be read as CSV at line %(line)d: %(what)s. Correct it, or save the sheet again as CSV (UTF-8) or XLSX."
    ) % {
        "line": line,
        "what": what,
    }


class _Counter:
    """Counts the rows with values and checks each against the limits on rows and columns."""

    def __init__(self, limits: Limits):
        self.limits, self.rows = limits, 0

    def row(self, number: int, last_column: int, deadline: Deadline) -> None:
        self.rows += 1
        if self.rows > self.limits.rows:
            raise LimitExceeded("rows", "too many rows", found=self.rows, limit=f"{self.limits.rows:,}")
        if last_column > self.limits.columns:
            raise LimitExceeded(
                "columns",
                "too many columns",
                row=number,
                found=column_letter(last_column - 1),
                limit=f"{self.limits.columns:,}",
            )
        if self.rows % 1000 == 0:
            deadline.check(f"{self.rows:,} rows")


def column_letter(position: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how a spreadsheet program names the column, CSV opened in it too."""
    letters = ""
    position += 1
    while position:
        position, remainder = divmod(position - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


# XLSX --------------------------------------------------------------------------------------------


def _read_xlsx(data: bytes, limits: Limits) -> Table:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            check_zip(archive, limits, what="XLSX workbook", unpacked="spreadsheet_unpacked_mb")  # nothing inflated yet
            names = set(archive.namelist())
    except (zipfile.BadZipFile, NotImplementedError, EOFError, ValueError) as error:
        # NotImplementedError: a damaged directory naming a ZIP version or method zipfile lacks
        logger.info("XLSX unreadable: %r", error)
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
        # Read-only: the sheets are not loaded, only the workbook's list of them, its shared
        # strings and styles (bounded by the unpacked size checked above).
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a damaged workbook
        logger.info("XLSX unreadable by openpyxl: %r", error)
        raise TableError(_damaged_xlsx(error)) from None
    try:
        sheet = _chosen_sheet(workbook)
        notices = []
        if len(workbook.worksheets) > 1:
            notices.append(
                _("The workbook has %(count)d sheets; sheet %(sheet)r was read.")
                % {"count": len(workbook.worksheets), "sheet": sheet.title}
            )
        rows = _sheet_rows(sheet, limits)
    except LimitExceeded:
        raise
    except Exception as error:  # noqa: BLE001 - a damaged sheet: malformed XML, a bad number, ...
        logger.info("XLSX sheet unreadable: %r", error)
        raise TableError(_damaged_xlsx(error)) from None
    finally:
        workbook.close()
    return _table("xlsx", rows, notices)


def _damaged_xlsx(error: Exception) -> str:
    """What is wrong with a workbook, in words (the library's own text goes to the log)."""
    names = {cls.__name__ for cls in type(error).__mro__}
    if isinstance(error, zipfile.BadZipFile) or names & {"error", "EOFError"}:
        what = _("a part of it cannot be unpacked (it was cut short or corrupted)")
    elif isinstance(error, KeyError):
        what = _("a part a workbook needs is missing")
    elif names & {"ParseError", "XMLSyntaxError", "ExpatError"}:
        what = _("its XML is malformed")
    else:
        what = _("its contents are not those of an XLSX workbook")
    return _("The XLSX workbook could not be read: %(what)s. Save it again from Excel or LibreOffice.") % {"what": what}


def _sheet_rows(sheet, limits: Limits) -> list[list[Cell]]:
    """The rows of a read-only sheet that have values, each a list of Cells from column A to its
    last value: the sheet's XML streamed element by element (openpyxl's parser turning each cell
    into a value: shared strings, numbers, dates, booleans, error codes), so that rows and columns
    are counted as they come and only cells present in the file cost anything."""
    from openpyxl.worksheet._reader import WorkSheetParser
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    row_tag, formula_tag = f"{{{SHEET_MAIN_NS}}}row", f"{{{SHEET_MAIN_NS}}}f"
    workbook = sheet.parent
    rows, counted, deadline = [], _Counter(limits), Deadline(limits)
    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        depth = 0
        for event, element in iterparse(source, events=("start", "end")):
            if event == "start":
                depth += 1
                if depth > limits.xml_depth:
                    raise LimitExceeded("xml_depth", "too deep", limit=f"{limits.xml_depth:,}")
                continue
            depth -= 1
            if element.tag != row_tag:
                if depth == 1:  # a part of the sheet outside its data (columns, views, merged cells)
                    element.clear()
                continue
            formulas = {index for index, child in enumerate(element) if child.find(formula_tag) is not None}
            number, parsed = parser.parse_row(element)
            element.clear()
            present = [
                (cell, index in formulas)
                for index, cell in enumerate(parsed)
                if cell["value"] is not None or index in formulas
            ]
            if not present:
                continue
            last = max(cell["column"] for cell, _formula in present)
            counted.row(number, last, deadline)
            cells = [Cell(None, number, column_letter(position)) for position in range(last)]
            for cell, formula in present:
                position = cell["column"] - 1
                cells[position] = Cell(
                    cell["value"], number, column_letter(position), formula and cell["value"] is None
                )
            rows.append(cells)
    return rows


def _chosen_sheet(workbook):
    for sheet in workbook.worksheets:
        if sheet.title.strip().lower() == SHEET_NAME:
            return sheet
    return workbook.worksheets[0]
