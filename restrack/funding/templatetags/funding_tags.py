"""Template helpers of the funding pages: who may edit funding (for the navigation), links to a
record's history, and amounts as the sheet shows them."""

from __future__ import annotations

from django import template
from django.urls import reverse

from restrack.funding import actions

register = template.Library()


@register.filter
def may_edit_funding(user) -> bool:
    """`{% if user|may_edit_funding %}`: coordinators, finance officers and administrators."""
    return actions.may_edit_funding(user)


@register.simple_tag
def record_history_url(period, instrument) -> str:
    prefix, sequence = instrument.number.split("/")
    return reverse(
        "funding:record_history",
        kwargs={"label": period.label, "kind": instrument.kind, "prefix": int(prefix), "sequence": int(sequence)},
    )
