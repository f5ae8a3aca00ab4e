"""Filters shared by the registry's web lists and API, and the `?instrument=` filter every list uses."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field

from restrack.accounts.actions import find_instrument
from restrack.registry.choices import ImplementationStatus, InstrumentKind
from restrack.registry.models import Instrument

INSTRUMENT_SLUG = re.compile(r"^(resolution|decision)-(\d+)-(\d+)$", re.IGNORECASE)
INSTRUMENT_HELP = "Instrument: reference ('resolution 2/6'), slug (resolution-2-6) or id"


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


class InstrumentReferenceField(forms.CharField):
    def clean(self, value):
        value = super().clean(value)
        return instrument_named(value) if value else None


# The schema's description is given here: drf-spectacular takes none from a filter whose type is declared.
@extend_schema_field({"type": "string", "description": INSTRUMENT_HELP})
class InstrumentFilter(django_filters.Filter):
    field_class = InstrumentReferenceField

    def filter(self, queryset, value):
        return queryset.filter(instrument=value) if value else queryset


class InstrumentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=InstrumentKind.choices)
    body = django_filters.CharFilter(field_name="body__code", label="Body code")
    session = django_filters.NumberFilter(field_name="session__number", label="Assembly session")
    status = django_filters.ChoiceFilter(choices=ImplementationStatus.choices)

    class Meta:
        model = Instrument
        fields = ["kind", "body", "session", "status", "is_active"]
