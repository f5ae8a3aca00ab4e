"""Filters shared by the registry's web lists and API."""

import django_filters

from restrack.registry.choices import ImplementationStatus, InstrumentKind
from restrack.registry.models import Instrument


class InstrumentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InstrumentKind.choices)
    body = django_filters.CharFilter(field_name="body__code", label="Body code")
    session = django_filters.NumberFilter(field_name="session__number", label="Assembly session")
    status = django_filters.ChoiceFilter(choices=ImplementationStatus.choices)

    class Meta:
        model = Instrument
        fields = ["kind", "body", "session", "status", "is_active"]
