"""What the public tracker reads. Only published data: updates in the published workflow state,
funding figures of published periods. Every function runs a fixed number of queries, whatever
the number of instruments (the page tests assert it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, IntegerField, OuterRef, Prefetch, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from restrack.accounts import policy
from restrack.funding.choices import FundingSource
from restrack.funding.figures import FundingFigures, FundingSummary, summarize
from restrack.funding.models import FundingRecord
from restrack.publish.choices import DashboardSort, FundingFilter
from restrack.registry.models import Instrument, OperativeParagraph
from restrack.reporting.choices import CommitmentState
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry
from restrack.reporting.selectors import visible_commitments

# What the public may read, from the access policy: the tracker shows nothing else.
PUBLISHED_UPDATES = policy.public_q("reporting.progressupdate")
PUBLISHED_UPDATES_IN_PERIOD = policy.public_q("reporting.progressupdate", "updates")
FUNDING_COLUMNS = {
    "requirements": "requirements_usd",
    "core": "mobilized_core_usd",
    "earmarked": "mobilized_earmarked_usd",
    "window": "mobilized_window_usd",
    "other": "mobilized_other_usd",
    "note": "note",
}
SOURCES = tuple(FundingSource.values)


@dataclass
class DashboardRow:
    instrument: Instrument
    funding: FundingFigures
    latest_period: str | None
    overdue: int


def funding_periods() -> list[ReportingPeriod]:
    """Published periods that have funding figures, oldest first: the periods whose figures are
    public and worth choosing."""
    return list(
        policy.public(ReportingPeriod.objects.filter(funding_records__isnull=False)).distinct().order_by("start_date")
    )


def choose_period(periods: list[ReportingPeriod], label: str | None) -> ReportingPeriod | None:
    """The period called `label` among `periods`, else the latest of them (None when empty)."""
    chosen = next((period for period in periods if period.label == label), None)
    return chosen or (periods[-1] if periods else None)


def _period_funding(period: ReportingPeriod | None, column: str):
    records = FundingRecord.objects.filter(
        policy.public_q("funding.fundingrecord"), instrument=OuterRef("pk"), period=period
    )
    return Subquery(records.values(column)[:1])


def with_latest_period(instruments):
    """`instruments` annotated with `latest_period`: the label of the latest period with a
    published update of each (None when none has been published)."""
    latest_update = ProgressUpdate.objects.filter(PUBLISHED_UPDATES, instrument=OuterRef("pk")).order_by(
        "-period__start_date"
    )
    return instruments.annotate(latest_period=Subquery(latest_update.values("period__label")[:1]))


def dashboard_rows(instruments=None, *, period: ReportingPeriod | None = None, today=None) -> list[DashboardRow]:
    """Every instrument with its funding figures of `period` (a snapshot of one published period;
    none without a period), latest reported period and number of overdue commitments, in one query."""
    today = today or timezone.localdate()
    pending = Commitment.objects.filter(instrument=OuterRef("pk"), state=CommitmentState.PENDING, due_date__lt=today)
    overdue = (
        visible_commitments(AnonymousUser(), pending, delivery=False)
        .order_by()  # the model's ordering would enter the GROUP BY and split the count
        .values("instrument")
        .annotate(n=Count("pk"))
        .values("n")
    )
    queryset = (instruments if instruments is not None else Instrument.objects.all()).select_related("body", "session")
    funding = (
        {f"funding_{name}": _period_funding(period, column) for name, column in FUNDING_COLUMNS.items()}
        if period
        else {}
    )
    queryset = with_latest_period(queryset).annotate(
        overdue=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        **funding,
    )
    rows = []
    for instrument in queryset:
        figures = FundingFigures(
            getattr(instrument, "funding_requirements", None),
            {source: getattr(instrument, f"funding_{source}", None) for source in SOURCES},
            period.label if period else None,
            getattr(instrument, "funding_note", None) or "",
        )
        rows.append(DashboardRow(instrument, figures, instrument.latest_period, instrument.overdue))
    return rows


def totals(rows) -> FundingSummary:
    """Sums of the instruments shown, so that the totals always equal the rows to the cent."""
    return summarize(row.funding for row in rows)


def gap_unknown(rows) -> int:
    """How many rows have figures but no gap (requirements or resources mobilized not reported):
    the total gap leaves them out, and pages say so."""
    return sum(
        1
        for row in rows
        if row.funding.gap is None and (row.funding.requirements is not None or row.funding.mobilized is not None)
    )


def notes(rows) -> list[tuple[str, list[Instrument]]]:
    """The notes on the rows' figures (such as "made-up sample figures"), each once, with the
    instruments it is about, so that a page can show them next to the figures."""
    by_note: dict[str, list[Instrument]] = {}
    for row in rows:
        if row.funding.note:
            by_note.setdefault(row.funding.note, []).append(row.instrument)
    return list(by_note.items())


def filter_rows(rows, filters: dict):
    """The rows that pass the dashboard's funding filter (`filters["funding"]`), which needs the
    figures; the instrument filters (body, session, kind, status) are InstrumentFilterSet's, run on
    the instruments before their rows are built (restrack.publish.views.DashboardView)."""

    def keep(row):
        funding = filters.get("funding")
        if funding == FundingFilter.NOT_REPORTED and row.funding.gap is not None:
            return False
        if funding == FundingFilter.UNDER_FUNDED and not (row.funding.gap is not None and row.funding.gap > 0):
            return False
        if funding == FundingFilter.FUNDED and not (row.funding.gap is not None and row.funding.gap <= 0):
            return False
        return True

    return [row for row in rows if keep(row)]


SORT_KEYS = {
    DashboardSort.STATUS: lambda row: row.instrument.status or None,
    DashboardSort.REQUIREMENTS: lambda row: row.funding.requirements,
    DashboardSort.MOBILIZED: lambda row: row.funding.mobilized,
    DashboardSort.GAP: lambda row: row.funding.gap,
    DashboardSort.GAP_PERCENT: lambda row: row.funding.gap_percent,
    DashboardSort.OVERDUE: lambda row: row.overdue,
}


def sort_rows(rows, sort, descending=False):
    """Rows sorted by `sort`; equal keys keep the report order (the sort is stable either way);
    unknown figures sort last whatever the direction: they are not zero."""
    if sort not in SORT_KEYS:
        return rows  # already in report order (session, resolutions before decisions, number)
    key = SORT_KEYS[sort]
    known = sorted((row for row in rows if key(row) is not None), key=key, reverse=descending)
    return known + [row for row in rows if key(row) is None]


# The funding analysis ------------------------------------------------------------------------


@dataclass
class FundingLine:
    """One instrument's figures in one period, shaped like a DashboardRow for the sort and filter
    helpers."""

    instrument: Instrument
    funding: FundingFigures


@dataclass
class PublishedFunding:
    """Every published funding figure, by instrument and period: what the analysis page and the
    exports read."""

    periods: list[ReportingPeriod]  # published periods with figures, oldest first
    instruments: list[Instrument]  # report order
    figures: dict[tuple[int, int], FundingFigures]

    def lines(self, period: ReportingPeriod | None) -> list[FundingLine]:
        """The instruments with figures in `period`, in report order."""
        if period is None:
            return []
        return [
            FundingLine(instrument, self.figures[instrument.pk, period.pk])
            for instrument in self.instruments
            if (instrument.pk, period.pk) in self.figures
        ]

    def all_lines(self) -> list[tuple[ReportingPeriod, FundingLine]]:
        """(period, line) for every figure: instruments in report order, each one's periods oldest first."""
        return [
            (period, FundingLine(instrument, self.figures[instrument.pk, period.pk]))
            for instrument in self.instruments
            for period in self.periods
            if (instrument.pk, period.pk) in self.figures
        ]

    def totals_by_period(self) -> list[tuple[ReportingPeriod, FundingSummary]]:
        return [(period, totals(self.lines(period))) for period in self.periods]

    def trend(self) -> list[tuple[Instrument, list[FundingFigures | None]]]:
        """Each instrument with published figures and its figures in every period (None where it
        has none), periods oldest first."""
        table = [
            (instrument, [self.figures.get((instrument.pk, period.pk)) for period in self.periods])
            for instrument in self.instruments
        ]
        return [(instrument, cells) for instrument, cells in table if any(cells)]


