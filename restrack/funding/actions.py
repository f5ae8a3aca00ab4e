"""Writes to funding figures and to the Urban Action Funding Window's books: validated, atomic,
recorded with the acting user. Views, the API, the importer and commands all call these."""

from __future__ import annotations

import contextlib
import contextvars
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.dispatch import Signal
from django.utils.translation import gettext as _

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core import amounts, concurrency
from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.concurrency import StaleRecord
from restrack.core.events import emit
from restrack.core.guard import action_running
from restrack.core.recording import delete_recorded, save_recorded
from restrack.funding import aggregates, arithmetic
from restrack.funding import window as books
from restrack.funding.models import (
    AMOUNT_FIELDS,
    FundingRecord,
    FundingSummaryRow,
    FundingWindow,
    ParagraphFunding,
    WindowAllocation,
    WindowContribution,
)
from restrack.registry.models import Instrument, OperativeParagraph
from restrack.reporting.choices import PeriodState
from restrack.reporting.models import ReportingPeriod

CENT = Decimal("0.01")
LARGEST_AMOUNT_DIGITS = 14  # the columns hold 16 digits, 2 of them cents


def may_edit_funding(user) -> bool:
    return user is not None and policy.allows(user, Ability.EDIT_FUNDING)


def _require_funding_role(user) -> None:
    policy.require(user, Ability.EDIT_FUNDING)


def parse_amount(field: str, value) -> Decimal | None:
    """An amount in USD and cents from a number or text, read by the one parser of amounts
    (`restrack.core.amounts.parse_amount`: '1,858,000.00', '1 858 000', '$12.5'; text that could be
    read two ways is refused); None for an empty value, which means not reported (never 0)."""
    try:
        return amounts.parse_amount(value, max_digits=LARGEST_AMOUNT_DIGITS)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from None


@dataclass
class FundingRow:
    """One instrument's figures for one period, as entered on a page or read from a file row, or,
    with `paragraph`, the figures of one of its operative paragraphs (the instrument's own figures
    of the period then become the sum of its paragraphs'). `note=None` leaves the note as it is;
    `where` names the row in error messages.

    `version` is the version of the record the person read (0: there was none; None: no
    expectation, the row is applied to the record as it is). A row read at an older version is
    refused (StaleRecord), unless `read` holds what the person read in each cell the row changes
    and none of those cells changed since: then the row is applied and the cells changed by others
    are kept (the sheet sends only the cells a person changed)."""

    instrument: Instrument
    period: ReportingPeriod
    amounts: dict[str, object]
    note: str | None = None
    where: str = ""
    version: int | None = None
    read: dict[str, object] | None = None
    paragraph: OperativeParagraph | None = None

    @property
    def key(self) -> tuple[int, int, int | None]:
        return (self.instrument.pk, self.period.pk, self.paragraph.pk if self.paragraph else None)

    @property
    def names(self) -> str:
        """What the row's figures are of: 'resolution 2/6' or 'resolution 2/6, OP 4(a)'."""
        if self.paragraph is None:
            return self.instrument.reference
        return _("%(instrument)s, OP %(number)s") % {
            "instrument": self.instrument.reference,
            "number": self.paragraph.number,
        }


@dataclass
class FundingChange:
    row: FundingRow
    record: FundingRecord | ParagraphFunding
    before: dict[str, object] | None  # None: a new record
    after: dict[str, object]

    @property
    def kind(self) -> str:
        if self.before is None:
            return "new"
        return "changed" if self.before != self.after else "unchanged"

    @property
    def changed_fields(self) -> list[str]:
        if self.before is None:
            return [name for name, value in self.after.items() if value not in (None, "")]
        return [name for name in self.after if self.before[name] != self.after[name]]


@dataclass
class RowError:
    where: str
    field: str
    message: str
    conflict: StaleRecord | None = None  # the row was saved by someone else since it was read

    def __str__(self) -> str:
        return ": ".join(filter(None, [", ".join(filter(None, [self.where, self.field])), self.message]))


