"""Template helpers of the funding pages: links to a record's history, and amounts as the sheet
shows them."""

from __future__ import annotations

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def record_history_url(period, instrument) -> str:
    prefix, sequence = instrument.number.split("/")
    return reverse(
        "funding:record_history",
        kwargs={"label": period.label, "kind": instrument.kind, "prefix": int(prefix), "sequence": int(sequence)},
    )
