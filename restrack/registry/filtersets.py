"""Filters shared by the registry's web lists and API, and the `?instrument=` filter every list uses.

InstrumentFilterSet is the one filter of instruments: the API's /instruments/ list and export, the
dashboard (restrack.publish.views.DashboardView) and its downloads all use it, so a link's
?body=&session=&kind=&status= means the same everywhere. Every filter refuses a bad value with a
message naming it (the API answers 400; the dashboard ignores that filter and says so)."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from drf_spectacular.utils import extend_schema_field

from restrack.core.filters import YesNoFilter
from restrack.registry.choices import (
    DocumentKind,
    ImplementationStatus,
    InstrumentKind,
    LinkedBody,
    LinkRelation,
    PartnerKind,
)
from restrack.registry.models import (
    Document,
    Goal,
    GoalLink,
    GoverningBody,
    Instrument,
    InstrumentLink,
    OperativeParagraph,
    ParagraphOverlap,
    Partner,
    Session,
)
from restrack.registry.selectors import find_instrument

INSTRUMENT_SLUG = re.compile(r"^(resolution|decision)-(\d{1,4})-(\d{1,3})$", re.IGNORECASE | re.ASCII)
INSTRUMENT_HELP = "Instrument: reference ('resolution 2/6'), slug (resolution-2-6) or id"


def instrument_named(value) -> Instrument:
    """The instrument `value` names: 'resolution 2/6', 'resolution-2-6' or its id; a clear error
    (ValidationError) otherwise."""
    text = str(value).strip()
    if text.isascii() and text.isdigit():
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


NOT_REPORTED = "not_reported"  # ?status= for instruments with no status yet
STATUS_ALIASES = {"none": NOT_REPORTED}  # the dashboard's links before the API named it not_reported
STATUS_HELP = (
    "Implementation status; not_reported for instruments whose implementation has not been reported on (no status yet)."
)
SESSION_CODE = re.compile(r"^(\d{1,4})(?:-(\d{1,2}))?$", re.ASCII)
SESSION_HELP = "Session: its number for the Assembly (2) or year and order for the Executive Board (2024-2)"
BODY_ERRORS = {"invalid_choice": "There is no governing body with code %(value)s; use assembly or executive-board."}


class StatusField(django_filters.fields.ChoiceField):
    """A status, not_reported, or the dashboard's older `none`."""

    def to_python(self, value):
        value = super().to_python(value)
        return STATUS_ALIASES.get(value, value) if isinstance(value, str) else value

    def valid_value(self, value):
        return value in STATUS_ALIASES or super().valid_value(value)


class StatusFilter(django_filters.ChoiceFilter):
    field_class = StatusField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("choices", [*ImplementationStatus.choices, (NOT_REPORTED, _lazy("Not reported"))])
        super().__init__(*args, **kwargs)

    def filter(self, queryset, value):
        if value in STATUS_ALIASES:
            value = STATUS_ALIASES[value]
        if value == NOT_REPORTED:
            return queryset.filter(**{self.field_name: ""})
        return super().filter(queryset, value)


class SessionCodeField(forms.CharField):
    """'2' (an Assembly session's number) or '2024-2' (a Board session's year and order), of a
    session that exists; the value is (number, None) or (year, order)."""

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        code = SESSION_CODE.match(value.strip())
        if not code:
            raise ValidationError(
                _("Give a session as its number (2) or its year and order (2024-2), not %(value)r.") % {"value": value}
            )
        if code[2] is None:
            key, lookup = (int(code[1]), None), {"number": int(code[1])}
        else:
            key, lookup = (int(code[1]), int(code[2])), {"year": int(code[1]), "sequence_in_year": int(code[2])}
        if not Session.objects.filter(**lookup).exists():
            raise ValidationError(_("There is no session %(value)s.") % {"value": value.strip()})
        return key


@extend_schema_field({"type": "string", "description": SESSION_HELP, "example": "2"})
class SessionFilter(django_filters.Filter):
    """?session=2 or ?session=2024-2; `field_name` is the path to the session ("session")."""

    field_class = SessionCodeField

    def filter(self, queryset, value):
        if not value:
            return queryset
        first, order = value
        if order is None:
            return queryset.filter(**{f"{self.field_name}__number": first})
        return queryset.filter(**{f"{self.field_name}__year": first, f"{self.field_name}__sequence_in_year": order})


