"""Filters of funding records shared by the API (GET /api/v1/funding/records/) and web lists:
?period=2024-H2, ?instrument=resolution 2/6 (or resolution-2-6, or the instrument's id),
?session=2, ?under_funded=true, ?ordering=-gap (gap, gap_percent, requirements; unknown last)."""

from __future__ import annotations

import operator
import re
from decimal import Decimal
from functools import reduce

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Case, DecimalField, F, FloatField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Coalesce, NullIf
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field

from restrack.accounts.actions import find_instrument
from restrack.funding.figures import SOURCE_FIELDS
from restrack.funding.models import AMOUNT_FIELDS, FundingRecord
from restrack.registry.models import Instrument
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.periods import parse_period_label

INSTRUMENT_SLUG = re.compile(r"^(resolution|decision)-(\d+)-(\d+)$", re.IGNORECASE)


def instrument_named(value) -> Instrument:
    """The instrument `value` names: 'resolution 2/6', 'resolution-2-6' or its id; a clear error
    (ValidationError) otherwise."""
    text = str(value).strip()
    if text.isdigit():
        instrument = Instrument.objects.filter(pk=int(text)).first()
        if instrument is None:
            raise ValidationError(_("There is no instrument with id %(id)s.") % {"id": text})
        return instrument
    slug = INSTRUMENT_SLUG.match(text)
    if slug:
        text = f"{slug[1]} {int(slug[2])}/{int(slug[3])}"
    return find_instrument(text)


def period_labelled(value, queryset: QuerySet | None = None) -> ReportingPeriod:
    """The reporting period labelled `value` (2024-H2, any case) among `queryset`; a clear error
    (ValidationError) for a malformed label or a period that is not there."""
    label = str(parse_period_label(value))
    queryset = ReportingPeriod.objects.all() if queryset is None else queryset
    period = queryset.filter(label=label).first()
    if period is None:
        raise ValidationError(_("There is no reporting period %(label)s.") % {"label": label}, code="no_period")
    return period


class InstrumentReferenceField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return instrument_named(value) if value else None


class PeriodLabelField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return str(parse_period_label(value))


class YesNoField(forms.CharField):
    """true/false (also yes/no, 1/0); anything else is refused rather than ignored."""

    VALUES = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value.strip().lower() not in self.VALUES:
            raise ValidationError(_("Use true or false, not %(value)r.") % {"value": value})
        return self.VALUES[value.strip().lower()]


class YesNoFilter(django_filters.Filter):
    field_class = YesNoField


INSTRUMENT_HELP = "Instrument: reference ('resolution 2/6'), slug (resolution-2-6) or id"
PERIOD_HELP = "Reporting period label (2024-H2)"


# The schema's description is given here: drf-spectacular takes none from a filter whose type is declared.
@extend_schema_field({"type": "string", "description": INSTRUMENT_HELP})
class InstrumentFilter(django_filters.Filter):
    field_class = InstrumentReferenceField

    def filter(self, queryset, value):
        return queryset.filter(instrument=value) if value else queryset


@extend_schema_field({"type": "string", "description": PERIOD_HELP})
class PeriodFilter(django_filters.Filter):
    field_class = PeriodLabelField

    def filter(self, queryset, value):
        return queryset.filter(period__label=value) if value else queryset


# Amounts computed in the database, for ordering only: the figures shown always come from
# restrack.funding.figures, in Python with exact decimals.
MONEY = DecimalField(max_digits=20, decimal_places=2)
NOTHING_MOBILIZED = Q(**{f"{column}__isnull": True for column in SOURCE_FIELDS.values()})


def with_ordering_amounts(queryset: QuerySet) -> QuerySet:
    """Annotate `ordering_gap` (requirements minus mobilized, null when either is unknown, as
    FundingFigures.gap) and `ordering_gap_ratio` (gap / requirements as a float: SQLite would
    divide two whole-dollar amounts as integers)."""
    mobilized = reduce(operator.add, (Coalesce(F(column), Value(Decimal("0")), output_field=MONEY)
                                      for column in SOURCE_FIELDS.values()))
    mobilized = Case(When(NOTHING_MOBILIZED, then=Value(None, output_field=MONEY)), default=mobilized,
                     output_field=MONEY)
    queryset = queryset.annotate(ordering_gap=F("requirements_usd") - mobilized)
    return queryset.annotate(ordering_gap_ratio=Cast("ordering_gap", FloatField())
                             / NullIf(Cast("requirements_usd", FloatField()), Value(0.0)))


class FundingOrderingFilter(django_filters.OrderingFilter):
    """Orders by gap, gap % or requirements; records whose value is unknown come last in both
    directions, on SQLite and PostgreSQL alike (they disagree about where NULL sorts)."""

    COLUMNS = {"gap": "ordering_gap", "gap_percent": "ordering_gap_ratio", "requirements": "requirements_usd"}

    def __init__(self, **kwargs):
        kwargs.setdefault("fields", {name: name for name in self.COLUMNS})
        kwargs.setdefault("help_text", "gap, gap_percent or requirements; a leading '-' orders from the largest. "
                                       "Records where the value is unknown come last.")
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
    session = django_filters.NumberFilter(field_name="instrument__session__number",
                                          label="Assembly session number of the instrument (2)")
    under_funded = YesNoFilter(
        method="filter_under_funded",
        label="true: only records whose mobilized resources fall short of the requirements; false: the others")
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
