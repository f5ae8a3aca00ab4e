"""Importing funding figures from a spreadsheet (CSV or XLSX), for `restrack import-funding` and
the import page: check the header, read every row into a FundingRow, and record them all through
`actions.record_funding_sheet` (all or nothing). Every problem of the file is reported at once,
each with the row and column a person sees in their spreadsheet program.

Each row replaces the figures of its instrument and period entirely, note included: an empty
amount cell means "not reported" (never 0) and an empty note clears the note. A row whose
optional `paragraph` cell names an operative paragraph (4, 4(a), OP 4(a)) holds that paragraph's
figures instead, and the instrument's figures of the period become the sum of its paragraphs'."""

from __future__ import annotations

import datetime
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from difflib import get_close_matches
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.funding.actions import (
    LARGEST_AMOUNT_DIGITS,
    FundingChange,
    FundingRow,
    FundingSheetError,
    parse_amount,
    record_funding_sheet,
    sheet_errors,
)
from restrack.funding.models import AMOUNT_FIELDS
from restrack.funding.tables import Cell, Table, TableError, read_table
from restrack.reading.limits import Limits
from restrack.registry.selectors import find_instrument, find_paragraph
from restrack.reporting.choices import PeriodState
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.periods import parse_period_label

COLUMNS = ("instrument", "paragraph", "period", *AMOUNT_FIELDS, "note")
OPTIONAL_COLUMNS = ("paragraph", "note")
REQUIRED_COLUMNS = tuple(name for name in COLUMNS if name not in OPTIONAL_COLUMNS)
INSTRUMENT_RE = re.compile(r"^\s*(resolution|decision)\s*(\d+)\s*/\s*(\d+)\s*$", re.IGNORECASE)
EXCEL_ERRORS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#SPILL!", "#CALC!"}
CENT = Decimal("0.01")
FLOAT_TOLERANCE = 1e-6  # a spreadsheet's float within this of a whole cent is that cent


@dataclass
class Problem:
    """What is wrong, and where: the spreadsheet row (None for the file as a whole) and the column."""

    message: str
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = ", ".join(
            part for part in [_("row %(number)d") % {"number": self.row} if self.row else "", self.column] if part
        )
        return f"{where}: {self.message}" if where else self.message


