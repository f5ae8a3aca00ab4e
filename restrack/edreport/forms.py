from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from restrack.edreport.choices import ReportLanguage
from restrack.edreport.compose import ReportOptions
from restrack.edreport.generate import ReportRequestError, check_options
from restrack.registry.choices import ReportLayout


class ReportRequestForm(forms.Form):
    """What the coordinator chooses for a report: the same choices as `restrack generate-report`."""

    language = forms.ChoiceField(
        label=_("Language"), choices=ReportLanguage.choices, initial=ReportLanguage.CHINESE, widget=forms.RadioSelect
    )
    symbol = forms.CharField(
        label=_("Document symbol"), required=False, max_length=80, help_text=_("For example HSP/EB.2024/20.")
    )
    agenda_item = forms.CharField(label=_("Agenda item"), required=False, max_length=20, help_text=_("For example 6."))
    agenda_symbol = forms.CharField(
        label=_("Symbol of the agenda"),
        required=False,
        max_length=80,
        help_text=_("Cited in the asterisk footnote, for example HSP/EB.2024/14."),
    )
    issued = forms.DateField(
        label=_("Date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("The date in the masthead; empty: the recorded date, else today."),
    )
    layout = forms.ChoiceField(
        label=_("Layout"),
        required=False,
        choices=[("", _("as the report imported for the period, else a chapter per session"))] + ReportLayout.choices,
        help_text=_("How chapters follow the instruments: the 2020 report has a chapter per instrument."),
    )
    funding_annex = forms.BooleanField(label=_("Add the funding annex"), required=False)
    allow_missing = forms.BooleanField(
        label=_("Allow missing translations"),
        required=False,
        help_text=_("Texts without this language are marked and given in the language they exist in."),
    )

    def clean(self):
        data = super().clean()
        try:
            self.report_options: ReportOptions = check_options(
                symbol=data.get("symbol"),
                agenda_item=data.get("agenda_item"),
                agenda_symbol=data.get("agenda_symbol"),
                issued=data.get("issued"),
                funding_annex=data.get("funding_annex", False),
                allow_missing=data.get("allow_missing", False),
                layout=data.get("layout") or None,
            )
        except ReportRequestError as error:
            raise forms.ValidationError(str(error).split(": ", 1)[-1]) from None
        return data