class FundingSheetError(ValidationError):
    """Every problem of a set of rows, each with its row and column (`row_errors`)."""

    def __init__(self, row_errors: list[RowError]):
        self.row_errors = row_errors
        super().__init__([str(error) for error in row_errors])

    @property
    def conflicts(self) -> list[StaleRecord]:
        return [error.conflict for error in self.row_errors if error.conflict is not None]


def _state(record: FundingRecord) -> dict[str, object]:
    return {**{name: getattr(record, name) for name in AMOUNT_FIELDS}, "note": record.note}


def _check_amount_names(given) -> None:
    unknown = sorted(set(given) - set(AMOUNT_FIELDS))
    if unknown:
        raise ValidationError(
            _("Unknown amount(s) %(fields)s; use %(known)s.") % {"fields": unknown, "known": list(AMOUNT_FIELDS)}
        )


def _apply(row: FundingRow, *, acting_user, reason: str) -> FundingChange:
    _check_amount_names(row.amounts)
    model, lookup = _record_of(row)
    record = concurrency.lock(model.objects, **lookup)
    if record is None:
        # A first save. Another one of the same record may be under way in another transaction:
        # on PostgreSQL the unique constraint makes this insert wait for it and then fail, on
        # SQLite the write lock made this transaction wait and the lookup above found its record.
        # Either way the insert is tried in a savepoint, and if the record exists once it fails,
        # the row is applied to it as to any existing record (with the same version check).
        try:
            with transaction.atomic():
                return _write(row, None, acting_user=acting_user, reason=reason)
        except (IntegrityError, ValidationError):
            record = concurrency.lock(model.objects, **lookup)
            if record is None:
                raise
    return _write(row, record, acting_user=acting_user, reason=reason)


def _record_of(row: FundingRow) -> tuple[type[FundingRecord] | type[ParagraphFunding], dict]:
    """The model and the lookup of the record a row writes: its paragraph's or its instrument's."""
    if row.paragraph is None:
        return FundingRecord, {"instrument": row.instrument, "period": row.period}
    if row.paragraph.instrument_id != row.instrument.pk:
        raise ValidationError(
            {
                "paragraph": _("OP %(number)s is not a paragraph of %(instrument)s.")
                % {"number": row.paragraph.number, "instrument": row.instrument.reference}
            }
        )
    return ParagraphFunding, {"paragraph": row.paragraph, "period": row.period}


def _check_row_version(row: FundingRow, record: FundingRecord | None) -> None:
    if row.version is None or row.version == concurrency.current_version(record):
        return
    where = _("%(instrument)s in %(period)s") % {"instrument": row.instrument.reference, "period": row.period.label}
    if row.read is not None:
        stored = _state(record) if record is not None else dict.fromkeys([*AMOUNT_FIELDS, "note"])
        changing = [*row.amounts, *(["note"] if row.note is not None else [])]
        conflicts = [name for name in changing if _read_value(name, row.read.get(name)) != stored[name]]
        if not conflicts:
            return  # others changed other cells: theirs are kept, this row's cells are applied
        raise StaleRecord(record, row.version, fields=conflicts, conflicts=conflicts, where=where)
    raise StaleRecord(record, row.version, fields=[*AMOUNT_FIELDS, "note"], where=where)


def _read_value(name: str, value):
    """What a cell held when it was read, as the record stores it."""
    if name == "note":
        return (value or "").strip()
    try:
        return parse_amount(name, value)
    except ValidationError:
        return value


# Set while record_paragraph_funding writes the instrument's sum of its paragraphs' figures.
_summing_paragraphs: contextvars.ContextVar[bool] = contextvars.ContextVar("restrack_summing_paragraphs", default=False)


def _refuse_where_paragraphs_have_figures(change: FundingChange) -> None:
    """An instrument whose figures of a period are given per paragraph has their sum: its own
    amounts are written by _sum_paragraphs, never directly (a row that leaves them as they are, a
    file exported and imported again, is let through)."""
    row = change.row
    if row.paragraph is not None or _summing_paragraphs.get():
        return
    if not set(change.changed_fields) & set(AMOUNT_FIELDS):
        return
    numbers = list(
        ParagraphFunding.objects.filter(paragraph__instrument=row.instrument, period=row.period)
        .order_by("paragraph__order")
        .values_list("paragraph__number", flat=True)
    )
    if numbers:
        raise ValidationError(
            _(
                "The figures of %(instrument)s in %(period)s are the sum of its operative paragraphs' figures "
                "(OP %(numbers)s): record them per paragraph."
            )
            % {"instrument": row.instrument.reference, "period": row.period.label, "numbers": ", ".join(numbers)}
        )