def published_funding(*, period: ReportingPeriod | None = None) -> PublishedFunding:
    """Funding figures of published periods (only `period`'s when given), in two queries."""
    records = policy.public(FundingRecord.objects.select_related("period"))
    if period is not None:
        records = records.filter(period=period)
    figures, periods = {}, {}
    for record in records.order_by():
        figures[record.instrument_id, record.period_id] = FundingFigures.from_record(
            record, period_label=record.period.label
        )
        periods[record.period_id] = record.period
    with_figures = {instrument_id for instrument_id, _period_id in figures}
    instruments = (
        [
            instrument
            for instrument in Instrument.objects.select_related("body", "session")
            if instrument.pk in with_figures
        ]
        if figures
        else []
    )
    return PublishedFunding(sorted(periods.values(), key=lambda p: p.start_date), instruments, figures)


def status_counts(rows: list[DashboardRow]) -> Counter:
    return Counter(row.instrument.status or "" for row in rows)


def published_updates(instrument: Instrument):
    """The instrument's published updates, newest period first, with everything their paragraphs
    show (operative paragraphs, partners, source document), in a fixed number of queries."""
    entries = UpdateEntry.objects.select_related("source_document").prefetch_related("operative_paragraphs", "partners")
    return (
        instrument.updates.filter(PUBLISHED_UPDATES)
        .select_related("period", "period__board_session", "source_document")
        .prefetch_related(Prefetch("entries", queryset=entries.order_by("position")))
        .order_by("-period__start_date")
    )


