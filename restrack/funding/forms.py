"""Forms of the secretariat's funding pages. They only collect what people type: amounts stay text
until `restrack.funding.actions` reads them (with `parse_amount`, the one parser of amounts in
`restrack.core.amounts`), so a page accepts exactly what an import and the API accept, and every
refusal comes from the actions, which the views put next to the field."""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from restrack.core.amounts import format_amount
from restrack.core.concurrency import StaleRecord, current_version
from restrack.funding.choices import ContributionKind
from restrack.funding.models import AMOUNT_FIELDS, FundingRecord, WindowAllocation, WindowContribution
from restrack.registry.models import Instrument
from restrack.registry.selectors import find_paragraph


def amount_text(amount) -> str:
    """An amount as an input shows it: with the separators of the page's language ('1,858,000.00'
    in English and Chinese), which parse_amount reads back to the same figure."""
    return format_amount(amount, None)


def _amount_field(label, *, required=False, help_text="", **kwargs):
    return forms.CharField(
        label=label,
        required=required,
        max_length=40,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        **kwargs,
    )


def _sheet_amount_field(name: str):
    # show_hidden_initial: the page posts what each cell held when it was loaded, so only the
    # cells the person changed are sent, and a figure someone else saved meanwhile is kept.
    return _amount_field(FundingRecord._meta.get_field(name).verbose_name, show_hidden_initial=True)


def _style(form: forms.Form, *, small: bool = False) -> None:
    for field in form.fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs.setdefault("class", f"{css} {css}-sm" if small else css)


def mark_invalid(form: forms.Form) -> forms.Form:
    """Give the inputs that have errors Bootstrap's red border (Django adds aria-invalid, and
    aria-describedby pointing at `<id>_error` and `<id>_helptext`, which the templates render)."""
    for name in form.errors:
        if name in form.fields:
            attrs = form.fields[name].widget.attrs
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
    return form


def add_action_errors(form: forms.Form, error: ValidationError) -> None:
    """Put an action's refusal on the form: each message next to its field when the form has that
    field, otherwise at the top of the form."""
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            form.add_error(name if name in form.fields else None, messages)
    else:
        form.add_error(None, error.messages)


def _version_field():
    """The version of the record the form was filled from, posted back (restrack.core.concurrency)."""
    return forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


def rebased(form_class, form: forms.Form, error: StaleRecord, **kwargs) -> forms.Form:
    """After a stale save: the form again with what the person typed, measured against the record
    as it is now (its version), and the refusal at its top, so that saving again replaces the other
    person's change knowingly and reloading starts from it."""
    data = form.data.copy()
    data[form.add_prefix("version")] = str(error.current_version)
    again = form_class(data, **kwargs)
    again.is_valid()
    again.add_error(None, error.messages)
    return again


class FundingRowForm(forms.Form):
    """One instrument's line of a period sheet: requirements, the four sources and a note."""

    requirements_usd = _sheet_amount_field("requirements_usd")
    mobilized_core_usd = _sheet_amount_field("mobilized_core_usd")
    mobilized_earmarked_usd = _sheet_amount_field("mobilized_earmarked_usd")
    mobilized_window_usd = _sheet_amount_field("mobilized_window_usd")
    mobilized_other_usd = _sheet_amount_field("mobilized_other_usd")
    note = forms.CharField(label=gettext_lazy("Note"), required=False, max_length=1000, show_hidden_initial=True)
    # The version of the record the page showed (0: none yet), sent back so that the action can
    # tell a row saved by someone else since (restrack.core.concurrency).
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, instrument: Instrument, record: FundingRecord | None = None, **kwargs):
        self.instrument = instrument
        self.record = record
        initial = {name: amount_text(getattr(record, name, None)) for name in AMOUNT_FIELDS}
        initial["note"] = record.note if record else ""
        initial["version"] = current_version(record)
        super().__init__(*args, prefix=f"i{instrument.pk}", initial=initial, **kwargs)
        _style(self, small=True)

    @property
    def amount_fields(self):
        return [self[name] for name in AMOUNT_FIELDS]

    @property
    def figures(self):
        """The saved figures (mobilized, gap), or None for an instrument without a record."""
        return self.record.figures if self.record else None

    @property
    def changed_data(self) -> list[str]:
        # The version is not a cell: a row is edited when a cell is.
        return [name for name in super().changed_data if name != "version"]

    def read_values(self) -> dict[str, str]:
        """What each cell held when the page was loaded (the hidden initial inputs the page posts)."""
        return {
            name: self.fields[name]
            .hidden_widget()
            .value_from_datadict(self.data, self.files, self.add_initial_prefix(name))
            for name in [*AMOUNT_FIELDS, "note"]
        }

    def row_values(self) -> tuple[dict[str, str], str | None]:
        """The cells the person changed: amounts as typed (for parse_amount), and the note (None
        when it was not changed, which leaves it as it is)."""
        data, changed = self.cleaned_data, self.changed_data
        return (
            {name: data.get(name, "") for name in AMOUNT_FIELDS if name in changed},
            data.get("note", "") if "note" in changed else None,
        )


