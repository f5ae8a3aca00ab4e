"""Keeps PeriodComparison (restrack.publish.models) equal to what the comparison page's live count
(selectors.comparison_counts over every instrument) would give, for each pair of consecutive public
periods, so that the unfiltered comparison reads one row instead of joining every instrument to
its updates and funding records of both periods.

What an instrument adds to a pair's counts depends only on its own update and funding record of
the two periods. So each change adds a difference: what the one instrument it touches adds to the
pairs of the periods it touches, after the change less before it (`one()`: the page's own joins
and conditions, selectors.comparison_queryset and CHANGES, on that instrument's row, so the meaning
cannot drift from the page's; its SQL is built once per pair, about 1 ms per change to run):

- an update created, saved (published, withdrawn, another status, moved) or deleted;
- a funding record created, saved (other amounts) or deleted;
- an instrument created (silent in every pair: it has no update or record yet) or deleted;
- a period published, withdrawn, moved in time or deleted: the consecutive pairs change, and a
  new pair is counted live once (publishing a period is one such change).

Each change reads a few rows of one instrument (indexed), never a period's. Bulk loads and bulk
updates send no signals: `rebuild()` (the benchmark's build calls it, as the period counts') counts
every pair again. Two transactions changing the same instrument's updates or records of two
periods of one pair at the same moment could each miss the other's change (the difference is read
outside the row it writes); `rebuild()` (run after a restore) repairs that."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, ExpressionWrapper, F, Q
from django.db.models.signals import pre_save

from restrack.accounts import policy
from restrack.funding.models import FundingRecord
from restrack.publish import selectors
from restrack.publish.choices import PeriodChange
from restrack.publish.models import PeriodComparison
from restrack.registry.models import Instrument
from restrack.reporting.models import ProgressUpdate, ReportingPeriod

FIELDS = ("instruments", *PeriodChange.values)


def consecutive_pairs() -> list[tuple[int, int]]:
    """(earlier id, later id) of each two public periods that follow each other, as the page
    orders them (by start date)."""
    ids = list(policy.public(ReportingPeriod.objects.order_by("start_date")).values_list("pk", flat=True))
    return list(zip(ids, ids[1:], strict=False))


def live(earlier_id: int, later_id: int, instruments=None) -> dict[str, int]:
    """The page's count of the comparison of two periods over `instruments` (every one)."""
    counted = selectors.comparison_counts(
        selectors.comparison_queryset(
            Instrument.objects.all() if instruments is None else instruments,
            ReportingPeriod(pk=earlier_id),
            ReportingPeriod(pk=later_id),
            figures=False,
        )
    )
    return {field: counted[field] for field in FIELDS}


# (database vendor, earlier id, later id): the SQL of one instrument's flags, and its parameters
# without the instrument's id (the last one). Building the queryset costs milliseconds of Python,
# running it a fraction of one: each change runs it two to four times.
_ONE_SQL: dict[tuple[str, int, int], tuple[str, list]] = {}


def one(earlier_id: int, later_id: int, instrument_id: int) -> dict[str, int]:
    """What instrument `instrument_id` adds to the pair's counts (0 or 1 each; none when it does
    not exist): the page's conditions (selectors.CHANGES) evaluated on its one row."""
    key = (connection.vendor, earlier_id, later_id)
    if key not in _ONE_SQL:
        flags = {  # (named apart from the instrument's own fields: it has a status)
            f"is_{change}": ExpressionWrapper(condition, output_field=BooleanField())
            for change, condition in selectors.CHANGES.items()
        }
        queryset = (
            selectors.comparison_queryset(
                Instrument.objects.filter(pk=instrument_id),
                ReportingPeriod(pk=earlier_id),
                ReportingPeriod(pk=later_id),
                figures=False,
            )
            .order_by()
            .annotate(**flags)
            .values(*flags)
        )
        sql, params = queryset.query.sql_with_params()
        if list(params)[-1:] != [instrument_id]:  # not the shape expected: no shortcut
            return live(earlier_id, later_id, Instrument.objects.filter(pk=instrument_id))
        _ONE_SQL[key] = (sql, list(params)[:-1])
    sql, params = _ONE_SQL[key]
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, instrument_id])
        row = cursor.fetchone()
        names = [column[0].removeprefix("is_") for column in cursor.description]
    if row is None:
        return dict.fromkeys(FIELDS, 0)
    flags = dict(zip(names, row, strict=True))  # (in the SELECT's order, not necessarily CHANGES')
    return {"instruments": 1, **{field: int(bool(flags[field])) for field in FIELDS[1:]}}


def kept() -> dict[tuple[int, int], dict[str, int]]:
    """{(earlier id, later id): counts} of every kept pair."""
    return {
        (row["earlier_id"], row["later_id"]): {field: row[field] for field in FIELDS}
        for row in PeriodComparison.objects.values("earlier_id", "later_id", *FIELDS)
    }


def rebuild(model=PeriodComparison) -> int:
    """Count every pair of consecutive public periods live (`model`: a migration's historical
    model); the pairs counted."""
    pairs = consecutive_pairs()
    model.objects.all().delete()
    model.objects.bulk_create(model(earlier_id=e, later_id=later, **live(e, later)) for e, later in pairs)
    return len(pairs)


