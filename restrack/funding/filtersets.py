"""Filters of funding records shared by the API (GET /api/v1/funding/records/) and web lists:
?period=2024-H2, ?instrument=resolution 2/6 (or resolution-2-6, or the instrument's id),
?session=2, ?under_funded=true, ?ordering=-gap (gap, gap_percent, requirements; unknown last)."""

from __future__ import annotations

import operator
from decimal import Decimal
from functools import reduce

import django_filters
from django.db.models import Case, DecimalField, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf

from restrack.core.filters import YesNoFilter
from restrack.funding.choices import ContributionKind
from restrack.funding.figures import SOURCE_FIELDS
from restrack.funding.models import AMOUNT_FIELDS, FundingRecord, ParagraphFunding, WindowAllocation, WindowContribution
from restrack.registry.filtersets import INSTRUMENT_HELP, InstrumentFilter
from restrack.reporting.filtersets import PERIOD_HELP, PeriodFilter

# Amounts computed in the database, for ordering only: the figures shown always come from
# restrack.funding.figures, in Python with exact decimals.
MONEY = DecimalField(max_digits=20, decimal_places=2)
NOTHING_MOBILIZED = Q(**{f"{column}__isnull": True for column in SOURCE_FIELDS.values()})


def with_ordering_amounts(queryset: QuerySet) -> QuerySet:
    """Annotate `ordering_gap` (requirements minus mobilized, null when either is unknown, as
    FundingFigures.gap) and `ordering_gap_ratio` (gap / requirements as a float: SQLite would
    divide two whole-dollar amounts as integers)."""
    mobilized = reduce(
        operator.add,
        (Coalesce(F(column), Value(Decimal("0")), output_field=MONEY) for column in SOURCE_FIELDS.values()),
    )
    mobilized = Case(
        When(NOTHING_MOBILIZED, then=Value(None, output_field=MONEY)), default=mobilized, output_field=MONEY
    )
    queryset = queryset.annotate(ordering_gap=F("requirements_usd") - mobilized)
    return queryset.annotate(
        ordering_gap_ratio=Cast("ordering_gap", FloatField())
        / NullIf(Cast("requirements_usd", FloatField()), Value(0.0))
    )


class FundingOrderingFilter(django_filters.OrderingFilter):
    """Orders by gap, gap % or requirements; records whose value is unknown come last in both
    directions, on SQLite and PostgreSQL alike (they disagree about where NULL sorts)."""

    COLUMNS = {"gap": "ordering_gap", "gap_percent": "ordering_gap_ratio", "requirements": "requirements_usd"}

    def __init__(self, **kwargs):
        kwargs.setdefault("fields", {name: name for name in self.COLUMNS})
        kwargs.setdefault(
            "help_text",
            "gap, gap_percent or requirements; a leading '-' orders from the largest. "
            "Records where the value is unknown come last.",
        )
        super().__init__(**kwargs)

    def filter(self, queryset, value):
        if not value:
            return queryset
        ordering = []
        for param in value:
            descending = param.startswith("-")
            column = F(self.COLUMNS[param.lstrip("-")])
            ordering.append(column.desc(nulls_last=True) if descending else column.asc(nulls_last=True))
        return with_ordering_amounts(queryset).order_by(*ordering, *FundingRecord._meta.ordering, "pk")


class FundingRecordFilterSet(django_filters.FilterSet):
    period = PeriodFilter(label=PERIOD_HELP)
    instrument = InstrumentFilter(label=INSTRUMENT_HELP)
    session = django_filters.NumberFilter(
        field_name="instrument__session__number",
        min_value=1,
        max_value=999,
        label="Assembly session number of the instrument (2)",
    )
    under_funded = YesNoFilter(
        method="filter_under_funded",
        label="true: only records whose mobilized resources fall short of the requirements; false: the others",
    )
    ordering = FundingOrderingFilter()

    class Meta:
        model = FundingRecord
        fields = ["period", "instrument", "session", "under_funded"]

    def filter_under_funded(self, queryset, name, value: bool):
        if value is None:
            return queryset
        # Decided on the exact figures (as the summary counts them), not on database arithmetic
        # that SQLite does in floating point.
        short = [row["pk"] for row in queryset.values("pk", *AMOUNT_FIELDS) if _short(FundingRecord(**row))]
        return queryset.filter(pk__in=short) if value else queryset.exclude(pk__in=short)


def _short(record: FundingRecord) -> bool:
    gap = record.figures.gap
    return gap is not None and gap > 0


# --- the Urban Action Funding Window -------------------------------------------------------------

DATE_HELP = "YYYY-MM-DD, inclusive"


class ContributionFilterSet(django_filters.FilterSet):
    """Contributions to the window: ?donor=norway (part of the name, any case), ?kind=new|transfer,
    ?received_on_after=2024-01-01&received_on_before=2024-12-31 (inclusive)."""

    donor = django_filters.CharFilter(
        field_name="donor", lookup_expr="icontains", label="Part of the donor's name, any case (norway)"
    )
    kind = django_filters.ChoiceFilter(
        field_name="kind",
        choices=ContributionKind.choices,
        label="new: a new contribution; transfer: a finished project's balance",
    )
    received_on = django_filters.DateFromToRangeFilter(
        field_name="received_on", label=f"The day received: received_on_after and received_on_before ({DATE_HELP})"
    )

    class Meta:
        model = WindowContribution
        fields = ["donor", "kind", "received_on"]


class AllocationFilterSet(django_filters.FilterSet):
    """Allocations from the window: ?instrument=resolution 2/6 (or resolution-2-6, or its id),
    ?allocated_on_after=2024-01-01&allocated_on_before=2024-12-31 (inclusive)."""

    instrument = InstrumentFilter(label=INSTRUMENT_HELP)
    allocated_on = django_filters.DateFromToRangeFilter(
        field_name="allocated_on", label=f"The day allocated: allocated_on_after and allocated_on_before ({DATE_HELP})"
    )

    class Meta:
        model = WindowAllocation
        fields = ["instrument", "allocated_on"]


class ParagraphFundingFilterSet(django_filters.FilterSet):
    instrument = InstrumentFilter(field_name="paragraph__instrument", help_text=INSTRUMENT_HELP, method="of_instrument")
    period = django_filters.CharFilter(field_name="period__label", help_text="The reporting period's label (2024-H2).")

    class Meta:
        model = ParagraphFunding
        fields = ["instrument", "period"]

    def of_instrument(self, queryset, name, value):
        return queryset.filter(paragraph__instrument=value) if value else queryset
