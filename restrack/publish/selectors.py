"""What the public tracker reads. Only published data: updates in the published workflow state,
funding figures of published periods. Every function runs a fixed number of queries, whatever
the number of instruments (the page tests assert it)."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import (
    BigIntegerField,
    CharField,
    Count,
    DecimalField,
    Exists,
    F,
    FilteredRelation,
    Func,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Sum,
    TextField,
    Value,
    Window,
)
from django.db.models.functions import Abs, Coalesce, NullIf, RowNumber
from django.utils import timezone

from restrack.accounts import policy
from restrack.core.translation_fields import localized_columns
from restrack.funding import aggregates as funding_sums
from restrack.funding.choices import FundingBand, FundingSource
from restrack.funding.figures import SOURCE_FIELDS, FundingFigures, FundingSummary, summarize
from restrack.funding.models import FundingRecord
from restrack.publish import funding_selectors, memo
from restrack.publish.choices import DashboardSort, FundingFilter, PeriodChange, PeriodReported, PeriodSort
from restrack.publish.models import PeriodActivity, PeriodComparison
from restrack.publish.paging import Sort
from restrack.registry.models import GoalLink, Instrument, OperativeParagraph, Partner, Session
from restrack.reporting.choices import StatusSource
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry, overdue_commitments
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


def count_of(children, group_by: str):
    """An annotation: how many of `children` (a queryset filtered on OuterRef) there are, 0 for none."""
    counted = (
        children.order_by()  # the model's ordering would enter the GROUP BY and split the count
        .values(group_by)
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


@dataclass
class DashboardRow:
    instrument: Instrument
    funding: FundingFigures
    latest_period: str | None
    overdue: int


def funding_periods() -> list[ReportingPeriod]:
    """Published periods that have funding figures, oldest first: the periods whose figures are
    public and worth choosing (kept until the next public change: every page with a period
    chooser asks)."""
    return memo.remember("funding-periods", (), _funding_periods)


def _funding_periods() -> list[ReportingPeriod]:
    with_figures = FundingRecord.objects.filter(period=OuterRef("pk"))  # one indexed probe per period
    return list(policy.public(ReportingPeriod.objects.filter(Exists(with_figures))).order_by("start_date"))


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
    queryset = (instruments if instruments is not None else Instrument.objects.all()).select_related("body", "session")
    funding = (
        {f"funding_{name}": _period_funding(period, column) for name, column in FUNDING_COLUMNS.items()}
        if period
        else {}
    )
    queryset = with_latest_period(queryset).annotate(
        overdue=overdue_count(today),
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


# The funding analysis ------------------------------------------------------------------------


@dataclass
class FundingLine:
    """One instrument's figures in one period, shaped like a DashboardRow for the sort and filter
    helpers."""

    instrument: Instrument
    funding: FundingFigures


def status_counts(rows: list[DashboardRow]) -> Counter:
    return Counter(row.instrument.status or "" for row in rows)


def _entries():
    """Paragraphs with what the instrument's page shows of them: their text, facts and source
    (only those columns: the source document's other columns, its headings among them, would be
    read and parsed for every paragraph), their operative paragraphs' numbers and partners' codes."""
    return (
        UpdateEntry.objects.select_related("source_document")
        .only(
            "pk",
            "update_id",
            "position",
            "source_paragraph",
            "funding_constraint",
            "facts",
            *localized_columns("text"),
            "source_document__symbol",
        )
        .prefetch_related(
            Prefetch("operative_paragraphs", queryset=OperativeParagraph.objects.only("pk", "number")),
            Prefetch("partners", queryset=Partner.objects.only("pk", "code")),
        )
    )


def published_updates(instrument: Instrument, *, shown: int | None = None):
    """The instrument's published updates, newest period first, each with its number of
    paragraphs (`entry_count`) and its first `shown` paragraphs (`shown_entries`, all when None)
    with everything they show (operative paragraphs, partners, source document), in a fixed
    number of queries whatever the number of paragraphs. Only the columns the instrument's page
    shows; the count is a subquery, not a GROUP BY of every column selected."""
    entries = _entries().order_by("position", "pk")
    if shown is not None:
        entries = entries[:shown]
    entry_count = UpdateEntry.objects.filter(update=OuterRef("pk")).order_by().values("update").annotate(n=Count("pk"))
    return (
        instrument.updates.filter(PUBLISHED_UPDATES)
        .select_related("period", "source_document")
        .only(
            "pk",
            "instrument_id",
            "status",
            "period__label",
            "period__start_date",
            "source_document__symbol",
            *localized_columns("title", "source_document__"),
        )
        .annotate(entry_count=Coalesce(Subquery(entry_count.values("n"), output_field=IntegerField()), 0))
        .prefetch_related(Prefetch("entries", queryset=entries, to_attr="shown_entries"))
        .order_by("-period__start_date")
    )


def update_entries(update: ProgressUpdate):
    """The paragraphs of one (published) update, with what the instrument's page shows of them,
    to page through in report order."""
    return _entries().filter(update=update)


def operative_paragraphs_with_citations(instrument: Instrument, *, shown: int | None = None):
    """Operative paragraphs with the number of published paragraphs that cite them
    (`citation_count`) and the first `shown` of them, oldest period first (`citations`, each
    with its period's `period_label`)."""
    published = policy.public_q("reporting.updateentry", "entries")
    # What the page shows of a citation: its period's label and source paragraph (the columns
    # it needs, not the rows of three tables: a sliced prefetch copies each column it selects).
    citing = (
        policy.public(UpdateEntry.objects.only("pk", "update_id", "position", "source_paragraph"))
        .annotate(period_label=F("update__period__label"))
        .order_by("update__period__start_date", "position", "pk")
    )
    if shown is not None:
        citing = citing[:shown]
    return (
        instrument.operative_paragraphs.annotate(citation_count=Count("entries", filter=published, distinct=True))
        .select_related("deliverable__session")
        .prefetch_related(
            Prefetch("entries", queryset=citing, to_attr="citations"),
            Prefetch("goal_links", queryset=GoalLink.objects.select_related("goal").order_by("goal__order")),
        )
    )


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
    """The instrument's commitments the public may see (none promised in an unpublished update),
    each with the label of the period whose paragraph promised it (`promised_period`; one column
    of the joined tables, not their rows)."""
    return visible_commitments(AnonymousUser(), instrument.commitments.all(), delivery=False).annotate(
        promised_period=F("promised_in__update__period__label")
    )


def commitments_page(instrument: Instrument, limit: int) -> tuple[list[Commitment], int]:
    """The first `limit` of the instrument's public commitments (by due date) and how many there
    are, in two queries; the downloads linked from the page have them all."""
    queryset = commitments(instrument)
    shown = list(queryset[:limit])
    return shown, (len(shown) if len(shown) < limit else queryset.count())


def periods_with_activity() -> list[ReportingPeriod]:
    """Published periods, oldest first, each with its counts of published updates
    (`update_count`) and of commitments promised in them (`commitment_count`), in one query
    whatever the number of periods, updates and commitments: the counts are kept per period
    (PeriodActivity, restrack.publish.period_counts)."""
    return list(
        policy.public(ReportingPeriod.objects.select_related("board_session"))
        .annotate(
            update_count=Coalesce(F("public_activity__updates"), Value(0)),
            commitment_count=Coalesce(F("public_activity__commitments"), Value(0)),
        )
        .order_by("start_date")
    )


def uncited(paragraphs) -> list[OperativeParagraph]:
    return [paragraph for paragraph in paragraphs if not paragraph.citations]


# Tables of thousands of instruments, computed in the database ---------------------------------
#
# The pages below never load every instrument: the database filters, sorts, counts and sums, and
# returns one page of rows (restrack.publish.paging) and the aggregates the totals and charts show,
# in a fixed number of queries whatever the number of instruments, paragraphs and periods.

AMOUNT = DecimalField(max_digits=20, decimal_places=2)
# Report order: body, session, resolutions before decisions, number (Instrument.Meta.ordering).
# The registry's order (body, session year and number, resolutions before decisions, sequence)
# as each instrument stores it (Instrument.report_order, indexed with the id): a page of
# instruments in that order walks the index instead of sorting them all joined to their sessions.
REPORT_ORDER = ("report_order",)
FUNDING_RECORD = "f_record"


class FundingSQL(Func):
    """One figure of a funding record in whole cents, or its gap class, written out as one SQL
    expression from the record's five amount columns: the arithmetic of restrack.funding.aggregates
    (whole cents, unknown stays NULL, the gap % rounded half-up by integer division), built by
    string formatting instead of Django's nested Case/When/Coalesce expressions, which cost
    thousands of expression copies and compile calls per page.

    `what` is one of FIGURES: "requirements", a source ("core", ...), "mobilized", "gap",
    "gap_percent" or "gap_class" (GAP_CLASSES: "under", "over", "even" (funded to the cent),
    "unknown" (some figure, no gap) or "none" (nothing reported))."""

    FIGURES = ("requirements", *SOURCE_FIELDS, "mobilized", "gap", "gap_percent", "gap_class")

    def __init__(self, what: str, prefix: str = "", **extra):
        if what not in self.FIGURES:
            raise ValueError(f"Unknown funding figure {what!r}; use one of {', '.join(self.FIGURES)}")
        self.what = what
        output = CharField() if what == "gap_class" else BigIntegerField()
        columns = ("requirements_usd", *SOURCE_FIELDS.values())
        super().__init__(*(F(prefix + column) for column in columns), output_field=output, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        if any(params for _sql, params in compiled):
            raise ValueError("FundingSQL reads plain columns only")
        integer = "INTEGER" if connection.vendor == "sqlite" else "BIGINT"
        requirements, *sources = (f"CAST(ROUND({sql} * 100) AS {integer})" for sql, _params in compiled)
        nothing = " AND ".join(f"{sql} IS NULL" for sql, _params in compiled[1:])
        added = " + ".join(f"COALESCE({source}, 0)" for source in sources)
        mobilized = f"(CASE WHEN {nothing} THEN NULL ELSE {added} END)"
        gap = f"({requirements} - {mobilized})"
        if self.what == "requirements":
            sql = requirements
        elif self.what in SOURCE_FIELDS:
            sql = sources[list(SOURCE_FIELDS).index(self.what)]
        elif self.what == "mobilized":
            sql = mobilized
        elif self.what == "gap":
            sql = gap
        elif self.what == "gap_percent":
            half = f"(CASE WHEN {gap} < 0 THEN 0 - {requirements} ELSE {requirements} END)"
            sql = f"(({gap} * 200 + {half}) / NULLIF({requirements} * 2, 0))"
        else:
            sql = (
                f"(CASE WHEN {gap} > 0 THEN 'under' WHEN {gap} < 0 THEN 'over' WHEN {gap} = 0 THEN 'even' "
                f"WHEN {requirements} IS NULL AND {mobilized} IS NULL THEN 'none' ELSE 'unknown' END)"
            )
        return sql, []


GAP_CLASSES = ("under", "over", "even", "unknown", "none")
# with_funding's whole-cent columns (named as restrack.funding.aggregates' with_cents names them).
CENTS_COLUMNS = {
    funding_sums.REQUIREMENTS: "requirements",
    funding_sums.MOBILIZED: "mobilized",
    funding_sums.GAP: "gap",
    funding_sums.GAP_PERCENT: "gap_percent",
}


def with_funding(instruments, period: ReportingPeriod | None):
    """`instruments` with `period`'s funding figures joined (one LEFT JOIN on the record of that
    period) and annotated: `f_requirements`, `f_core` … `f_other` and `f_note` as recorded (for
    the rows shown), and whole-cent columns (requirements_cents, mobilized_cents, gap_cents,
    gap_percent_value, as restrack.funding.aggregates computes them) to filter and sort exactly;
    None where not reported. `period` must be a public period (its figures are public with it)."""
    if period is None:
        # No published figures: an impossible join keeps the columns (all unknown).
        condition = Q(funding_records__period__isnull=True)  # never: a record has a period
    else:
        condition = Q(funding_records__period=period)
    instruments = instruments.annotate(**{FUNDING_RECORD: FilteredRelation("funding_records", condition=condition)})
    prefix = f"{FUNDING_RECORD}__"
    return instruments.annotate(
        f_requirements=F(f"{prefix}requirements_usd"),
        **{f"f_{source}": F(f"{prefix}{column}") for source, column in SOURCE_FIELDS.items()},
        f_note=Coalesce(F(f"{prefix}note"), Value(""), output_field=TextField()),
        # The record stores them (FundingRecord.STORED_FIGURES, kept by its save and after bulk
        # loads): read, not computed from the amounts on every row.
        **{name: F(f"{prefix}{name}") for name in CENTS_COLUMNS},
    )


def figures_of(instrument, period: ReportingPeriod | None) -> FundingFigures:
    """The FundingFigures of an instrument annotated by with_funding."""
    return FundingFigures(
        instrument.f_requirements,
        {source: getattr(instrument, f"f_{source}") for source in SOURCES},
        period.label if period else None,
        instrument.f_note or "",
    )


def figures_if_reported(instrument, period: ReportingPeriod | None) -> FundingFigures | None:
    """The FundingFigures of an instrument annotated by with_funding, None when nothing at all
    was reported."""
    figures = figures_of(instrument, period)
    return None if figures.requirements is None and figures.mobilized is None else figures


def funding_band_q(band: str) -> Q:
    """The dashboard's funding filter as a condition on with_funding's annotations."""
    gap = funding_sums.GAP
    if band == FundingFilter.NOT_REPORTED:
        return Q(**{f"{gap}__isnull": True})
    if band == FundingFilter.UNDER_FUNDED:
        return Q(**{f"{gap}__gt": 0})
    if band == FundingFilter.FUNDED:
        return Q(**{f"{gap}__lte": 0})
    raise ValueError(f"Unknown funding filter {band!r}; use one of {', '.join(FundingFilter.values)}")


def overdue_count(today=None):
    """A subquery: how many of an instrument's public commitments are pending past their due date
    (public: the stored flag, which says what the policy's rule does: Commitment.public)."""
    today = today or timezone.localdate()
    pending = Commitment.objects.filter(overdue_commitments(today), public=True, instrument=OuterRef("pk"))
    return count_of(pending, "instrument")


def instrument_sorts() -> dict:
    """The dashboard's sorts (DashboardSort), on with_funding's annotations; unknown figures last."""
    return {
        DashboardSort.NUMBER: Sort(DashboardSort.NUMBER.label, REPORT_ORDER, nulls_last=False),
        DashboardSort.STATUS: Sort(DashboardSort.STATUS.label, (NullIf(F("status"), Value("")),)),
        DashboardSort.REQUIREMENTS: Sort(DashboardSort.REQUIREMENTS.label, (funding_sums.REQUIREMENTS,)),
        DashboardSort.MOBILIZED: Sort(DashboardSort.MOBILIZED.label, (funding_sums.MOBILIZED,)),
        DashboardSort.GAP: Sort(DashboardSort.GAP.label, (funding_sums.GAP,)),
        DashboardSort.GAP_PERCENT: Sort(DashboardSort.GAP_PERCENT.label, (funding_sums.GAP_PERCENT,)),
        DashboardSort.OVERDUE: Sort(DashboardSort.OVERDUE.label, ("overdue",)),
    }


def in_tables(instruments):
    """`instruments` with the columns the tables, charts and notes of the dashboard, a period and a
    comparison show of each (a name, a link, a title, a status): not the rest of the row, nor its
    body's and session's, which a page of them would read and build objects of for nothing."""
    return instruments.only("pk", "kind", "number", "status", "status_derived", *localized_columns("title"))


def dashboard_queryset(instruments, *, period: ReportingPeriod | None, funding: str = "", sort: str = ""):
    """The dashboard's instruments (already filtered by InstrumentFilterSet) with `period`'s
    figures, narrowed by the funding filter; `overdue` is annotated only when sorting by it (the
    page's rows get theirs from decorate_rows)."""
    queryset = with_funding(in_tables(instruments), period)
    if funding:
        queryset = queryset.filter(funding_band_q(funding))
    if sort == DashboardSort.OVERDUE:
        queryset = queryset.annotate(overdue=overdue_count())
    return queryset


def decorate_rows(instruments: list, *, period: ReportingPeriod | None, today=None) -> list[DashboardRow]:
    """DashboardRows of one page of instruments annotated by with_funding: their latest reported
    period and overdue commitments are read for these instruments only, in one query."""
    pks = [instrument.pk for instrument in instruments]
    extra = (
        {
            row["pk"]: row
            for row in with_latest_period(Instrument.objects.filter(pk__in=pks))
            .annotate(overdue_n=overdue_count(today))
            .order_by()
            .values("pk", "latest_period", "overdue_n")
        }
        if pks
        else {}
    )
    return [
        DashboardRow(
            instrument,
            figures_of(instrument, period),
            extra[instrument.pk]["latest_period"],
            extra[instrument.pk]["overdue_n"],
        )
        for instrument in instruments
    ]


@dataclass
class Aggregates:
    """What the dashboard shows of all the instruments matching its filters, not only the page's."""

    totals: FundingSummary
    gap_unknown: int
    status_counts: Counter
    bands: dict[str, int]  # FundingFilter value: instruments
    sessions: list[dict]  # per session: the session, its instruments and their totals (FundingSummary)
    bodies: list[dict]  # the same per body
    overdue: int  # overdue commitments of these instruments
    overdue_instruments: int
    notes: list[tuple[str, NoteInstruments]]

    @property
    def instruments(self) -> int:
        """How many instruments match (those counted by status are all of them)."""
        return sum(self.status_counts.values())


class NoteInstruments(list):
    """The first few instruments a note on the figures is about; `about` is how many it is about
    and `more` how many are not listed."""

    def __init__(self, instruments, about: int):
        super().__init__(instruments)
        self.about = about
        self.more = about - len(self)


NOTE_NAMES = 10  # instruments named after a note on the figures
MAX_NOTES = 20


def aggregates(
    queryset, *, today=None, every_instrument: bool = False, period: ReportingPeriod | None = None
) -> Aggregates:
    """Totals, counts by status, funding band, session and body, overdue commitments and notes of
    the instruments of `queryset` (a dashboard_queryset), in five queries; sums are exact (whole
    cents). The database groups the instruments by body, session, status and gap class and adds their
    figures up (plain sums, one GROUP BY query: funding_groups); the totals of a session, a body
    and of them all add those groups up (sums and counts add; the percentages are computed from
    the added sums). `every_instrument` says that `queryset` has every instrument (no filter), so
    that the overdue commitments are counted without naming the instruments, and the notes are
    read from `period`'s records (the figures' period) through the index of noted records."""
    if every_instrument and period is not None:
        statuses, funding, by_session, by_body = _every_instrument_groups(period)
    else:
        statuses, funding, by_session, by_body = _instrument_groups(queryset)
    with_gap = funding.summary.instruments - funding.gap_unknown
    by_pk = Session.objects.select_related("body").in_bulk(list(by_session))
    sessions = [
        {"session": by_pk[session], "instruments": count, "totals": totals.summary}
        for session, (count, totals) in by_session.items()
    ]
    sessions.sort(key=lambda row: (row["session"].body_id, row["session"].year, row["session"].number or 0))
    first_session = {session.body_id: session for session in sorted(by_pk.values(), key=lambda session: session.pk)}
    bodies = [
        {"body": first_session[body].body, "instruments": count, "totals": totals.summary}
        for body, (count, totals) in sorted(by_body.items())
    ]
    today = today or timezone.localdate()
    # The public's, by the stored flag (Commitment.public: what the policy's rule says, without
    # joining every paragraph and update): a range of the commitment_overdue index, which holds
    # the instrument too.
    pending = Commitment.objects.filter(overdue_commitments(today), public=True)
    if not every_instrument:
        pending = pending.filter(instrument__in=queryset.order_by().values("pk"))
    overdue = pending.order_by().aggregate(n=Count("pk"), instruments=Count("instrument", distinct=True))
    return Aggregates(
        totals=funding.summary,
        gap_unknown=funding.gap_unknown,
        status_counts=statuses,
        bands={
            FundingFilter.UNDER_FUNDED: funding.summary.under_funded,
            FundingFilter.FUNDED: with_gap - funding.summary.under_funded,
            FundingFilter.NOT_REPORTED: sum(statuses.values()) - with_gap,
        },
        sessions=sessions,
        bodies=bodies,
        overdue=overdue["n"],
        overdue_instruments=overdue["instruments"],
        notes=(
            funding_selectors.notes(
                FundingRecord.objects.filter(policy.public_q("funding.fundingrecord"), period=period)
            )
            if every_instrument and period is not None
            else _notes(queryset)
        ),
    )


Groups = tuple[Counter, funding_sums.FundingTotals, dict, dict]


def _instrument_groups(queryset) -> Groups:
    """(instruments by status, the funding totals of them all, {session id: (instruments, totals)},
    {body id: (instruments, totals)}) of a dashboard_queryset, from one funding_groups query."""
    groups = funding_groups(queryset, "body", "session", "status")
    statuses = Counter()
    for row in groups:
        statuses[row["status"] or ""] += row["n"]
    by_session: dict[int, list[dict]] = {}
    by_body: dict[int, list[dict]] = {}
    for row in groups:
        by_session.setdefault(row["session"], []).append(row)
        by_body.setdefault(row["body"], []).append(row)
    return (
        statuses,
        _group_totals(groups),
        {session: (sum(row["n"] for row in rows), _group_totals(rows)) for session, rows in by_session.items()},
        {body: (sum(row["n"] for row in rows), _group_totals(rows)) for body, rows in by_body.items()},
    )


def _every_instrument_groups(period: ReportingPeriod) -> Groups:
    """What _instrument_groups gives for every instrument with `period`'s figures, without joining
    every instrument to its record: the instruments counted by body, session and status (one
    GROUP BY on the instruments alone) and the figures added up from the period's funding summary
    (a few hundred rows kept by the funding actions: restrack.funding.aggregates)."""
    counts = list(Instrument.objects.order_by().values("body", "session", "status").annotate(n=Count("pk")))
    statuses, per_session, per_body = Counter(), Counter(), Counter()
    for row in counts:
        statuses[row["status"] or ""] += row["n"]
        per_session[row["session"]] += row["n"]
        per_body[row["body"]] += row["n"]
    rows = funding_selectors.summary_of(period=period)
    nothing = _group_totals([])  # a group no record of the period has figures for
    by_session = {values["session"]: totals for values, totals in funding_sums.summary_totals_by(rows, "session")}
    by_body = {values["body"]: totals for values, totals in funding_sums.summary_totals_by(rows, "body")}
    return (
        statuses,
        funding_sums.summary_totals(rows),
        {session: (n, by_session.get(session, nothing)) for session, n in per_session.items()},
        {body: (n, by_body.get(body, nothing)) for body, n in per_body.items()},
    )


def funding_groups(queryset, *fields: str) -> list[dict]:
    """The rows of `queryset` (annotated by with_funding) grouped by `fields` and by gap class
    ("gap_class": one of GAP_CLASSES), each group with its number of rows (`n`) and the sums of its
    figures in whole cents (`s_requirements`, `s_core` … `s_mobilized`, `s_gap`; None where no row
    of the group reported it), in one query; _group_totals adds groups up."""
    prefix = f"{FUNDING_RECORD}__"
    sums = {
        "s_requirements": Sum(funding_sums.REQUIREMENTS),
        **{f"s_{source}": Sum(funding_sums.cents_of(prefix + column)) for source, column in SOURCE_FIELDS.items()},
        "s_mobilized": Sum(funding_sums.MOBILIZED),
        "s_gap": Sum(funding_sums.GAP),
    }
    return list(
        queryset.order_by()
        .annotate(gap_class=StoredGapClass(prefix))
        .values(*fields, "gap_class")
        .annotate(n=Count("pk"), **sums)
    )


class StoredGapClass(Func):
    """A funding record's gap class (GAP_CLASSES), as FundingSQL("gap_class") computes it, read
    from the record's stored figures (requirements, mobilized and gap in cents) in one short SQL
    expression."""

    output_field = CharField()

    def __init__(self, prefix: str = "", **extra):
        columns = (funding_sums.REQUIREMENTS, funding_sums.MOBILIZED, funding_sums.GAP)
        super().__init__(*(F(prefix + column) for column in columns), **extra)

    def as_sql(self, compiler, connection, **extra_context):
        compiled = [compiler.compile(expression) for expression in self.get_source_expressions()]
        if any(params for _sql, params in compiled):
            raise ValueError("StoredGapClass reads plain columns only")
        requirements, mobilized, gap = (sql for sql, _params in compiled)
        sql = (
            f"(CASE WHEN {gap} > 0 THEN 'under' WHEN {gap} < 0 THEN 'over' WHEN {gap} = 0 THEN 'even' "
            f"WHEN {requirements} IS NULL AND {mobilized} IS NULL THEN 'none' ELSE 'unknown' END)"
        )
        return sql, []


def _sum(values):
    known = [value for value in values if value is not None]
    return sum(known) if known else None


def _group_totals(groups: list[dict]) -> funding_sums.FundingTotals:
    """The totals of the rows of some funding_groups rows: what restrack.funding.aggregates'
    totals_of gives for the same records (bands by gap % aside)."""
    known = [row for row in groups if row["gap_class"] in ("under", "over", "even")]
    under = [row for row in groups if row["gap_class"] == "under"]
    over = [row for row in groups if row["gap_class"] == "over"]
    row = {
        "t_requirements": _sum(row["s_requirements"] for row in groups),
        **{f"t_{source}": _sum(row[f"s_{source}"] for row in groups) for source in SOURCE_FIELDS},
        "t_mobilized": _sum(row["s_mobilized"] for row in groups),
        "t_gap": _sum(row["s_gap"] for row in known),
        "t_requirements_with_gap": _sum(row["s_requirements"] for row in known),
        "t_mobilized_with_gap": _sum(row["s_mobilized"] for row in known),
        "t_shortfall": sum(row["s_gap"] for row in under) if known else None,
        "t_surplus": -sum(row["s_gap"] for row in over) if known else None,
        "t_instruments": sum(row["n"] for row in groups if row["gap_class"] != "none"),
        "t_under_funded": sum(row["n"] for row in under),
        "t_over_funded": sum(row["n"] for row in over),
        "t_gap_unknown": sum(row["n"] for row in groups if row["gap_class"] == "unknown"),
        **{f"t_band_{band}": None for band in FundingBand.values},
    }
    return funding_sums.totals_of_row(row)


def _notes(queryset) -> list[tuple[str, NoteInstruments]]:
    """Each note on the figures once, with how many instruments it is about and the first few of
    them in report order, in two queries."""
    counts = list(
        queryset.exclude(f_note="")
        .order_by()
        .values("f_note")
        .annotate(n=Count("pk"))
        .order_by("-n", "f_note")[:MAX_NOTES]
    )
    if not counts:
        return []
    named: dict[str, list] = {row["f_note"]: [] for row in counts}
    report_order = Sort("", REPORT_ORDER, nulls_last=False).order_by(False)
    ranked = queryset.filter(f_note__in=list(named)).annotate(
        note_rank=Window(RowNumber(), partition_by=[F("f_note")], order_by=report_order)
    )
    for instrument in ranked.filter(note_rank__lte=NOTE_NAMES).order_by(*report_order, "pk"):
        named[instrument.f_note].append(instrument)
    return [(row["f_note"], NoteInstruments(named[row["f_note"]], row["n"])) for row in counts]


def largest_gaps(queryset, period: ReportingPeriod | None, limit: int, *, every_instrument: bool) -> list[FundingLine]:
    """The `limit` rows of a dashboard_queryset with the largest gaps or surpluses (by absolute
    gap, ties in report order) as FundingLines. `every_instrument` (no filter): read from the
    period's records by two walks down the (period, gap) index, the largest shortfalls and the
    largest surpluses, merged (a gap of zero only when fewer are uneven), instead of ranking every
    instrument."""
    if not every_instrument:
        ranked = queryset.filter(**{f"{funding_sums.GAP}__isnull": False}).order_by(
            Abs(funding_sums.GAP).desc(), *REPORT_ORDER
        )
        return [FundingLine(instrument, figures_of(instrument, period)) for instrument in ranked[:limit]]
    if period is None:
        return []
    records = FundingRecord.objects.filter(policy.public_q("funding.fundingrecord"), period=period).select_related(
        "instrument__body", "instrument__session"
    )
    gap = funding_sums.GAP
    candidates = [
        *records.filter(**{f"{gap}__gt": 0}).order_by(f"-{gap}", "instrument_order", "pk")[:limit],
        *records.filter(**{f"{gap}__lt": 0}).order_by(gap, "instrument_order", "pk")[:limit],
    ]
    if len(candidates) < limit:
        candidates += records.filter(**{gap: 0}).order_by("instrument_order", "pk")[: limit - len(candidates)]
    candidates.sort(key=lambda record: (-abs(record.gap_cents), record.instrument_order, record.pk))
    return [
        FundingLine(record.instrument, FundingFigures.from_record(record, period_label=period.label))
        for record in candidates[:limit]
    ]


# A period's table and the comparison of two periods --------------------------------------------


def with_update(instruments, period: ReportingPeriod, name: str):
    """`instruments` with their public update of `period` joined as `name` (one LEFT JOIN) and
    annotated `<name>_id` and `<name>_status` (None without a public update)."""
    condition = Q(updates__period=period) & policy.public_q("reporting.progressupdate", "updates")
    return instruments.annotate(**{name: FilteredRelation("updates", condition=condition)}).annotate(
        **{f"{name}_id": F(f"{name}__id"), f"{name}_status": F(f"{name}__status")}
    )


def entry_counts(update_ids) -> dict[int, int]:
    """{update id: its number of paragraphs} of the given updates, in one query."""
    ids = [pk for pk in update_ids if pk is not None]
    if not ids:
        return {}
    rows = UpdateEntry.objects.filter(update_id__in=ids).order_by().values("update").annotate(n=Count("pk"))
    return {row["update"]: row["n"] for row in rows}


def _entry_count(update_field: str):
    return count_of(UpdateEntry.objects.filter(update_id=OuterRef(update_field)), "update")


def period_sorts() -> dict:
    """The sorts of a period's table (PeriodSort); unknown figures and silences last."""
    return {
        PeriodSort.NUMBER: Sort(PeriodSort.NUMBER.label, REPORT_ORDER, nulls_last=False),
        PeriodSort.STATUS: Sort(PeriodSort.STATUS.label, (NullIf(F("p_update_status"), Value("")),)),
        PeriodSort.PARAGRAPHS: Sort(PeriodSort.PARAGRAPHS.label, ("entry_count",)),
        PeriodSort.REQUIREMENTS: Sort(PeriodSort.REQUIREMENTS.label, (funding_sums.REQUIREMENTS,)),
        PeriodSort.MOBILIZED: Sort(PeriodSort.MOBILIZED.label, (funding_sums.MOBILIZED,)),
        PeriodSort.GAP: Sort(PeriodSort.GAP.label, (funding_sums.GAP,)),
    }


def period_queryset(instruments, period: ReportingPeriod, *, reported: str = "", funding: str = "", sort: str = ""):
    """Every instrument of `instruments` with its public update of `period` (p_update_id,
    p_update_status) and its funding figures of the period; narrowed by `reported` (PeriodReported)
    and `funding` (FundingFilter). The paragraph count is annotated only to sort by it."""
    queryset = with_funding(with_update(in_tables(instruments), period, "p_update"), period)
    if reported == PeriodReported.YES:
        queryset = queryset.filter(p_update_id__isnull=False)
    elif reported == PeriodReported.NO:
        queryset = queryset.filter(p_update_id__isnull=True)
    if funding:
        queryset = queryset.filter(funding_band_q(funding))
    if sort == PeriodSort.PARAGRAPHS:
        queryset = queryset.annotate(entry_count=_entry_count("p_update_id"))
    return queryset


@dataclass
class PeriodSummary:
    instruments: int
    reported: int
    paragraphs: int
    status_counts: Counter  # statuses given by the period's updates ("" for none given)
    totals: FundingSummary
    gap_unknown: int


def period_summary(queryset, period: ReportingPeriod, *, every_instrument: bool = False) -> PeriodSummary:
    """Counts and funding totals of a period_queryset, in two queries. `every_instrument`: the
    queryset is not filtered: the instruments are counted alone, the statuses from the period's
    published updates, the funding totals from the period's funding summary and the paragraphs
    are those kept for the period (PeriodActivity, restrack.publish.period_counts), in four queries
    none of which joins every instrument to its update and record or reads the period's paragraphs."""
    if every_instrument:
        published = ProgressUpdate.objects.filter(PUBLISHED_UPDATES, period=period)
        statuses = Counter(
            dict(published.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n"))
        )
        instruments, reported = Instrument.objects.count(), sum(statuses.values())
        funding = funding_sums.summary_totals(funding_selectors.summary_of(period=period))
        paragraphs = PeriodActivity.objects.filter(period=period).values_list("paragraphs", flat=True).first() or 0
    else:
        statuses = Counter()
        instruments = reported = 0
        groups = funding_groups(queryset, "p_update_status")
        for row in groups:
            instruments += row["n"]
            if row["p_update_status"] is not None:
                reported += row["n"]
                statuses[row["p_update_status"]] += row["n"]
        funding = _group_totals(groups)
        updates = queryset.filter(p_update_id__isnull=False).order_by().values("p_update_id")
        paragraphs = UpdateEntry.objects.filter(update__in=Subquery(updates)).count()
    return PeriodSummary(instruments, reported, paragraphs, statuses, funding.summary, funding.gap_unknown)


def _differs(a: str, b: str) -> Q:
    """`a` and `b` (annotations) differ, an unknown value differing from a known one."""
    return (
        (Q(**{f"{a}__isnull": True}) & Q(**{f"{b}__isnull": False}))
        | (Q(**{f"{a}__isnull": False}) & Q(**{f"{b}__isnull": True}))
        | (Q(**{f"{a}__isnull": False}) & Q(**{f"{b}__isnull": False}) & ~Q(**{a: F(b)}))
    )


CHANGES = {
    PeriodChange.NEW: Q(later_id__isnull=False, earlier_id__isnull=True),
    PeriodChange.SILENT: Q(later_id__isnull=True),
    PeriodChange.STATUS: Q(later_id__isnull=False, earlier_id__isnull=False) & ~Q(later_status=F("earlier_status")),
    PeriodChange.FUNDING: Q(fund_earlier_id__isnull=False, fund_later_id__isnull=False)
    & (_differs("fund_earlier_req", "fund_later_req") | _differs("fund_earlier_mob", "fund_later_mob")),
}


def comparison_queryset(
    instruments, earlier: ReportingPeriod, later: ReportingPeriod, *, change: str = "", figures: bool = True
):
    """`instruments` with their public updates of both periods (earlier_id, earlier_status,
    later_id, later_status) and both periods' funding figures (fund_earlier_*, fund_later_*),
    narrowed to those with `change` (PeriodChange) when given. `figures=False`: only what CHANGES
    compares (ids and stored requirements and mobilized), for counting (quicker to build)."""
    queryset = with_update(with_update(in_tables(instruments), earlier, "earlier"), later, "later")
    for name, period in (("fund_earlier", earlier), ("fund_later", later)):
        relation = f"{name}_record"
        prefix = f"{relation}__"
        shown = {
            f"{name}_requirements": F(f"{prefix}requirements_usd"),
            **{f"{name}_{source}": F(f"{prefix}{column}") for source, column in SOURCE_FIELDS.items()},
        }
        queryset = queryset.annotate(
            **{relation: FilteredRelation("funding_records", condition=Q(funding_records__period=period))}
        ).annotate(
            **{
                f"{name}_id": F(f"{prefix}id"),
                **(shown if figures else {}),
                f"{name}_req": F(f"{prefix}{funding_sums.REQUIREMENTS}"),  # stored by the record
                f"{name}_mob": F(f"{prefix}{funding_sums.MOBILIZED}"),
            }
        )
    if change:
        if change not in CHANGES:
            raise ValueError(f"Unknown change {change!r}; use one of {', '.join(CHANGES)}")
        queryset = queryset.filter(CHANGES[change])
    return queryset


def comparison_counts(queryset) -> dict[str, int]:
    """How many instruments of a comparison_queryset are new, silent, changed status or funding,
    and how many there are (`instruments`), in one query."""
    return queryset.order_by().aggregate(
        instruments=Count("pk"), **{change: Count("pk", filter=q) for change, q in CHANGES.items()}
    )


def kept_comparison_counts(earlier: ReportingPeriod, later: ReportingPeriod) -> dict[str, int] | None:
    """comparison_counts of the comparison of `earlier` and `later` over every instrument, as kept
    for consecutive public periods (PeriodComparison, restrack.publish.comparison_counts), in one
    query reading one row; None when that pair is not kept."""
    fields = ("instruments", *PeriodChange.values)
    return PeriodComparison.objects.filter(earlier=earlier, later=later).values(*fields).first()


def comparison_figures(instrument, name: str, period: ReportingPeriod) -> FundingFigures | None:
    """The funding figures of `period` a comparison_queryset row carries as `name` (fund_earlier
    or fund_later), None without a record."""
    if getattr(instrument, f"{name}_id") is None:
        return None
    return FundingFigures(
        getattr(instrument, f"{name}_requirements"),
        {source: getattr(instrument, f"{name}_{source}") for source in SOURCES},
        period.label,
    )


@dataclass(frozen=True)
class StatusBasis:
    """What an instrument's current status rests on: the latest published update that has one, its
    period, whether it was derived from the report text or assessed (by whom, when), and the
    sentences that justify it in the page's language (or the first language that has them)."""

    period: str
    derived: bool
    assessed_by: str
    assessed_on: datetime.date | None
    evidence: tuple[str, ...]
    evidence_language: str


def status_basis(instrument: Instrument, language: str) -> StatusBasis | None:
    update = (
        policy.public(ProgressUpdate.objects.filter(instrument=instrument))
        .exclude(status="")
        .select_related("period", "status_assessed_by")
        .order_by("-period__start_date")
        .first()
    )
    if update is None:
        return None
    evidence = update.status_evidence or {}
    shown = language if evidence.get(language) else next((code for code in evidence if evidence[code]), language)
    assessor = update.status_assessed_by
    return StatusBasis(
        period=update.period.label,
        derived=update.status_source == StatusSource.DERIVED,
        assessed_by=(assessor.get_full_name() or assessor.get_username()) if assessor else "",
        assessed_on=timezone.localdate(update.status_assessed_at) if update.status_assessed_at else None,
        evidence=tuple(evidence.get(shown, ())),
        evidence_language=shown,
    )