class FundingImportError(ValidationError):
    """Every problem of a file; nothing was written."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__([str(problem) for problem in problems])


@dataclass
class FieldChange:
    name: str
    before: object
    after: object


@dataclass
class ImportedRow:
    """One row of the file and what it does to the figures it names."""

    row: int
    change: FundingChange

    @property
    def kind(self) -> str:
        return self.change.kind

    @property
    def instrument(self):
        return self.change.row.instrument

    @property
    def paragraph(self):
        return self.change.row.paragraph

    @property
    def period(self):
        return self.change.row.period

    @property
    def fields(self) -> list[FieldChange]:
        before = self.change.before or {}
        return [FieldChange(name, before.get(name), self.change.after[name]) for name in self.change.changed_fields]

    @property
    def changes_public_figures(self) -> bool:
        return self.kind != "unchanged" and self.period.state == PeriodState.PUBLISHED


@dataclass
class FundingImport:
    """The outcome of importing (or, with `dry_run`, of checking) one file."""

    file_name: str
    rows: list[ImportedRow]
    dry_run: bool
    notices: list[str] = field(default_factory=list)

    @property
    def counts(self) -> dict[str, int]:
        counted = Counter(row.kind for row in self.rows)
        return {kind: counted[kind] for kind in ("new", "changed", "unchanged")}

    @property
    def periods(self) -> list[ReportingPeriod]:
        found = {row.period.pk: row.period for row in self.rows}
        return sorted(found.values(), key=lambda period: period.start_date)

    @property
    def published_periods_changed(self) -> list[ReportingPeriod]:
        """Published periods whose public figures this file changes."""
        found = {row.period.pk: row.period for row in self.rows if row.changes_public_figures}
        return sorted(found.values(), key=lambda period: period.start_date)

    @property
    def fingerprint(self) -> str:
        """A digest of every row's before and after: equal digests mean the same changes, so a
        confirmation can check that it writes what was previewed."""
        rows = [
            [
                row.row,
                row.change.row.names,
                row.period.label,
                row.period.state,
                row.kind,
                row.change.before,
                row.change.after,
            ]
            for row in self.rows
        ]
        return hashlib.sha256(json.dumps(rows, default=str, sort_keys=True).encode()).hexdigest()

    def summary(self) -> str:
        counts = self.counts
        line = _(
            "%(file)s: %(rows)d rows for %(periods)s: %(new)d new, %(changed)d changed, %(unchanged)d unchanged."
        ) % {
            "file": self.file_name,
            "rows": len(self.rows),
            "periods": ", ".join(p.label for p in self.periods),
            **counts,
        }
        return f"{line} " + (_("Dry run: nothing written.") if self.dry_run else _("Written."))


def import_funding_file(
    data: bytes, file_name: str, *, acting_user, reason: str = "", dry_run: bool = False, limits: Limits | None = None
) -> FundingImport:
    """Record the funding figures in `data` (the bytes of a CSV or XLSX file named `file_name`),
    all or none. Raises FundingImportError listing every problem (a file beyond the import limits,
    `limits` or settings.RESTRACK_IMPORT_LIMITS, among them); PermissionDenied when `acting_user`
    may not change funding figures. Figures of a published period change with `reason`, by default
    "Imported from <file name>"."""
    file_name = PurePath(file_name).name
    try:
        table = read_table(data, limits)
    except TableError as error:
        raise FundingImportError([Problem(str(error))]) from None
    reader = _RowReader(table)
    rows = reader.rows()
    if not rows and not reader.problems:
        reader.problems.append(Problem(_("The file has a header row but no rows of figures below it.")))
    if reader.problems:
        raise FundingImportError(reader.problems)
    reason = reason.strip() or _("Imported from %(file)s") % {"file": file_name}
    try:
        changes = record_funding_sheet(rows, acting_user=acting_user, reason=reason, dry_run=dry_run)
    except FundingSheetError as error:
        raise FundingImportError(
            [reader.located(item.where, item.field, item.message) for item in error.row_errors]
        ) from None
    return FundingImport(
        file_name,
        [ImportedRow(reader.row_numbers[change.row.where], change) for change in changes],
        dry_run,
        reader.notices,
    )


class _RowReader:
    """Turns a table's rows into FundingRows, collecting every problem and notice on the way."""

    def __init__(self, table: Table):
        self.table = table
        self.problems: list[Problem] = []
        self.notices: list[str] = list(table.notices)
        self.row_numbers: dict[str, int] = {}  # FundingRow.where -> spreadsheet row
        self.index: dict[str, int] = {}  # column name -> position in a row
        self.labels: dict[str, str] = {}  # column name -> how messages name it
        self._instruments: dict[str, object] = {}
        self._periods: dict[str, object] = {}

    # The header ----------------------------------------------------------------------------

    def read_header(self) -> bool:
        unknown = []  # (cell, normalised name) not among COLUMNS
        for position, cell in enumerate(self.table.header):
            if cell.is_empty:
                continue
            name = _column_name(cell.value)
            if name in self.index:
                self.problems.append(
                    Problem(
                        _("Column %(column)s appears twice; keep one.") % {"column": name}, cell.row, self._letter(cell)
                    )
                )
            elif name in COLUMNS:
                self.index[name] = position
                self.labels[name] = f"{name} ({self._letter(cell)})"
            else:
                unknown.append((cell, name))
        missing = [name for name in REQUIRED_COLUMNS if name not in self.index]
        ignored = []
        for cell, name in unknown:
            close = get_close_matches(name, missing, n=1, cutoff=0.7)
            if close:
                missing.remove(close[0])
                self.problems.append(
                    Problem(
                        _("%(found)r is not a known column; did you mean %(known)s?")
                        % {"found": str(cell.value).strip(), "known": close[0]},
                        cell.row,
                        self._letter(cell),
                    )
                )
            else:
                ignored.append(str(cell.value).strip())
        if missing:
            self.problems.append(
                Problem(
                    _(
                        "The header row has no column %(missing)s. The columns are %(columns)s "
                        "(paragraph and note are optional)."
                    )
                    % {"missing": ", ".join(missing), "columns": ",".join(COLUMNS)},
                    self.table.header[0].row,
                )
            )
        if ignored:
            self.notices.append(
                _("Columns ignored (not funding figures): %(columns)s.") % {"columns": ", ".join(ignored)}
            )
        if "note" not in self.index and not missing:
            self.notices.append(_("The file has no note column: notes already recorded are kept."))
        return not self.problems

    @staticmethod
    def _letter(cell: Cell) -> str:
        return _("column %(letter)s") % {"letter": cell.column} if cell.column else ""

    # The rows ------------------------------------------------------------------------------

    def rows(self) -> list[FundingRow]:
        if not self.read_header():
            return []
        rows = []
        for cells in self.table.rows:
            number = cells[0].row
            where = _("row %(number)d") % {"number": number}
            self.row_numbers[where] = number
            row = self._row(cells, number, where)
            if row is not None:
                rows.append(row)
        rows, errors = sheet_errors(rows)
        self.problems.extend(self.located(error.where, error.field, error.message) for error in errors)
        self.problems.sort(key=lambda problem: problem.row or 0)
        return rows

    def _row(self, cells: list[Cell], number: int, where: str) -> FundingRow | None:
        """The row's FundingRow, or None (its problems recorded) when any value is wrong."""
        before = len(self.problems)
        value = lambda name, convert: self._value(cells, number, name, convert)  # noqa: E731
        instrument = value("instrument", self._instrument)
        paragraph = None
        if instrument is not None and "paragraph" in self.index:
            paragraph = value("paragraph", lambda cell: _paragraph(cell, instrument))
        period = value("period", self._period)
        amounts = {name: value(name, lambda cell, name=name: _amount(cell, name)) for name in AMOUNT_FIELDS}
        note = value("note", _note) if "note" in self.index else None
        if len(self.problems) > before:
            return None
        return FundingRow(instrument, period, amounts, note, where, paragraph=paragraph)

    def _value(self, cells: list[Cell], number: int, name: str, convert):
        """convert(the row's cell in column `name`), or None with a problem recorded at that cell."""
        position = self.index[name]
        cell = cells[position] if position < len(cells) else Cell(None, number)  # a short CSV row
        if cell.uncomputed:
            self.problems.append(
                Problem(
                    _(
                        "The cell has a formula but no saved result (the file was written by a program that does not "
                        "compute formulas). Open the file in Excel or LibreOffice and save it, or paste values instead of "
                        "formulas; if the cell should be empty, clear it."
                    ),
                    number,
                    self.labels[name],
                )
            )
            return None
        try:
            return convert(cell)
        except ValidationError as error:
            self.problems.extend(Problem(message, number, self.labels[name]) for message in error.messages)
            return None

    def _instrument(self, cell: Cell):
        text = "" if cell.value is None else str(cell.value).strip()
        if not text:
            raise ValidationError(_("The instrument is missing; write it as 'resolution 2/1' or 'decision 1/3'."))
        match = INSTRUMENT_RE.match(text)
        if not match:
            raise ValidationError(
                _("%(value)r is not an instrument: write it as 'resolution 2/1' or 'decision 1/3'.") % {"value": text}
            )
        reference = f"{match[1].lower()} {match[2]}/{match[3]}"
        if reference not in self._instruments:
            try:
                self._instruments[reference] = find_instrument(reference)
            except ValidationError:
                self._instruments[reference] = None
        if self._instruments[reference] is None:
            raise ValidationError(
                _("There is no %(reference)s in Restrack; check the number.") % {"reference": reference}
            )
        return self._instruments[reference]

    def _period(self, cell: Cell):
        text = "" if cell.value is None else str(cell.value).strip().replace(" ", "")
        if not text:
            raise ValidationError(_("The period is missing; write it as 2024-H2."))
        label = str(parse_period_label(text))
        if label not in self._periods:
            self._periods[label] = ReportingPeriod.objects.filter(label=label).first()
        if self._periods[label] is None:
            raise ValidationError(
                _(
                    "There is no reporting period %(label)s; a coordinator must create it on the "
                    "period board first (Work, New reporting period), then import again."
                )
                % {"label": label}
            )
        return self._periods[label]

    def located(self, where: str, name: str, message: str) -> Problem:
        """A problem reported by record_funding_sheet, placed in the file."""
        return Problem(message, self.row_numbers.get(where), self.labels.get(name, name))