def _write(
    row: FundingRow, record: FundingRecord | ParagraphFunding | None, *, acting_user, reason: str
) -> FundingChange:
    _check_row_version(row, record)
    before = _state(record) if record else None
    if record is None:
        model, lookup = _record_of(row)
        record = model(**lookup)
    problems = {}
    for name, value in row.amounts.items():
        try:
            setattr(record, name, parse_amount(name, value))
        except ValidationError as error:
            problems.update(error.message_dict)
    if problems:
        raise ValidationError(problems)
    if row.note is not None:
        record.note = row.note.strip()
    change = FundingChange(row, record, before, _state(record))
    if change.kind == "unchanged":
        return change  # no new history entry when a file is imported again
    _refuse_where_paragraphs_have_figures(change)
    if row.period.state == PeriodState.PUBLISHED and not reason.strip():
        raise ValidationError(
            {
                "reason": _(
                    "The figures of %(period)s are public; say why they change (for example 'Certified figures "
                    "from the financial statements')."
                )
                % {"period": row.period.label}
            }
        )
    save_recorded(record, acting_user=acting_user, reason=reason or _("Funding figures recorded"))
    data = {"fields": change.changed_fields, "new": before is None}
    if row.paragraph is not None:
        data["paragraph"] = row.paragraph.number
    emit(
        EventKind.FUNDING_RECORDED,
        actor=acting_user,
        target=record,
        reason=reason,
        data=data,
        topics=[row.instrument, row.period],
    )
    return change


def _sum_paragraphs(instrument: Instrument, period: ReportingPeriod, *, acting_user, reason: str) -> None:
    """Write the instrument's figures of `period` as the sum of its paragraphs' (an amount no
    paragraph reported stays unreported)."""
    sums = {
        name: arithmetic.total(
            ParagraphFunding.objects.filter(paragraph__instrument=instrument, period=period).values_list(
                name, flat=True
            )
        )
        for name in AMOUNT_FIELDS
    }
    token = _summing_paragraphs.set(True)
    try:
        _apply(
            FundingRow(instrument, period, sums),
            acting_user=acting_user,
            reason=reason or _("Sum of the operative paragraphs' figures"),
        )
    finally:
        _summing_paragraphs.reset(token)


# Sent once per sheet recorded (one row or thousands), after its transaction commits, with the ids
# of the instruments and periods whose figures changed: what follows a change of figures (the
# followers' gap alerts) looks once, not once per row's event.
figures_committed = Signal()


def _tell_committed(changes: list[FundingChange]) -> None:
    changed = [change.row for change in changes if change.kind != "unchanged"]
    if changed:
        instruments = sorted({row.instrument.pk for row in changed})
        periods = sorted({row.period.pk for row in changed})
        transaction.on_commit(
            lambda: figures_committed.send(FundingRecord, instrument_ids=instruments, period_ids=periods),
            robust=True,
        )


@atomic_action
def record_funding_sheet(
    rows: Sequence[FundingRow], *, acting_user, reason: str = "", dry_run: bool = False
) -> list[FundingChange]:
    """Record several instruments' figures at once: all or nothing. Every row is checked and every
    problem reported together, each with its row (`FundingSheetError`). With `dry_run` the changes
    are worked out through the same checks and then rolled back."""
    _require_funding_role(acting_user)
    with summary_batch() as pending:  # the rows' groups are summarized once, at the end
        changes = _record_rows(rows, acting_user=acting_user, reason=reason, dry_run=dry_run)
        if dry_run:
            pending.clear()  # rolled back: nothing to summarize
        else:
            _tell_committed(changes)
        return changes


