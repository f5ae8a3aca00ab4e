"""Funding figures added up by the database: totals, totals per period, body or session, counts by
funding band, and each record's mobilized, gap and gap % as sortable and filterable columns, so
that a page about 40,000 instruments reads a handful of rows instead of every record.

The arithmetic is `restrack.funding.arithmetic`'s, done on **whole cents** (integers) so that the
sums are exact on every database: SQLite keeps decimals as binary floating point, whose sums drift
by fractions of a cent over thousands of rows; integers never do. Unknown stays unknown (NULL in
SQL as None in Python): a SUM over no known amount is NULL, never 0; the gap of a record is
NULL when requirements or every source is missing; the gap % is rounded half-up (a half goes
away from zero) to a whole per cent, by integer arithmetic, and is NULL when requirements are 0.

    records = with_cents(policy.public(FundingRecord.objects.filter(period=period)))
    totals = totals_of(records)                    # FundingTotals: one query
    by_period = totals_by(records, "period")       # {period_id: FundingTotals}: one query
    records.filter(gap_cents__gt=0).order_by("-gap_cents")  # the under-funded, largest gap first
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    Func,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, NullIf, RowNumber
from django.db.models.lookups import LessThan

from restrack.funding import arithmetic
from restrack.funding.choices import FundingBand, FundingSource
from restrack.funding.figures import BAND_LIMITS, SOURCE_FIELDS, FundingSummary
from restrack.funding.models import STORED_FIGURES, FundingSummaryRow
from restrack.registry.models import instrument_order_key

# The annotations with_cents adds, by what they hold.
REQUIREMENTS = "requirements_cents"
MOBILIZED = "mobilized_cents"
GAP = "gap_cents"
GAP_PERCENT = "gap_percent_value"
BAND = "funding_band"
SOURCE_CENTS = {source.value: f"{source.value}_cents" for source in FundingSource}
INTEGER = BigIntegerField()


class Cents(Func):
    """An amount as whole cents: ROUND(amount × 100) as an integer, in one short SQL expression
    (the page's aggregates repeat it many times: Django's generic casts would make the SQL several
    times longer and slower to build and to run)."""

    template = "CAST(ROUND(%(expressions)s * 100) AS BIGINT)"
    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra_context):
        return self.as_sql(compiler, connection, template="CAST(ROUND(%(expressions)s * 100) AS INTEGER)")


def cents_of(path: str):
    """The amount at `path` as whole cents (exact: amounts have two decimals), NULL when unknown."""
    return Cents(F(path))


_cents = cents_of


def _integer(expression):
    return ExpressionWrapper(expression, output_field=INTEGER)


def with_cents(records, prefix: str = ""):
    """FundingRecords (or rows that reach them through `prefix`, such as "funding_records__")
    with their figures in cents: requirements_cents, <source>_cents, mobilized_cents, gap_cents
    (signed: below zero is a surplus), gap_percent_value and funding_band. A record stores all but
    the sources' (FundingRecord.STORED_FIGURES, indexed); rows reached through `prefix` are
    annotated with the record's stored columns under those names."""
    sources = {SOURCE_CENTS[source.value]: _cents(prefix + column) for source, column in SOURCE_FIELDS.items()}
    if prefix:
        records = records.annotate(**{name: F(prefix + name) for name in STORED_FIGURES})
    return records.annotate(**sources)


def _stored_expressions() -> list[dict]:
    """The stored figures as SQL expressions of a record's own columns, in the order an UPDATE
    can set them (each step reads the columns the steps before it wrote)."""
    sources = [_cents(column) for column in SOURCE_FIELDS.values()]
    nothing_mobilized = Q(**{f"{column}__isnull": True for column in SOURCE_FIELDS.values()})
    mobilized = Case(
        When(nothing_mobilized, then=Value(None, output_field=INTEGER)),
        default=_integer(sum((Coalesce(source, Value(0)) for source in sources), Value(0))),
        output_field=INTEGER,
    )
    return [
        {REQUIREMENTS: _cents("requirements_usd"), MOBILIZED: mobilized},
        {GAP: _integer(F(REQUIREMENTS) - F(MOBILIZED))},
        {GAP_PERCENT: gap_percent_expression(), BAND: band_expression()},
    ]


def fill_stored_figures(records) -> None:
    """Set the stored figures of FundingRecords `records` from their amounts, in the database (a
    few UPDATEs, whatever their number): for bulk loads that bypass FundingRecord.save() and for
    the migration that added the columns. `records` may be a migration's historical model's."""
    for step in _stored_expressions():
        records.update(**step)
    fill_instrument_order(records)


def fill_instrument_order(records) -> None:
    """Set the report order key of FundingRecords `records` from their instruments, in one UPDATE
    (after bulk loads, and when instruments or sessions change)."""
    instrument = records.model._meta.get_field("instrument").related_model
    key = instrument.objects.filter(pk=OuterRef("instrument_id")).values_list(instrument_order_key())[:1]
    records.update(instrument_order=Subquery(key))


