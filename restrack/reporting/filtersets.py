"""Filters of the reporting cycle's lists, shared by the API and the web lists, and the `?period=`
filter every list uses."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field

from restrack.core.filters import YesNoFilter
from restrack.registry.choices import ImplementationStatus
from restrack.registry.filtersets import INSTRUMENT_HELP, InstrumentFilter
from restrack.reporting.choices import CommitmentState, PeriodState, StatusSource, WorkflowState
from restrack.reporting.history import changed_q
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, overdue_commitments
from restrack.reporting.periods import parse_period_label

PERIOD_HELP = "Reporting period label (2024-H2)"


def period_labelled(value, queryset: QuerySet | None = None) -> ReportingPeriod:
    """The reporting period labelled `value` (2024-H2, any case) among `queryset`; a clear error
    (ValidationError) for a malformed label or a period that is not there."""
    label = str(parse_period_label(value))
    queryset = ReportingPeriod.objects.all() if queryset is None else queryset
    period = queryset.filter(label=label).first()
    if period is None:
        raise ValidationError(_("There is no reporting period %(label)s.") % {"label": label}, code="no_period")
    return period


class PeriodLabelField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        return str(parse_period_label(value))


@extend_schema_field({"type": "string", "description": PERIOD_HELP})
class PeriodFilter(django_filters.Filter):
    field_class = PeriodLabelField

    def filter(self, queryset, value):
        return queryset.filter(**{f"{self.field_name or 'period'}__label": value}) if value else queryset


class PeriodFilterSet(django_filters.FilterSet):
    state = django_filters.ChoiceFilter(choices=PeriodState.choices, label="Period state")
    year = django_filters.NumberFilter(
        field_name="start_date",
        lookup_expr="year",
        min_value=1,
        max_value=9999,
        label="Calendar year the period falls in (2024)",
    )

    class Meta:
        model = ReportingPeriod
        fields = ["state", "year"]


class UpdateFilterSet(django_filters.FilterSet):
    period = PeriodFilter(label=PERIOD_HELP)
    instrument = InstrumentFilter(label=INSTRUMENT_HELP)
    state = django_filters.ChoiceFilter(
        field_name="workflow_state", choices=WorkflowState.choices, label="Workflow state"
    )

    class Meta:
        model = ProgressUpdate
        fields = ["period", "instrument", "state"]


@extend_schema_field({"type": "boolean", "description": "Overdue: pending and due before today (true or false)"})
class OverdueFilter(YesNoFilter):
    def filter(self, queryset, value):
        if value is None:
            return queryset
        overdue = overdue_commitments()
        return queryset.filter(overdue) if value else queryset.exclude(overdue)


class CommitmentFilterSet(django_filters.FilterSet):
    instrument = InstrumentFilter(label=INSTRUMENT_HELP)
    state = django_filters.ChoiceFilter(choices=CommitmentState.choices, label="Commitment state")
    overdue = OverdueFilter(label="Overdue: pending and due before today (true or false)")
    due_before = django_filters.DateFilter(
        field_name="due_date", lookup_expr="lte", label="Due on or before this date (YYYY-MM-DD)"
    )
    due_after = django_filters.DateFilter(
        field_name="due_date", lookup_expr="gte", label="Due on or after this date (YYYY-MM-DD)"
    )
    period = PeriodFilter(
        field_name="promised_in__update__period", label="Promised in the update of this reporting period (2024-H2)"
    )

    class Meta:
        model = Commitment
        fields = ["instrument", "state", "overdue", "due_before", "due_after", "period"]


@extend_schema_field(
    {
        "type": "boolean",
        "description": "Only statuses that differ from the previous period's (true) or equal it (false)",
    }
)
class ChangedFilter(YesNoFilter):
    def filter(self, queryset, value):
        if value is None:
            return queryset
        return queryset.filter(changed_q()) if value else queryset.exclude(changed_q())


class StatusHistoryFilterSet(django_filters.FilterSet):
    """Filters of the status history (restrack.reporting.history)."""

    instrument = InstrumentFilter(label=INSTRUMENT_HELP)
    period = PeriodFilter(label=PERIOD_HELP)
    status = django_filters.ChoiceFilter(choices=ImplementationStatus.choices, label="Implementation status")
    source = django_filters.ChoiceFilter(
        field_name="status_source",
        choices=StatusSource.choices,
        label="Where the status comes from: assessed (in the cycle) or derived (from a report's text)",
    )
    changed = ChangedFilter(label="Only statuses that differ from the previous period's (true) or equal it (false)")

    class Meta:
        model = ProgressUpdate
        fields = ["instrument", "period", "status", "source", "changed"]
