"""The funding page's filters: the period whose figures are shown, and which instruments (body,
session, kind, as InstrumentFilterSet reads them everywhere else, and the funding band of their
figures in that period). GET parameters, so that a filtered view is shared by its URL; a bad
value drops that filter only and the page says so."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from restrack.core.widgets import QuickSelect
from restrack.funding.choices import FundingBand
from restrack.publish.forms import PERIOD_ERRORS, FilterSelect, _period_choices, set_registry_choices
from restrack.registry.choices import InstrumentKind
from restrack.registry.filtersets import InstrumentFilterSet
from restrack.registry.models import Instrument

INSTRUMENT_FILTERS = ("body", "session", "kind")


class FundingPageForm(forms.Form):
    period = forms.ChoiceField(
        widget=QuickSelect, label=_("Funding figures of"), required=False, error_messages=PERIOD_ERRORS
    )
    body = FilterSelect(label=_("Body"), required=False, choices=())
    session = FilterSelect(label=_("Session"), required=False, choices=())
    kind = forms.ChoiceField(
        widget=QuickSelect,
        label=_("Kind"),
        required=False,
        choices=[("", _("Resolutions and decisions")), *InstrumentKind.choices],
    )
    band = forms.ChoiceField(
        widget=QuickSelect, label=_("Funding"), required=False, choices=[("", _("Any funding")), *FundingBand.choices]
    )

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = _period_choices(list(periods))
        set_registry_choices(self)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select form-select-sm"

    def clean(self):
        """body, session and kind as InstrumentFilterSet judges them (its message on a refusal)."""
        cleaned = super().clean()
        values = {name: cleaned[name] for name in INSTRUMENT_FILTERS if cleaned.get(name)}
        for name, errors in InstrumentFilterSet(values, queryset=Instrument.objects.none()).errors.items():
            self.add_error(name, list(errors))
        return self.cleaned_data

    def usable_filters(self) -> dict:
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def instrument_filters(self) -> dict[str, str]:
        filters = self.usable_filters()
        return {name: filters[name] for name in INSTRUMENT_FILTERS if filters.get(name)}

    def ignored(self) -> list[tuple[str, str]]:
        """(label, message) of each filter whose value was ignored (the period's own message is
        shown next to it)."""
        if not self.is_bound:
            return []
        return [
            (str(self.fields[name].label), " ".join(errors)) for name, errors in self.errors.items() if name != "period"
        ]