def gap_percent_expression():
    """round_half_up(gap × 100 ÷ requirements) on whole cents: gap × 200 ± requirements (the gap's
    sign), divided by requirements × 2 (integer division, which both databases truncate toward
    zero); NULL without a gap or requirements (a NULL divisor: never a division by zero)."""
    gap, requirements = F(GAP), F(REQUIREMENTS)
    half = Case(When(**{f"{GAP}__lt": 0}, then=Value(0) - requirements), default=requirements, output_field=INTEGER)
    return _integer((gap * Value(200) + half) / NullIf(requirements * Value(2), Value(0)))


KNOWN_GAP = Q(**{f"{GAP}__isnull": False})
SOME_FIGURE = Q(**{f"{REQUIREMENTS}__isnull": False}) | Q(**{f"{MOBILIZED}__isnull": False})


def _below(limit: int):
    """The gap % (rounded half-up) is below `limit`: 200 × gap < (2 × limit − 1) × requirements,
    exactly, in integers, without computing the per cent (NULL, so false, without a gap)."""
    return LessThan(F(GAP) * Value(200), F(REQUIREMENTS) * Value(2 * limit - 1))


def band_conditions() -> dict[str, Q]:
    """Each FundingBand's condition on the annotations of with_cents."""
    short = Q(**{f"{GAP}__gt": 0})
    conditions, below_previous = {FundingBand.FUNDED.value: Q(**{f"{GAP}__lte": 0})}, None
    for band, limit in BAND_LIMITS:
        condition = short & Q(_below(limit))
        conditions[band.value] = condition if below_previous is None else condition & ~Q(below_previous)
        below_previous = _below(limit)
    conditions[FundingBand.GAP_75_OR_MORE.value] = short & ~Q(below_previous)
    conditions[FundingBand.UNKNOWN.value] = ~KNOWN_GAP & SOME_FIGURE
    return conditions


def band_expression():
    """The record's FundingBand: fully funded (no gap, or a surplus), by gap %, or gap unknown
    (some figure reported, the gap not computable); NULL when nothing at all was reported."""
    return Case(
        *(When(condition, then=Value(band)) for band, condition in band_conditions().items()),
        default=Value(None),
        output_field=CharField(),
    )


def band_filter(band: str) -> Q:
    """The records of `band` (one of FundingBand), on a queryset annotated by with_cents."""
    return band_conditions()[band]


def _aggregates(*, bands: bool = True) -> dict:
    """What totals_of and totals_by compute, each a SUM or COUNT over the annotated records (the
    counts by band left out without `bands`)."""
    return {
        "t_requirements": Sum(REQUIREMENTS),
        **{f"t_{source}": Sum(column) for source, column in SOURCE_CENTS.items()},
        "t_mobilized": Sum(MOBILIZED),
        "t_gap": Sum(GAP),
        "t_requirements_with_gap": Sum(REQUIREMENTS, filter=KNOWN_GAP),
        "t_mobilized_with_gap": Sum(MOBILIZED, filter=KNOWN_GAP),
        "t_shortfall": Sum(Case(When(**{f"{GAP}__gt": 0}, then=F(GAP)), default=Value(0)), filter=KNOWN_GAP),
        "t_surplus": Sum(Case(When(**{f"{GAP}__lt": 0}, then=Value(0) - F(GAP)), default=Value(0)), filter=KNOWN_GAP),
        "t_records": Count("pk"),
        "t_instruments": Count("pk", filter=SOME_FIGURE),
        "t_under_funded": Count("pk", filter=Q(**{f"{GAP}__gt": 0})),
        "t_over_funded": Count("pk", filter=Q(**{f"{GAP}__lt": 0})),
        "t_gap_unknown": Count("pk", filter=SOME_FIGURE & ~KNOWN_GAP),
        **(
            {f"t_band_{band}": Count("pk", filter=condition) for band, condition in band_conditions().items()}
            if bands
            else {}
        ),
    }


def amount(cents: int | None) -> Decimal | None:
    """Whole cents as an exact amount with two decimals; None stays None."""
    return None if cents is None else (Decimal(cents) / 100).quantize(arithmetic.CENT)


@dataclass(frozen=True)
class FundingTotals:
    """The sums of some records' figures (a FundingSummary, as `summarize` gives for the same
    records), how many have figures but no gap (`gap_unknown`) and how many are in each band."""

    summary: FundingSummary
    gap_unknown: int = 0
    bands: dict[str, int] = field(default_factory=dict)
    records: int = 0  # how many records were added up (with figures or not)


