from django import forms
from django.utils.translation import gettext_lazy as _


class FollowForm(forms.Form):
    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=_("Used only to send you what you follow; never shown or shared. Every mail has a link to stop."),
    )


class InstrumentFollowForm(FollowForm):
    gap_threshold = forms.IntegerField(
        label=_("Also tell me when its funding gap crosses (%)"),
        required=False,
        min_value=1,
        max_value=100,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        help_text=_(
            "Optional, 1 to 100: a mail when the gap (share of its requirements not mobilized) rises to it or falls below it."
        ),
    )