def body_filter(field_name: str = "body") -> django_filters.ModelChoiceFilter:
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=GoverningBody.objects.all(),
        to_field_name="code",
        label=_lazy("Body"),
        help_text="Code of the governing body: assembly or executive-board.",
        error_messages=BODY_ERRORS,
    )


@extend_schema_field({"type": "string", "description": "Code of a goal or agenda reference", "example": "SDG-11"})
class GoalFilter(django_filters.ModelChoiceFilter):
    """?goal=SDG-11: a goal or agenda reference by its code."""


class InstrumentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(
        choices=InstrumentKind.choices, label=_lazy("Kind"), help_text="resolution or decision."
    )
    body = body_filter()
    session = SessionFilter(field_name="session", label=_lazy("Session"), help_text=SESSION_HELP)
    status = StatusFilter(label=_lazy("Status"), help_text=STATUS_HELP)
    is_active = YesNoFilter(
        label=_lazy("Active"), help_text="true: progress updates are expected each period; false: no longer followed."
    )
    goal = GoalFilter(
        queryset=Goal.objects.all(),
        to_field_name="code",
        method="linked_to",
        label=_lazy("Goal"),
        help_text="Goal or agenda reference (SDG-11, SDG-11.1, NUA-25-42): instruments linked to it, or to one of "
        "its targets, themselves or through one of their operative paragraphs.",
    )

    class Meta:
        model = Instrument
        fields = ["kind", "body", "session", "status", "is_active", "goal"]

    def linked_to(self, queryset, name, goal):
        if not goal:
            return queryset
        return queryset.filter(Exists(GoalLink.objects.filter(goal.matching_q(), instrument=OuterRef("pk"))))


class GoverningBodyFilterSet(django_filters.FilterSet):
    sessions_numbered_by_year = YesNoFilter(
        help_text="true for bodies whose sessions are named by year and order (the Executive Board)."
    )

    class Meta:
        model = GoverningBody
        fields = ["sessions_numbered_by_year"]


class SessionFilterSet(django_filters.FilterSet):
    body = body_filter()
    year = django_filters.NumberFilter(help_text="The year the session starts in.", min_value=1, max_value=9999)
    number = django_filters.NumberFilter(help_text="The Assembly session's number.", min_value=1, max_value=999)

    class Meta:
        model = Session
        fields = ["body", "year", "number"]


class OperativeParagraphFilterSet(django_filters.FilterSet):
    instrument = InstrumentFilter(help_text=INSTRUMENT_HELP)

    class Meta:
        model = OperativeParagraph
        fields = ["instrument"]


class InstrumentLinkFilterSet(django_filters.FilterSet):
    instrument = InstrumentFilter(help_text=INSTRUMENT_HELP + ": the links from it and to it", method="either_end")
    relation = django_filters.ChoiceFilter(choices=LinkRelation.choices, help_text="How the text relates to it.")
    target_body = django_filters.ChoiceFilter(
        choices=LinkedBody.choices, help_text="Body of the instrument referred to (general-assembly, …)."
    )

    class Meta:
        model = InstrumentLink
        fields = ["instrument", "relation", "target_body"]

    def either_end(self, queryset, name, value):
        return queryset.filter(Q(source=value) | Q(target=value)) if value else queryset


class ParagraphOverlapFilterSet(django_filters.FilterSet):
    instrument = InstrumentFilter(help_text=INSTRUMENT_HELP + ": the overlaps of its paragraphs", method="either_end")
    same_body = django_filters.BooleanFilter(help_text="true: within one body's instruments; false: across bodies.")
    min_similarity = django_filters.NumberFilter(
        field_name="similarity", lookup_expr="gte", help_text="Only pairs at least this alike (0 to 1)."
    )
    language = django_filters.CharFilter(help_text="The language of the texts compared (en, zh-hans, …).")

    class Meta:
        model = ParagraphOverlap
        fields = ["instrument", "same_body", "min_similarity", "language"]

    def either_end(self, queryset, name, value):
        return queryset.filter(Q(paragraph__instrument=value) | Q(other__instrument=value)) if value else queryset


class PartnerFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=PartnerKind.choices, help_text="Kind of organisation.")

    class Meta:
        model = Partner
        fields = ["kind"]


class DocumentFilterSet(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=DocumentKind.choices, help_text="Kind of document.")
    session = SessionFilter(field_name="session", help_text=SESSION_HELP)
    symbol = django_filters.CharFilter(
        lookup_expr="iexact", help_text="Document symbol, exact (any case): HSP/EB.2024/20."
    )

    class Meta:
        model = Document
        fields = ["kind", "session", "symbol"]
