"""What the public funding pages read, sized for tens of thousands of instruments: totals, bands,
bodies, sessions and the trend by period come from the maintained funding summary (a few hundred
rows per period: restrack.funding.models.FundingSummaryRow); the per-instrument tables read one
page of records, sorted and counted by the database (restrack.funding.aggregates,
restrack.publish.paging); Python only shapes one page of rows. Published figures only (the
policy's rule for funding records, on records and on summary rows alike), whatever the number of
instruments and periods, in a fixed number of queries."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BigIntegerField, Count, Exists, ExpressionWrapper, F, OuterRef, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from restrack.accounts import policy
from restrack.core.translation_fields import localized_columns
from restrack.funding import aggregates
from restrack.funding.aggregates import FundingTotals, totals_of, with_cents
from restrack.funding.figures import SOURCE_FIELDS, FundingFigures, FundingSummary
from restrack.funding.models import FundingRecord, FundingSummaryRow
from restrack.publish import memo
from restrack.publish.paging import Sort
from restrack.registry.models import GoverningBody, Instrument, Session
from restrack.reporting.models import ReportingPeriod

# Report order (Instrument.Meta.ordering: body, session, resolutions before decisions, number):
# of instruments, of rows that reach an instrument (allocations), and of funding records, which
# store it (FundingRecord.instrument_order, indexed with the period).
INSTRUMENT_ORDER = ("body", "session__year", "session__number", "-kind", "sequence")
INSTRUMENT_ROW_ORDER = tuple(
    f"-instrument__{term[1:]}" if term[0] == "-" else f"instrument__{term}" for term in INSTRUMENT_ORDER
)
RECORD_ORDER = ("instrument_order",)
RECORD_TIEBREAK = (*RECORD_ORDER, "pk")  # equal figures keep the report order
NOTE_NAMES = 10  # instruments named after a note on the figures
MAX_NOTES = 20


@dataclass
class FundingLine:
    """One instrument's figures in one period (shaped like a DashboardRow for the templates)."""

    instrument: Instrument
    funding: FundingFigures
    rank: int | None = None


def public_records():
    return policy.public(FundingRecord.objects.all())


def public_summary():
    """The summary rows of published figures: the policy's rule for funding records (their
    period's state), which the summary's rows share the path of."""
    return FundingSummaryRow.objects.filter(policy.public_q("funding.fundingrecord"))


def periods_with_figures() -> list[ReportingPeriod]:
    """Published periods with funding figures, oldest first (as selectors.funding_periods, read
    from the summary: one indexed look-up per period instead of a join with every record; kept
    until the next public change)."""
    return memo.remember("periods-with-figures", (), _periods_with_figures)


def _periods_with_figures() -> list[ReportingPeriod]:
    with_figures = FundingSummaryRow.objects.filter(period=OuterRef("pk"))
    return list(policy.public(ReportingPeriod.objects.filter(Exists(with_figures))).order_by("start_date"))


def summary_of(instruments=None, band: str | None = None, **filters):
    """The public summary rows (of `filters`, such as period=) of the instruments of
    `instruments` (a queryset narrowed by body, session or kind only, which a row's group
    decides; None: all) and of funding band `band`."""
    rows = public_summary().filter(**filters)
    if instruments is not None:
        same_group = instruments.filter(body=OuterRef("body"), session=OuterRef("session"), kind=OuterRef("kind"))
        rows = rows.filter(Exists(same_group))
    return rows.filter(band=band) if band else rows


def narrowed(records, instruments=None):
    """`records` of the instruments of `instruments` (a queryset of instruments; None: all)."""
    return records if instruments is None else records.filter(instrument__in=instruments.values("pk"))


def period_records(period: ReportingPeriod, instruments=None):
    """The published records of `period` (of `instruments` when given), annotated with their
    figures in cents (with_cents), for sums, sorts and filters."""
    return with_cents(narrowed(public_records().filter(period=period), instruments))