def sheet_errors(rows: Sequence[FundingRow]) -> tuple[list[FundingRow], list[RowError]]:
    """The rows a sheet may record, and what is wrong with the others as a whole sheet sees it: a
    row repeated for the same figures, and an instrument's own row where the sheet gives that
    instrument's figures of the period per paragraph (its own are their sum)."""
    kept, errors, first_seen = [], [], {}
    per_paragraph = {}  # (instrument, period) -> where its first paragraph row is
    for row in rows:
        if row.paragraph is not None:
            per_paragraph.setdefault(row.key[:2], row.where)
    for row in rows:
        if row.key in first_seen:
            errors.append(
                RowError(
                    row.where,
                    "paragraph" if row.paragraph else "instrument",
                    _("%(names)s appears twice for %(period)s (first at %(first)s); keep one row.")
                    % {"names": row.names, "period": row.period.label, "first": first_seen[row.key]},
                )
            )
            continue
        first_seen[row.key] = row.where
        if row.paragraph is None and row.key[:2] in per_paragraph:
            errors.append(
                RowError(
                    row.where,
                    "paragraph",
                    _(
                        "%(instrument)s has figures per operative paragraph for %(period)s (from %(first)s), and "
                        "its own figures are their sum: remove this row, or name its paragraph."
                    )
                    % {
                        "instrument": row.instrument.reference,
                        "period": row.period.label,
                        "first": per_paragraph[row.key[:2]],
                    },
                )
            )
            continue
        kept.append(row)
    return kept, errors


def _record_rows(rows: Sequence[FundingRow], *, acting_user, reason: str, dry_run: bool) -> list[FundingChange]:
    kept, errors = sheet_errors(rows)
    changes = []
    for row in kept:
        try:
            with transaction.atomic():  # a savepoint: a refused row leaves the others usable
                changes.append(_apply(row, acting_user=acting_user, reason=reason))
        except StaleRecord as error:
            errors.append(RowError(row.where, "", error.messages[0], conflict=error))
        except ValidationError as error:
            errors.extend(_row_errors(row.where, error))
    if not errors:
        summed = {}
        for change in changes:
            if change.row.paragraph is not None and change.kind != "unchanged":
                summed.setdefault(change.row.key[:2], change.row)
        for row in summed.values():
            try:
                _sum_paragraphs(row.instrument, row.period, acting_user=acting_user, reason=reason)
            except ValidationError as error:
                errors.extend(_row_errors(row.where, error))
    if errors:
        place = {row.where: index for index, row in enumerate(rows)}
        raise FundingSheetError(sorted(errors, key=lambda error: place.get(error.where, -1)))
    if dry_run:
        transaction.set_rollback(True)
    return changes


def _row_errors(where: str, error: ValidationError) -> list[RowError]:
    by_field = error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
    return [
        RowError(where, "" if name == "__all__" else name, message)
        for name, messages in by_field
        for message in messages
    ]


def record_funding(
    instrument: Instrument,
    period: ReportingPeriod,
    *,
    acting_user,
    note: str | None = None,
    reason: str = "",
    version: int | None = None,
    **amounts,
) -> FundingRecord:
    """Create or update the funding figures of `instrument` for `period`.

    Amounts are given as `requirements_usd=`, `mobilized_core_usd=`, ...; None means not reported,
    and an amount not given stays as it is. Changing a published period's figures needs a reason.
    `version` is the version of the record read before (0: none was); a record saved since is
    refused with StaleRecord. Without it the figures are applied to the record as it is.
    """
    return record_funding_change(
        instrument, period, acting_user=acting_user, note=note, reason=reason, version=version, **amounts
    ).record


def record_funding_change(
    instrument: Instrument,
    period: ReportingPeriod,
    *,
    acting_user,
    note: str | None = None,
    reason: str = "",
    version: int | None = None,
    **amounts,
) -> FundingChange:
    """record_funding, answering what happened: `kind` is "new" only for the save that created the
    record (of two first saves at the same moment, one creates it and the other is applied to it or,
    with version 0, refused)."""
    return _one_change(FundingRow(instrument, period, amounts, note, version=version), acting_user, reason)