class ReasonForm(forms.Form):
    """Why a published period's figures change, or why a contribution is withdrawn or an allocation
    cancelled: kept in the history with the change. Not required by the form: the actions refuse a
    missing reason where one is needed, in their own words."""

    reason = forms.CharField(
        label=gettext_lazy("Reason for the change"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )

    def __init__(self, *args, label: str = "", help_text: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["reason"].label = label
        self.fields["reason"].help_text = help_text


class ContributionForm(forms.Form):
    donor = forms.CharField(label=gettext_lazy("Donor"), max_length=200)
    received_on = forms.DateField(label=gettext_lazy("Received on"), widget=forms.DateInput(attrs={"type": "date"}))
    currency = forms.CharField(
        label=gettext_lazy("Currency"),
        max_length=3,
        initial="USD",
        help_text=gettext_lazy("The three-letter ISO 4217 code: USD, EUR, SEK, ..."),
        widget=forms.TextInput(attrs={"autocapitalize": "characters", "size": 3}),
    )
    amount = _amount_field(gettext_lazy("Amount in that currency"), required=True)
    amount_usd = _amount_field(
        gettext_lazy("Value in USD at that date"),
        help_text=gettext_lazy(
            "What the window's balance counts. Leave empty for a contribution in USD: it is worth its amount."
        ),
    )
    kind = forms.ChoiceField(label=gettext_lazy("Kind"), choices=ContributionKind.choices)
    agreement_reference = forms.CharField(
        label=gettext_lazy("Donor agreement reference"),
        max_length=100,
        required=False,
        help_text=gettext_lazy(
            "Required for a transfer of a project balance: the donor agreement "
            "that allows moving the balance into the window."
        ),
    )
    note = forms.CharField(label=gettext_lazy("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), required=False, max_length=200)
    version = _version_field()

    def __init__(self, *args, contribution: WindowContribution | None = None, **kwargs):
        self.contribution = contribution
        if contribution is not None:
            kwargs["initial"] = {
                "version": contribution.version,
                "donor": contribution.donor,
                "received_on": contribution.received_on,
                "currency": contribution.currency,
                "amount": amount_text(contribution.amount),
                "amount_usd": amount_text(contribution.amount_usd),
                "kind": contribution.kind,
                "agreement_reference": contribution.agreement_reference,
                "note": contribution.note,
            }
        super().__init__(*args, **kwargs)
        if contribution is None:
            del self.fields["reason"], self.fields["version"]
        else:
            self.fields["reason"].help_text = _("Required: why the contribution is corrected. Kept in its history.")
        _style(self)

    def clean_currency(self):
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        data = super().clean()
        currency, amount = data.get("currency", ""), data.get("amount", "")
        if currency and currency != "USD" and amount:
            # "SEK 2,750,000" in the amount of a contribution in SEK: the code is the currency field's
            # (the parser of amounts reads US dollar signs only, and refuses other currencies).
            data["amount"] = re.sub(
                rf"^\s*{re.escape(currency)}\s*|\s*{re.escape(currency)}\s*$", "", amount, flags=re.I
            )
        if data.get("currency") and data["currency"] != "USD" and not data.get("amount_usd", "").strip():
            self.add_error(
                "amount_usd",
                _("Give the value in USD on the day the money was received: the window's balance is kept in USD."),
            )
        return data

    def action_fields(self) -> dict:
        """The fields for record_contribution. For USD the USD value is the amount itself, so it is
        sent only when the person changed it (the action refuses a USD value that differs)."""
        data = self.cleaned_data
        fields = {"version": data["version"]} if "version" in self.fields else {}
        fields |= {
            name: data[name]
            for name in ("donor", "received_on", "currency", "amount", "kind", "agreement_reference", "note")
        }
        if data["currency"] != "USD" or ("amount_usd" in self.changed_data and data["amount_usd"].strip()):
            fields["amount_usd"] = data["amount_usd"]
        return fields


class AllocationForm(forms.Form):
    instrument = forms.ModelChoiceField(label=gettext_lazy("Instrument"), queryset=Instrument.objects.all())
    paragraph = forms.CharField(
        label=gettext_lazy("Operative paragraph (optional)"),
        required=False,
        max_length=20,
        help_text=gettext_lazy("The mandate the money is for, such as 4 or 4(a); empty: the instrument as a whole."),
    )
    allocated_on = forms.DateField(label=gettext_lazy("Allocated on"), widget=forms.DateInput(attrs={"type": "date"}))
    amount_usd = _amount_field(gettext_lazy("Amount (USD)"), required=True)
    purpose = forms.CharField(label=gettext_lazy("Purpose"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    reason = forms.CharField(label=gettext_lazy("Reason for the correction"), required=False, max_length=200)
    version = _version_field()

    def __init__(self, *args, allocation: WindowAllocation | None = None, **kwargs):
        self.allocation = allocation
        if allocation is not None:
            kwargs["initial"] = {
                "version": allocation.version,
                "instrument": allocation.instrument_id,
                "paragraph": allocation.paragraph.number if allocation.paragraph_id else "",
                "allocated_on": allocation.allocated_on,
                "amount_usd": amount_text(allocation.amount_usd),
                "purpose": allocation.purpose,
            }
        super().__init__(*args, **kwargs)
        if allocation is None:
            del self.fields["reason"], self.fields["version"]
        else:
            self.fields["reason"].help_text = _("Required: why the allocation is corrected. Kept in its history.")
        _style(self)

    def clean(self):
        data = super().clean()
        if data.get("instrument") is not None and data.get("paragraph"):
            try:
                data["paragraph"] = find_paragraph(data["instrument"], data["paragraph"])
            except ValidationError as error:
                self.add_error("paragraph", error)
        else:
            data["paragraph"] = None
        return data

    def action_fields(self) -> dict:
        names = (
            "instrument",
            "paragraph",
            "allocated_on",
            "amount_usd",
            "purpose",
            *(["version"] if "version" in self.fields else []),
        )
        return {name: self.cleaned_data[name] for name in names}
