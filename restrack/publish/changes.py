"""What changed in a published period, instrument by instrument, against the previous published
period: a first update (new), a further one (updated: new paragraphs), no update where there was
one (silent), a different status, other funding figures, commitments delivered in the period's
reports, commitments that fell due within it and are not delivered.

One query over every instrument (the period comparison's, restrack.publish.selectors.CHANGES,
with two counts of commitments), read through the access policy's public rules: it is what the
public tracker shows, for the API's /api/v1/period-changes/ and its exports, and for the digests
sent to followers when a period is published (restrack.follow)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Count,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce

from restrack.accounts import policy
from restrack.core.exports import QUERY_CHUNK, Table
from restrack.funding import arithmetic
from restrack.funding.aggregates import amount
from restrack.publish import selectors
from restrack.publish.choices import PeriodChange
from restrack.registry.models import Instrument
from restrack.reporting.choices import CommitmentState
from restrack.reporting.models import Commitment, ReportingPeriod, UpdateEntry, overdue_commitments

# Beside the comparison's four: a new update that is not the first (new paragraphs), and commitments.
UPDATED = "updated"
DELIVERED = "delivered"
OVERDUE = "overdue"
KINDS = (
    PeriodChange.NEW,
    UPDATED,
    *[kind for kind in PeriodChange.values if kind != PeriodChange.NEW],
    DELIVERED,
    OVERDUE,
)
# The sentinel "period" of the first period's comparison: nothing was reported before it, so every
# instrument it reports on is new (no row joins a period of id 0).
NOTHING_BEFORE = ReportingPeriod(pk=0, label="")

COLUMNS = [
    "period",
    "previous_period",
    "instrument",
    "instrument_slug",
    "changes",
    "previous_status",
    "status",
    "paragraphs",
    "previous_requirements_usd",
    "requirements_usd",
    "previous_mobilized_usd",
    "mobilized_usd",
    "previous_gap_percent",
    "gap_percent",
    "commitments_delivered",
    "commitments_overdue",
]


# What each kind of change is, on a changes_queryset row (the comparison's conditions, and ours).
CONDITIONS = {
    **selectors.CHANGES,
    # The comparison's "silent" counts every instrument without a later update; a change is one
    # that had an update before.
    PeriodChange.SILENT: Q(later_id__isnull=True, earlier_id__isnull=False),
    UPDATED: Q(later_id__isnull=False, earlier_id__isnull=False),
    DELIVERED: Q(delivered__gt=0),
    OVERDUE: Q(overdue__gt=0),
}


def previous_period(period: ReportingPeriod) -> ReportingPeriod | None:
    """The public period before `period`."""
    earlier = policy.public(ReportingPeriod.objects.filter(start_date__lt=period.start_date))
    return earlier.order_by("-start_date").first()


def _count(queryset, field: str):
    return Coalesce(
        Subquery(queryset.order_by().values(field).annotate(n=Count("pk")).values("n")[:1]),
        Value(0),
        output_field=IntegerField(),
    )


def changes_queryset(period: ReportingPeriod, instruments: QuerySet | None = None, *, kinds=()) -> QuerySet:
    """The instruments (of `instruments`, default all) with something that changed in `period`,
    or with one of `kinds`, annotated as selectors.comparison_queryset does plus `paragraphs` (of
    the period's public update) and the counts `delivered` and `overdue` of public commitments."""
    earlier = previous_period(period) or NOTHING_BEFORE
    queryset = selectors.comparison_queryset(
        Instrument.objects.all() if instruments is None else instruments, earlier, period
    )
    public = Commitment.objects.filter(public=True, instrument=OuterRef("pk"))
    # Delivered: as the period's published reports state (a draft's word is nobody's yet).
    delivered = public.filter(
        policy.public_q("reporting.progressupdate", "delivered_in__update"),
        state=CommitmentState.DELIVERED,
        delivered_in__update__period=period,
    )
    # Overdue: fell due within the period (after the previous one ended) and still not delivered;
    # one overdue for years is not news each period.
    overdue = public.filter(overdue_commitments(period.end_date + datetime.timedelta(days=1)))
    if earlier is not NOTHING_BEFORE:
        overdue = overdue.filter(due_date__gt=earlier.end_date)
    paragraphs = UpdateEntry.objects.filter(update_id=OuterRef("later_id"))
    queryset = queryset.annotate(
        paragraphs=_count(paragraphs, "update"),
        delivered=_count(delivered, "instrument"),
        overdue=_count(overdue, "instrument"),
    )
    unknown = [kind for kind in kinds if kind not in CONDITIONS]
    if unknown:
        raise ValueError(f"Unknown change {unknown[0]!r}; use one of {', '.join(KINDS)}")
    # Each kind read back as a flag (`is_<kind>`), so that the rows say their changes by the same
    # conditions that chose them.
    queryset = queryset.annotate(
        **{f"is_{kind}": ExpressionWrapper(CONDITIONS[kind], output_field=BooleanField()) for kind in KINDS}
    )
    wanted = Q()
    for kind in kinds or KINDS:
        wanted |= CONDITIONS[kind]
    return queryset.filter(wanted)


@dataclass(frozen=True)
class InstrumentChange:
    """One instrument's changes in a period, as digests and exports state them."""

    instrument: Instrument
    kinds: tuple[str, ...]
    previous_status: str | None
    status: str | None
    paragraphs: int
    previous_requirements: Decimal | None  # USD; None: not reported
    requirements: Decimal | None
    previous_mobilized: Decimal | None
    mobilized: Decimal | None
    delivered: int
    overdue: int

    @property
    def previous_gap_percent(self) -> int | None:
        return arithmetic.gap_percent(self.previous_requirements, self.previous_mobilized)

    @property
    def gap_percent(self) -> int | None:
        return arithmetic.gap_percent(self.requirements, self.mobilized)


def change_of(row) -> InstrumentChange:
    """The InstrumentChange of one changes_queryset row."""
    return InstrumentChange(
        instrument=row,
        kinds=tuple(kind for kind in KINDS if getattr(row, f"is_{kind}")),
        previous_status=row.earlier_status if row.earlier_id is not None else None,
        status=row.later_status if row.later_id is not None else None,
        paragraphs=row.paragraphs,
        previous_requirements=amount(row.fund_earlier_req),
        requirements=amount(row.fund_later_req),
        previous_mobilized=amount(row.fund_earlier_mob),
        mobilized=amount(row.fund_later_mob),
        delivered=row.delivered,
        overdue=row.overdue,
    )


def period_changes(period: ReportingPeriod, instruments: QuerySet | None = None) -> list[InstrumentChange]:
    """Every instrument's changes in `period`, in the report order."""
    rows = changes_queryset(period, instruments).order_by(*selectors.REPORT_ORDER, "pk")
    return [change_of(row) for row in rows.iterator(chunk_size=QUERY_CHUNK)]


def changes_table(queryset: QuerySet, period: ReportingPeriod) -> Table:
    """One row per instrument of a changes_queryset, its changes joined by spaces."""
    before = previous_period(period)
    return Table(
        f"restrack-changes-{period.label}", f"Changes {period.label}", COLUMNS, _rows(queryset, period, before)
    )


def _rows(queryset, period, before):
    for row in queryset.iterator(chunk_size=QUERY_CHUNK):
        change = change_of(row)
        yield [
            period.label,
            before.label if before else None,
            row.reference,
            row.slug,
            " ".join(change.kinds),
            change.previous_status,
            change.status,
            change.paragraphs,
            change.previous_requirements,
            change.requirements,
            change.previous_mobilized,
            change.mobilized,
            change.previous_gap_percent,
            change.gap_percent,
            change.delivered,
            change.overdue,
        ]