def _one_change(row: FundingRow, acting_user, reason: str) -> FundingChange:
    """record_funding_sheet of one row, its refusal as a ValidationError by field (or the StaleRecord)."""
    try:
        (change,) = record_funding_sheet([row], acting_user=acting_user, reason=reason)
    except FundingSheetError as error:
        if error.conflicts:
            raise error.conflicts[0] from None
        raise ValidationError({item.field or "__all__": item.message for item in error.row_errors}) from None
    return change


def record_paragraph_funding(
    paragraph: OperativeParagraph,
    period: ReportingPeriod,
    *,
    acting_user,
    note: str | None = None,
    reason: str = "",
    **amounts,
) -> ParagraphFunding:
    """Create or update an operative paragraph's figures for `period` (amounts as record_funding
    takes them), then write its instrument's figures of the period as the sum of its paragraphs'
    (an amount no paragraph reported stays unreported). Changing a published period's figures
    needs a reason."""
    row = FundingRow(paragraph.instrument, period, amounts, note, paragraph=paragraph)
    return _one_change(row, acting_user, reason).record


# The funding summary ---------------------------------------------------------------------------
#
# FundingSummaryRow adds up the records per period, body, session, kind and funding band. It is
# derived data, written here only, in the transaction of the write it follows: every save or
# delete of a FundingRecord (signals, so a write of any action, a test factory or a data fix
# alike; an action writing many records batches them: summary_batch), every save of an
# Instrument that moves it to another body, session or kind (so within the registry's action),
# and rebuild_funding_summary after bulk loads (bulk_create and raw SQL send no signals). A group
# is recomputed from its records rather than adjusted by differences, so it cannot drift; the
# period's row is locked first (PostgreSQL; SQLite writes one transaction at a time anyway), so
# two transactions recomputing the same period take turns and the second sees the first's records.

WHOLE_PERIOD_ABOVE = 200  # more sessions changed in one period than this: recompute the period
_batch: contextvars.ContextVar[set | None] = contextvars.ContextVar("restrack_funding_summary_batch", default=None)


def refresh_summary(groups: Iterable[tuple[int, int]]) -> None:
    """Recompute the summary rows of each (period id, session id) in `groups` from the records."""
    sessions_by_period: dict[int, set[int]] = defaultdict(set)
    for period_id, session_id in groups:
        sessions_by_period[period_id].add(session_id)
    for period_id, sessions in sorted(sessions_by_period.items()):
        list(ReportingPeriod.objects.select_for_update().filter(pk=period_id).values_list("pk"))
        stale = FundingSummaryRow.objects.filter(period_id=period_id)
        records = FundingRecord.objects.filter(period_id=period_id)
        if len(sessions) <= WHOLE_PERIOD_ABOVE:
            stale = stale.filter(session_id__in=sorted(sessions))
            records = records.filter(instrument__session_id__in=sorted(sessions))
        stale.delete()
        FundingSummaryRow.objects.bulk_create(aggregates.summary_rows(records))


def refresh_summary_of_records(keys: Iterable[tuple[int, int]]) -> None:
    """Recompute the summary of the groups of records given as (period id, instrument id)."""
    keys = set(keys)
    sessions = dict(
        Instrument.objects.filter(pk__in={instrument for _period, instrument in keys}).values_list("pk", "session_id")
    )
    refresh_summary((period, sessions[instrument]) for period, instrument in keys if instrument in sessions)


@contextlib.contextmanager
def summary_batch():
    """Saves and deletes of FundingRecords inside are summarized once, when the block ends
    without an exception (an exception rolls their transaction back). Yields the set of what is
    pending, which a dry run empties: its transaction is rolled back. Nested, the outer block
    summarizes."""
    if _batch.get() is not None:
        yield set()
        return
    token = _batch.set(set())
    try:
        yield _batch.get()
        keys = _batch.get()
    finally:
        _batch.reset(token)
    refresh_summary_of_records(keys)


def follow_funding_record(sender, instance, raw=False, **kwargs) -> None:
    """post_save and post_delete of a FundingRecord: its group's summary is recomputed (at the
    end of the batch, inside summary_batch)."""
    if raw:
        return
    key = (instance.period_id, instance.instrument_id)
    pending = _batch.get()
    if pending is None:
        refresh_summary_of_records([key])
    else:
        pending.add(key)