def operative_paragraphs_with_citations(instrument: Instrument):
    """Operative paragraphs with the published paragraphs that cite them."""
    citing = policy.public(UpdateEntry.objects.all()).select_related("update__period", "source_document")
    return instrument.operative_paragraphs.prefetch_related(Prefetch("entries", queryset=citing, to_attr="citations"))


def funding_history(instrument: Instrument) -> list[FundingFigures]:
    records = policy.public(instrument.funding_records.select_related("period"))
    return [
        FundingFigures.from_record(record, period_label=record.period.label)
        for record in records.order_by("period__start_date")
    ]


def status_history(instrument: Instrument) -> list[tuple]:
    """(date, status) each time the published status changed, oldest first."""
    changes, previous = [], None
    for record in instrument.history.order_by("history_date", "history_id").only("history_date", "status"):
        if record.status != previous:
            changes.append((record.history_date, record.status))
            previous = record.status
    return [change for change in changes if change[1]]


def commitments(instrument: Instrument):
    """The instrument's commitments the public may see: none promised in an unpublished update."""
    return visible_commitments(
        AnonymousUser(),
        instrument.commitments.select_related("promised_in__update__period", "delivered_in__update__period"),
    )


def periods_with_activity():
    """Published periods with their counts of published updates and commitments promised."""
    return (
        policy.public(ReportingPeriod.objects.all())
        .annotate(
            update_count=Count("updates", filter=PUBLISHED_UPDATES_IN_PERIOD, distinct=True),
            commitment_count=Count(
                "updates__entries__commitments_made", filter=PUBLISHED_UPDATES_IN_PERIOD, distinct=True
            ),
        )
        .order_by("start_date")
    )


def uncited(paragraphs) -> list[OperativeParagraph]:
    return [paragraph for paragraph in paragraphs if not paragraph.citations]
