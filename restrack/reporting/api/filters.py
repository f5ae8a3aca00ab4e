"""Query filters of GET /api/v1/updates/: ?period=2025-H1, ?instrument=resolution-2-6, ?state=draft."""

from __future__ import annotations

import django_filters
from django import forms

from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate

INSTRUMENT_SLUG = r"^(resolution|decision)-(\d+)-(\d+)$"


class InstrumentSlugField(forms.RegexField):
    def __init__(self, **kwargs):
        super().__init__(
            INSTRUMENT_SLUG,
            error_messages={"invalid": "Name the instrument as kind-session-number: resolution-2-6 or decision-1-3."},
            **kwargs,
        )

    def clean(self, value):
        return super().clean(value.strip().lower() if isinstance(value, str) else value)


class InstrumentSlugFilter(django_filters.CharFilter):
    field_class = InstrumentSlugField

    def filter(self, queryset, value):
        if not value:
            return queryset
        kind, session, number = value.split("-")
        return queryset.filter(instrument__kind=kind, instrument__number=f"{int(session)}/{int(number)}")


class PeriodLabelFilter(django_filters.CharFilter):
    def filter(self, queryset, value):
        return queryset.filter(period__label=value.strip().upper()) if value else queryset


class UpdateFilterSet(django_filters.FilterSet):
    period = PeriodLabelFilter(label="Reporting period label (2025-H1)")
    instrument = InstrumentSlugFilter(label="Instrument as kind-session-number (resolution-2-6)")
    state = django_filters.ChoiceFilter(field_name="workflow_state", choices=WorkflowState.choices,
                                        label="Workflow state")

    class Meta:
        model = ProgressUpdate
        fields = ["period", "instrument", "state"]