_GROUP_FIELDS = ("body_id", "session_id", "kind")
_ORDER_FIELDS = (*_GROUP_FIELDS, "sequence")  # what an instrument's place in the report order reads
_SESSION_ORDER_FIELDS = ("year", "number")


def note_instrument_group(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    """pre_save of an Instrument: remember its body, session, kind and sequence as stored."""
    if raw or instance.pk is None:
        return
    if update_fields is not None and not {"body", "session", "kind", "number", *_ORDER_FIELDS} & set(update_fields):
        return
    instance._funding_group_before = Instrument.objects.filter(pk=instance.pk).values_list(*_ORDER_FIELDS).first()


def follow_instrument_group(sender, instance, raw=False, **kwargs) -> None:
    """post_save of an Instrument: when it moved to another body, session or kind, recompute the
    summary of its old and new session in every period it has figures for; when its place in the
    report order changed, its records' order key."""
    before = instance.__dict__.pop("_funding_group_before", None)
    if before is None or before == tuple(getattr(instance, name) for name in _ORDER_FIELDS):
        return
    records = FundingRecord.objects.filter(instrument=instance)
    aggregates.fill_instrument_order(records)
    if before[:3] == tuple(getattr(instance, name) for name in _GROUP_FIELDS):
        return
    periods = set(records.values_list("period_id", flat=True))
    refresh_summary((period, session) for period in periods for session in {before[1], instance.session_id})


def note_session_order(sender, instance, raw=False, **kwargs) -> None:
    """pre_save of a Session: remember its year and number as stored."""
    if not raw and instance.pk is not None:
        instance._funding_order_before = (
            type(instance).objects.filter(pk=instance.pk).values_list(*_SESSION_ORDER_FIELDS).first()
        )


def follow_session_order(sender, instance, raw=False, **kwargs) -> None:
    """post_save of a Session: a new year or number moves its instruments in the report order."""
    before = instance.__dict__.pop("_funding_order_before", None)
    if before is not None and before != tuple(getattr(instance, name) for name in _SESSION_ORDER_FIELDS):
        aggregates.fill_instrument_order(FundingRecord.objects.filter(instrument__session=instance))


def rebuild_funding_summary() -> int:
    """Rewrite every record's stored figures from its amounts and the whole funding summary from
    the records, in one transaction; the number of summary rows written. For after bulk loads (benchmarks, tests), restores and changes made outside
    Restrack's code (`restrack rebuild-funding-summary`). Derived data like the search index: it
    records no event and needs no acting user."""
    with action_running(), transaction.atomic():
        aggregates.fill_stored_figures(FundingRecord.objects.all())  # bulk loads do not call save()
        FundingSummaryRow.objects.all().delete()
        rows = FundingSummaryRow.objects.bulk_create(
            aggregates.summary_rows(FundingRecord.objects.all()), batch_size=2_000
        )
    return len(rows)


# The Urban Action Funding Window ---------------------------------------------------------------


def _locked_window() -> FundingWindow:
    """The window's row, locked until the transaction ends, so that changes to its books happen
    one after the other (SQLite's IMMEDIATE transactions already do this)."""
    return FundingWindow.objects.select_for_update().get(code=books.URBAN_ACTION_FUNDING_WINDOW)


def _locked_item(model, item, version: int | None):
    """`item` as stored now, locked (the window's lock already queues its writers; this reads what
    the previous one left), after checking it is still the version the correction started from."""
    locked = concurrency.lock(model.objects, pk=item.pk)
    if locked is None:
        raise ValidationError(
            _("%(item)s was removed after you opened it: nothing was saved.") % {"item": item}, code="stale"
        )
    concurrency.check_version(locked, version)
    return locked


def _other_items(window: FundingWindow, leave_out=None):
    contributions = [c for c in window.contributions.all() if c != leave_out]
    allocations = [a for a in window.allocations.select_related("instrument") if a != leave_out]
    return contributions, allocations


@atomic_action
def record_contribution(
    contribution: WindowContribution | None = None,
    *,
    acting_user,
    reason: str = "",
    version: int | None = None,
    **fields,
) -> WindowContribution:
    """Record money received by the window, or correct a contribution already recorded (`reason`
    required; `version`, the version the correction started from, refuses it with StaleRecord when
    someone corrected the contribution since). Lowering, moving or correcting a contribution is
    refused when an allocation already relies on it."""
    _require_funding_role(acting_user)
    window = _locked_window()
    if contribution is not None:
        contribution = _locked_item(WindowContribution, contribution, version)
        if not reason.strip():
            raise ValidationError({"reason": _("Say why this contribution is corrected.")})
    contribution = contribution or WindowContribution(window=window)
    if "amount" in fields:
        fields["amount"] = parse_amount("amount", fields["amount"])
    if "amount_usd" in fields:
        fields["amount_usd"] = parse_amount("amount_usd", fields["amount_usd"])
    if fields.get("currency"):
        fields["currency"] = fields["currency"].strip().upper()
    for name, value in fields.items():
        setattr(contribution, name, value)
    if contribution.currency == "USD" and contribution.amount is not None and "amount_usd" not in fields:
        contribution.amount_usd = contribution.amount
    contribution.full_clean()
    contributions, allocations = _other_items(window, leave_out=contribution if contribution.pk else None)
    books.check_never_overdrawn(books.ledger([*contributions, contribution], allocations))
    save_recorded(contribution, acting_user=acting_user, reason=reason or _("Contribution recorded"))
    emit(EventKind.CONTRIBUTION_RECORDED, actor=acting_user, target=contribution, reason=reason, topics=[window])
    return contribution


@atomic_action
def withdraw_contribution(contribution: WindowContribution, *, acting_user, reason: str) -> None:
    """Remove a contribution recorded in error; refused when allocations rely on it."""
    _require_funding_role(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this contribution is withdrawn.")})
    window = _locked_window()
    contributions, allocations = _other_items(window, leave_out=contribution)
    books.check_never_overdrawn(books.ledger(contributions, allocations))
    emit(EventKind.CONTRIBUTION_WITHDRAWN, actor=acting_user, target=contribution, reason=reason, topics=[window])
    delete_recorded(contribution, acting_user=acting_user, reason=reason)


@atomic_action
def allocate_from_window(
    allocation: WindowAllocation | None = None,
    *,
    acting_user,
    reason: str = "",
    version: int | None = None,
    **fields,
) -> WindowAllocation:
    """Allocate money from the window to an instrument or to one of its operative paragraphs
    (`paragraph`; the instrument is the paragraph's when not given), or correct an allocation
    (`reason` required; `version` as for record_contribution). Refused when it exceeds what the
    window can spare on its date."""
    _require_funding_role(acting_user)
    window = _locked_window()
    if allocation is not None:
        allocation = _locked_item(WindowAllocation, allocation, version)
        if not reason.strip():
            raise ValidationError({"reason": _("Say why this allocation is corrected.")})
    allocation = allocation or WindowAllocation(window=window)
    if "amount_usd" in fields:
        fields["amount_usd"] = parse_amount("amount_usd", fields["amount_usd"])
    if fields.get("paragraph") is not None and "instrument" not in fields:
        fields["instrument"] = fields["paragraph"].instrument
    for name, value in fields.items():
        setattr(allocation, name, value)
    allocation.full_clean()
    contributions, allocations = _other_items(window, leave_out=allocation if allocation.pk else None)
    books.check_allocation(books.ledger(contributions, allocations), allocation)
    save_recorded(allocation, acting_user=acting_user, reason=reason or _("Allocation recorded"))
    emit(
        EventKind.ALLOCATION_MADE,
        actor=acting_user,
        target=allocation,
        reason=reason,
        topics=[window, allocation.instrument],
    )
    return allocation


@atomic_action
def cancel_allocation(allocation: WindowAllocation, *, acting_user, reason: str) -> None:
    _require_funding_role(acting_user)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this allocation is cancelled.")})
    window = _locked_window()
    emit(
        EventKind.ALLOCATION_CANCELLED,
        actor=acting_user,
        target=allocation,
        reason=reason,
        topics=[window, allocation.instrument],
    )
    delete_recorded(allocation, acting_user=acting_user, reason=reason)
