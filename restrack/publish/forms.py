from django import forms
from django.utils.translation import gettext_lazy as _

from restrack.publish.choices import NOT_REPORTED, DashboardSort, FundingFilter
from restrack.registry.choices import ImplementationStatus, InstrumentKind


class DashboardFilterForm(forms.Form):
    """The dashboard's filters; GET parameters, so a filtered view can be shared by its URL."""

    body = forms.ChoiceField(label=_("Body"), required=False, choices=[
        ("", _("All bodies")), ("assembly", _("UN-Habitat Assembly")), ("executive-board", _("Executive Board"))])
    session = forms.ChoiceField(label=_("Session"), required=False, choices=[
        ("", _("All sessions")), ("1", _("First session (2019)")), ("2", _("Second session (2023)"))])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("Resolutions and decisions")), *InstrumentKind.choices])
    status = forms.ChoiceField(label=_("Status"), required=False, choices=[
        ("", _("Any status")), *ImplementationStatus.choices, (NOT_REPORTED, _("Not reported"))])
    funding = forms.ChoiceField(label=_("Funding"), required=False, choices=[("", _("Any funding")), *FundingFilter.choices])
    sort = forms.ChoiceField(label=_("Sort by"), required=False, choices=DashboardSort.choices)
    descending = forms.BooleanField(label=_("Descending"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            css = "form-check-input" if name == "descending" else "form-select form-select-sm"
            field.widget.attrs["class"] = css
