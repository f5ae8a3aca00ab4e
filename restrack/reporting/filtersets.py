"""Filters of the reporting cycle's lists, shared by the API and the web lists, and the `?period=`
filter every list uses."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field

from restrack.registry.filtersets import INSTRUMENT_HELP, InstrumentFilter
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate, ReportingPeriod
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
        return queryset.filter(period__label=value) if value else queryset




class UpdateFilterSet(django_filters.FilterSet):
    period = PeriodFilter(label=PERIOD_HELP)
    instrument = InstrumentFilter(label=INSTRUMENT_HELP)
    state = django_filters.ChoiceFilter(field_name="workflow_state", choices=WorkflowState.choices,
                                        label="Workflow state")

    class Meta:
        model = ProgressUpdate
        fields = ["period", "instrument", "state"]