def totals_by_period(
    periods: list[ReportingPeriod], instruments=None, *, band: str | None = None
) -> list[tuple[ReportingPeriod, FundingSummary]]:
    """Each period's totals (of `instruments`, narrowed by body, session or kind only; of the
    records in funding band `band` of each period), oldest first, from the summary, in one query."""
    groups = aggregates.summary_totals_by(summary_of(instruments, band=band, period__in=periods), "period")
    by_period = {values["period"]: totals.summary for values, totals in groups}
    return [(period, by_period[period.pk]) for period in periods if period.pk in by_period]


def totals_by_body(rows) -> list[tuple[GoverningBody, FundingTotals]]:
    """Totals per governing body of summary `rows`, in two queries."""
    groups = aggregates.summary_totals_by(rows, "body")
    bodies = GoverningBody.objects.in_bulk([values["body"] for values, _totals in groups])
    return [(bodies[values["body"]], totals) for values, totals in groups]


SESSION_ORDER = ("session__body", "session__year", "session__number")


def session_groups(rows):
    """Summary `rows` grouped by session (a values queryset, one row per session, with the
    totals' aggregates), for paging with SESSION_SORTS; session_rows turns a page of it into rows."""
    return aggregates.summary_grouped(rows, "session", *SESSION_ORDER)


SESSION_SORTS = {
    "session": Sort(_("session"), SESSION_ORDER, nulls_last=False),
    "instruments": Sort(_("instruments"), ("t_instruments",)),
    "requirements": Sort(_("requirements"), ("t_requirements",)),
    "gap": Sort(_("funding gap"), ("t_gap",)),
}


def session_rows(rows) -> list[tuple[Session, FundingTotals]]:
    sessions = Session.objects.select_related("body").in_bulk([row["session"] for row in rows])
    return [(sessions[row["session"]], aggregates.totals_of_row(row)) for row in rows]


class NoteInstruments(list):
    """The first few instruments a note on the figures is about; `about` is how many it is about
    and `more` how many are not listed (the caveats template names them)."""

    def __init__(self, instruments, about: int):
        super().__init__(instruments)
        self.about = about
        self.more = about - len(self)


def notes(records) -> list[tuple[str, NoteInstruments]]:
    """Each note on `records`' figures once (the most frequent first, at most MAX_NOTES), with
    how many instruments it is about and the first NOTE_NAMES of them in report order; two queries
    (one when there is no note)."""
    counts = list(
        records.exclude(note="").order_by().values("note").annotate(n=Count("pk")).order_by("-n", "note")[:MAX_NOTES]
    )
    if not counts:
        return []
    named: dict[str, list] = {row["note"]: [] for row in counts}
    first = (
        records.filter(note__in=list(named))
        .annotate(place=Window(RowNumber(), partition_by=F("note"), order_by=list(RECORD_TIEBREAK)))
        .filter(place__lte=NOTE_NAMES)
        .select_related("instrument")
        .order_by(*RECORD_TIEBREAK)
    )
    for record in first:
        named[record.note].append(record.instrument)
    return [(row["note"], NoteInstruments(named[row["note"]], row["n"])) for row in counts]


# Tables ------------------------------------------------------------------------------------------

LINE_SORTS = {
    "number": Sort(_("number"), RECORD_ORDER, nulls_last=False),
    "requirements": Sort(_("resource requirements"), (aggregates.REQUIREMENTS,)),
    "mobilized": Sort(_("resources mobilized"), (aggregates.MOBILIZED,)),
    "gap": Sort(_("funding gap"), (aggregates.GAP,)),
    "gap_percent": Sort(_("gap %"), (aggregates.GAP_PERCENT,)),
}
# The rankings list under-funded records only, whose gap and gap % are known: no NULLS LAST, so
# both databases walk the (period, gap) or (period, gap %) index backwards and stop at a page.
RANKING_BY_GAP = {"gap": Sort(_("funding gap"), (aggregates.GAP,), nulls_last=False)}
RANKING_BY_GAP_PERCENT = {"gap_percent": Sort(_("gap %"), (aggregates.GAP_PERCENT,), nulls_last=False)}