def _paragraph(cell: Cell, instrument):
    """The operative paragraph the cell names, or None when it is empty (the instrument's figures)."""
    text = "" if cell.value is None else str(cell.value).strip()
    if isinstance(cell.value, float) and cell.value.is_integer():
        text = str(int(cell.value))  # a spreadsheet's number 4 read as 4.0
    return find_paragraph(instrument, text) if text else None


def _note(cell: Cell) -> str:
    return "" if cell.value is None else str(cell.value).strip()


def _column_name(value) -> str:
    return str(value).strip().strip("\ufeff").lower().replace(" ", "_").replace("-", "_")


def _amount(cell: Cell, name: str) -> Decimal | None:
    """The cell's amount in exact cents, or None when empty (not reported)."""
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        raise ValidationError(_("%(value)s is a true/false value, not an amount.") % {"value": str(value).upper()})
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise ValidationError(
            _("%(value)s is a date or time, not an amount; format the cell as a number.") % {"value": value}
        )
    if isinstance(value, int):
        return parse_amount(name, value)
    if isinstance(value, float):
        return _float_amount(value, name)
    text = str(value).strip()
    if text.upper() in EXCEL_ERRORS:
        raise ValidationError(
            _("The formula gives the error %(value)s; correct it in the spreadsheet.") % {"value": text}
        )
    return parse_amount(name, text)  # the one parser of amounts, as on the sheet and in the API


def _float_amount(value: float, name: str) -> Decimal:
    """Spreadsheets store numbers as binary floats (0.1 is not exactly 0.1): a float within a
    millionth of a whole cent is that cent; anything else has more than two decimals."""
    if not math.isfinite(value):
        raise ValidationError(_("%(value)s is not an amount in USD.") % {"value": value})
    if abs(value) >= 10**LARGEST_AMOUNT_DIGITS:
        return parse_amount(name, value)  # raises: too large
    cents = round(value * 100)
    if abs(value - cents / 100) <= FLOAT_TOLERANCE:
        return parse_amount(name, (Decimal(cents) * CENT).quantize(CENT))
    return parse_amount(name, value)  # raises: more than two decimals (or negative)