def _totals(row: dict) -> FundingTotals:
    requirements_with_gap = amount(row["t_requirements_with_gap"])
    mobilized_with_gap = amount(row["t_mobilized_with_gap"])
    summary = FundingSummary(
        requirements=amount(row["t_requirements"]),
        mobilized_by_source={source: amount(row[f"t_{source}"]) for source in SOURCE_CENTS},
        mobilized=amount(row["t_mobilized"]),
        gap=amount(row["t_gap"]),
        gap_percent=arithmetic.gap_percent(requirements_with_gap, mobilized_with_gap),
        shortfall=amount(row["t_shortfall"]),
        surplus=amount(row["t_surplus"]),
        instruments=row["t_instruments"] or 0,
        under_funded=row["t_under_funded"] or 0,
        over_funded=row["t_over_funded"] or 0,
    )
    bands = {band.value: row[f"t_band_{band.value}"] or 0 for band in FundingBand}
    return FundingTotals(summary, row["t_gap_unknown"] or 0, bands, row.get("t_records") or 0)


def totals_of(records) -> FundingTotals:
    """The totals of `records` (annotated by with_cents), in one query."""
    return _totals(records.order_by().aggregate(**_aggregates()))


def totals_by(records, *fields: str) -> list[tuple[dict, FundingTotals]]:
    """(the values of `fields`, their records' totals) for each group, in one query, in the
    order of `fields`."""
    rows = grouped(records, *fields).order_by(*fields)
    return [({name: row[name] for name in fields}, _totals(row)) for row in rows]


def grouped(records, *fields: str):
    """`records` grouped by `fields`: a values queryset with the totals' aggregates of each group
    (t_requirements, t_mobilized, t_gap, t_instruments, ...; sortable and pageable); totals_of_row
    reads a row of it."""
    return records.order_by().values(*fields).annotate(**_aggregates())


def totals_of_row(row: dict) -> FundingTotals:
    return _totals(row)


def ranked(records, name: str, order_by: list):
    """`records` annotated `name`: each one's rank (1, 2, ...) in `order_by`, computed by the
    database over every record of `records` (whatever slice of them is read)."""
    return records.annotate(**{name: Window(RowNumber(), order_by=order_by)})


# The maintained summary ----------------------------------------------------------------------
#
# FundingSummaryRow holds, per period, body, session, kind and funding band, the same sums and
# counts as _aggregates (whole cents; NULL when no record of the group reported the amount), so
# a page adds up a few hundred rows instead of every record. restrack.funding.actions keeps it
# current; these functions compute its rows and read it.

# Each of _aggregates' values and the summary's column holding it.
SUMMARY_COLUMNS = {
    "t_requirements": "requirements_cents",
    **{f"t_{source}": f"{source}_cents" for source in SOURCE_CENTS},
    "t_mobilized": "mobilized_cents",
    "t_gap": "gap_cents",
    "t_requirements_with_gap": "requirements_with_gap_cents",
    "t_mobilized_with_gap": "mobilized_with_gap_cents",
    "t_shortfall": "shortfall_cents",
    "t_surplus": "surplus_cents",
    "t_instruments": "instruments",
    "t_under_funded": "under_funded",
    "t_over_funded": "over_funded",
    "t_gap_unknown": "gap_unknown",
}
# A summary row's group, and where a FundingRecord's value of it comes from.
SUMMARY_GROUP = {
    "period": "period",
    "body": "instrument__body",
    "session": "instrument__session",
    "kind": "instrument__kind",
    "band": BAND,
}


def summary_rows(records, model=FundingSummaryRow) -> list:
    """The summary rows (unsaved `model` instances) of FundingRecords `records`, one per group of
    SUMMARY_GROUP, computed by the database in one query. `model` may be a migration's historical
    model."""
    groups = with_cents(records).order_by().values(*SUMMARY_GROUP.values()).annotate(**_aggregates(bands=False))
    return [
        model(
            period_id=row["period"],
            body_id=row["instrument__body"],
            session_id=row["instrument__session"],
            kind=row["instrument__kind"],
            band=row[BAND] or "",
            records=row["t_records"],
            **{column: row[key] for key, column in SUMMARY_COLUMNS.items()},
        )
        for row in groups
    ]


def _summary_aggregates() -> dict:
    """_aggregates' values (t_requirements, t_band_funded, ...) added up from summary rows."""
    return {
        **{key: Sum(column) for key, column in SUMMARY_COLUMNS.items()},
        "t_records": Sum("records"),
        **{f"t_band_{band}": Sum("instruments", filter=Q(band=band)) for band in FundingBand.values},
    }


def summary_totals(rows) -> FundingTotals:
    """The totals of the records summarized by `rows` (FundingSummaryRows), in one query; equal
    to totals_of on those records."""
    return _totals(rows.order_by().aggregate(**_summary_aggregates()))


def summary_grouped(rows, *fields: str):
    """Summary `rows` grouped by `fields` (a values queryset with the totals' aggregates of each
    group, named as grouped() names them; sortable and pageable); totals_of_row reads a row."""
    return rows.order_by().values(*fields).annotate(**_summary_aggregates())


def summary_totals_by(rows, *fields: str) -> list[tuple[dict, FundingTotals]]:
    """(the values of `fields`, the totals of their summary rows) for each group, in one query,
    in the order of `fields`."""
    return [
        ({name: row[name] for name in fields}, _totals(row)) for row in summary_grouped(rows, *fields).order_by(*fields)
    ]