def shown_in_tables(records):
    """Records with their instruments, of the columns the tables of figures show (the figures, the
    note; the instrument's name, link and title): the funding page reads four such pages."""
    return records.select_related("instrument").only(
        "pk",
        "instrument_id",
        "period_id",
        "requirements_usd",
        *SOURCE_FIELDS.values(),
        "note",
        "instrument__kind",
        "instrument__number",
        *localized_columns("title", "instrument__"),
    )


def under_funded(records, *, by_percent: bool = False):
    """The records with a gap above zero. `by_percent`: for a ranking by gap %, the condition is
    written so that the database walks the (period, gap %) index rather than the (period, gap)
    one (a gap % of 0 can still be a gap: it is rounded)."""
    if by_percent:
        # gap + 0 > 0: the same rows, on an expression no index covers.
        return records.alias(_gap=ExpressionWrapper(F(aggregates.GAP) + 0, output_field=BigIntegerField())).filter(
            _gap__gt=0
        )
    return records.filter(**{f"{aggregates.GAP}__gt": 0})


def lines(records, period: ReportingPeriod, *, first_rank: int | None = None) -> list[FundingLine]:
    """FundingLines of a page of records (their instruments selected), ranked from `first_rank`."""
    return [
        FundingLine(
            record.instrument,
            FundingFigures.from_record(record, period_label=period.label),
            None if first_rank is None else first_rank + index,
        )
        for index, record in enumerate(records)
    ]


TREND_SORTS = {"number": LINE_SORTS["number"]}  # of the chosen period's records


TREND_COLUMNS = 6  # periods in the instrument-by-period table, so its width does not grow with them


def trend_columns(periods: list[ReportingPeriod], period: ReportingPeriod) -> list[ReportingPeriod]:
    """The periods of the instrument-by-period table: `period` and up to TREND_COLUMNS - 1 of
    `periods` before it, oldest first (choosing an earlier period shows earlier columns)."""
    end = periods.index(period) + 1
    return periods[max(0, end - TREND_COLUMNS) : end]


def trend_cells(instruments: list[Instrument], periods: list[ReportingPeriod]):
    """(instrument, [its figures in each period or None]) for a page of instruments, one query."""
    labels = {period.pk: period.label for period in periods}  # not each record's period read again
    figures = {
        (record.instrument_id, record.period_id): FundingFigures.from_record(
            record, period_label=labels[record.period_id]
        )
        for record in public_records()
        .filter(instrument__in=[instrument.pk for instrument in instruments], period__in=periods)
        .only("pk", "instrument_id", "period_id", "requirements_usd", *SOURCE_FIELDS.values(), "note")
        .order_by()
    }
    return [(instrument, [figures.get((instrument.pk, period.pk)) for period in periods]) for instrument in instruments]


# Exports ---------------------------------------------------------------------------------------


def export_records(period: ReportingPeriod | None = None):
    """Every published record (of `period` when given), instruments in report order and each
    one's periods oldest first, for the funding export (read in chunks as the file is written)."""
    records = public_records().select_related("instrument", "period")
    if period is not None:
        records = records.filter(period=period)
    return records.order_by(*RECORD_ORDER, "period__start_date")


def ranking_records(period: ReportingPeriod):
    """The under-funded records of `period`, largest gap first (ties in report order), each with
    `rank_by_gap_percent`: its rank by gap % (ties in report order), computed by the database."""
    ranked = aggregates.ranked(
        under_funded(period_records(period)).select_related("instrument"),
        "rank_by_gap_percent",
        [*RANKING_BY_GAP_PERCENT["gap_percent"].order_by(True), *RECORD_TIEBREAK],
    )
    return ranked.order_by(*RANKING_BY_GAP["gap"].order_by(True), *RECORD_TIEBREAK)


def total_of(period: ReportingPeriod, instruments=None) -> FundingTotals:
    return totals_of(period_records(period, instruments))
