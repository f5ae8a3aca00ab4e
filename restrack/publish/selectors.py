"""What the public tracker reads. Only published data: updates in the published workflow state,
funding figures of published periods. Every function runs a fixed number of queries, whatever
the number of instruments (the page tests assert it)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, IntegerField, OuterRef, Prefetch, Q, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from restrack.funding.figures import FundingFigures, FundingSummary, summarize
from restrack.funding.models import FundingRecord
from restrack.registry.models import Instrument, OperativeParagraph
from restrack.reporting.choices import CommitmentState, PeriodState, WorkflowState
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry

PUBLISHED_UPDATES = Q(workflow_state=WorkflowState.PUBLISHED)
PUBLISHED_UPDATES_IN_PERIOD = Q(updates__workflow_state=WorkflowState.PUBLISHED)
FUNDING_COLUMNS = {
    "requirements": "requirements_usd",
    "core": "mobilized_core_usd",
    "earmarked": "mobilized_earmarked_usd",
    "window": "mobilized_window_usd",
    "other": "mobilized_other_usd",
    "period": "period__label",
}


@dataclass
class DashboardRow:
    instrument: Instrument
    funding: FundingFigures
    latest_period: str | None
    overdue: int


def _latest_published_funding(column: str):
    records = FundingRecord.objects.filter(instrument=OuterRef("pk"), period__state=PeriodState.PUBLISHED)
    return Subquery(records.order_by("-period__start_date").values(column)[:1])


def dashboard_rows(instruments=None, *, today=None) -> list[DashboardRow]:
    """Every instrument with its latest published funding, latest reported period and number of
    overdue commitments, in one query."""
    today = today or timezone.localdate()
    overdue = (
        Commitment.objects.filter(instrument=OuterRef("pk"), state=CommitmentState.PENDING, due_date__lt=today)
        .order_by()  # the model's ordering would enter the GROUP BY and split the count
        .values("instrument").annotate(n=Count("pk")).values("n")
    )
    latest_update = ProgressUpdate.objects.filter(PUBLISHED_UPDATES, instrument=OuterRef("pk")).order_by("-period__start_date")
    queryset = (instruments if instruments is not None else Instrument.objects.all()).select_related("body", "session")
    queryset = queryset.annotate(
        latest_period=Subquery(latest_update.values("period__label")[:1]),
        overdue=Coalesce(Subquery(overdue, output_field=IntegerField()), Value(0)),
        **{f"funding_{name}": _latest_published_funding(column) for name, column in FUNDING_COLUMNS.items()},
    )
    rows = []
    for instrument in queryset:
        funding = FundingFigures(
            instrument.funding_requirements,
            {source: getattr(instrument, f"funding_{source}") for source in ("core", "earmarked", "window", "other")},
            instrument.funding_period,
        )
        rows.append(DashboardRow(instrument, funding, instrument.latest_period, instrument.overdue))
    return rows


def totals(rows: list[DashboardRow]) -> FundingSummary:
    """Sums of the instruments shown, so that the totals always equal the rows to the cent."""
    return summarize(row.funding for row in rows)


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
    citing = UpdateEntry.objects.filter(update__workflow_state=WorkflowState.PUBLISHED).select_related(
        "update__period", "source_document")
    return instrument.operative_paragraphs.prefetch_related(Prefetch("entries", queryset=citing, to_attr="citations"))


def funding_history(instrument: Instrument) -> list[FundingFigures]:
    records = instrument.funding_records.filter(period__state=PeriodState.PUBLISHED).select_related("period")
    return [FundingFigures.from_record(record, period_label=record.period.label)
            for record in records.order_by("period__start_date")]


def status_history(instrument: Instrument) -> list[tuple]:
    """(date, status) each time the published status changed, oldest first."""
    changes, previous = [], None
    for record in instrument.history.order_by("history_date", "history_id").only("history_date", "status"):
        if record.status != previous:
            changes.append((record.history_date, record.status))
            previous = record.status
    return [change for change in changes if change[1]]


def commitments(instrument: Instrument):
    return instrument.commitments.select_related("promised_in__update__period", "delivered_in__update__period")


def periods_with_activity():
    """Published periods with their counts of published updates and commitments promised."""
    return (
        ReportingPeriod.objects.filter(state=PeriodState.PUBLISHED)
        .annotate(
            update_count=Count("updates", filter=PUBLISHED_UPDATES_IN_PERIOD, distinct=True),
            commitment_count=Count("updates__entries__commitments_made", filter=PUBLISHED_UPDATES_IN_PERIOD, distinct=True),
        )
        .order_by("start_date")
    )



def uncited(paragraphs) -> list[OperativeParagraph]:
    return [paragraph for paragraph in paragraphs if not paragraph.citations]