def follow_periods(sender, instance=None, raw=False, **kwargs) -> None:
    """post_save and post_delete of a ReportingPeriod: the pairs no longer consecutive are dropped,
    the new ones counted (live, once)."""
    if raw:
        return
    wanted = consecutive_pairs()
    stored = set(PeriodComparison.objects.values_list("earlier_id", "later_id"))
    stale = stored - set(wanted)
    if stale:
        PeriodComparison.objects.filter(
            pk__in=[
                pk
                for pk, e, later in PeriodComparison.objects.values_list("pk", "earlier_id", "later_id")
                if (e, later) in stale
            ]
        ).delete()
    for e, later in wanted:
        if (e, later) not in stored:
            PeriodComparison.objects.create(earlier_id=e, later_id=later, **live(e, later))


def _add(pair_pk: int, difference: dict[str, int]) -> None:
    changed = {field: F(field) + n for field, n in difference.items() if n}
    if changed:
        PeriodComparison.objects.filter(pk=pair_pk).update(**changed)


def _contributions(keys) -> dict[tuple[int, int], tuple[int, int, dict[str, int]]]:
    """{(instrument id, pair id): (earlier id, later id, what the instrument adds to the pair)}
    for each (instrument, period) in `keys` and each kept pair of that period."""
    periods = {period for _instrument, period in keys}
    pairs = list(
        PeriodComparison.objects.filter(Q(earlier_id__in=periods) | Q(later_id__in=periods)).values_list(
            "pk", "earlier_id", "later_id"
        )
    )
    found = {}
    for instrument, period in keys:
        for pk, e, later in pairs:
            if period in (e, later) and (instrument, pk) not in found:
                found[instrument, pk] = (e, later, one(e, later, instrument))
    return found


# What each counted model's rows are compared by, besides their instrument and period: whether an
# update is public (its workflow state) and its status; a record's requirements and mobilized.
COMPARED_FIELDS = {
    ProgressUpdate: ("status", "workflow_state"),
    FundingRecord: ("requirements_cents", "mobilized_cents"),
}


# Receivers (connected in restrack.publish.apps) ------------------------------------------------


def note_before(sender, instance, raw=False, **kwargs) -> None:
    """pre_save and pre_delete of a ProgressUpdate or FundingRecord: what its instrument (the one
    stored, and the one it will have) adds to the kept pairs of its period (stored and new), before
    the change."""
    if raw:
        return
    keys = {(instance.instrument_id, instance.period_id)}
    if not instance._state.adding and instance.pk is not None and _unchanged_as_stored(instance, kwargs):
        instance._comparison_before = {}
        return
    if not instance._state.adding and instance.pk is not None:
        compared = COMPARED_FIELDS.get(sender, ())
        stored = sender.objects.filter(pk=instance.pk).values_list("instrument_id", "period_id", *compared).first()
        if stored is not None:
            if compared and kwargs.get("signal") is pre_save and stored[2:] == _values(instance, compared):
                # A save that changes nothing the comparison reads (an update's text, its version):
                # it adds what it added before; most saves of an import or an editor are such.
                instance._comparison_before = {}
                return
            keys.add(stored[:2])
    instance._comparison_before = _contributions(keys)


def _unchanged_as_stored(instance, kwargs) -> bool:
    """A save of an update whose compared fields equal what the object last read or wrote (the
    action holds the row locked, so that is the row): nothing to count, and no read of the row."""
    stored = getattr(instance, "as_stored", lambda: None)()
    return (
        kwargs.get("signal") is pre_save
        and stored is not None
        and all(getattr(instance, field) == value for field, value in stored.items())
    )


def _values(instance, fields: tuple[str, ...]) -> tuple:
    return tuple(getattr(instance, field) for field in fields)


def follow(sender, instance, raw=False, **kwargs) -> None:
    """post_save and post_delete of a ProgressUpdate or FundingRecord: the difference its change
    made to what its instrument adds to each pair note_before counted."""
    if raw:
        return
    for (instrument, pk), (e, later, then) in instance.__dict__.pop("_comparison_before", {}).items():
        now = one(e, later, instrument)
        _add(pk, {field: now[field] - then[field] for field in FIELDS})


def follow_instrument(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of an Instrument: a new one has no update or record yet: silent in every pair."""
    if created and not raw:
        PeriodComparison.objects.update(instruments=F("instruments") + 1, silent=F("silent") + 1)


def note_deleted_instrument(sender, instance, **kwargs) -> None:
    """pre_delete of an Instrument (its updates and records protect it: it has none, but count)."""
    instance._comparison_before = {
        pk: one(e, later, instance.pk)
        for pk, e, later in PeriodComparison.objects.values_list("pk", "earlier_id", "later_id")
    }


def follow_deleted_instrument(sender, instance, **kwargs) -> None:
    for pk, then in instance.__dict__.pop("_comparison_before", {}).items():
        _add(pk, {field: -then[field] for field in FIELDS})
