"""`{% load policy %}` … `{% if user|can:"funding.edit" %}`: what the access policy lets the person
do, for the navigation and the buttons (the views and actions check it again)."""

from __future__ import annotations

from django import template

from restrack.accounts import policy

register = template.Library()


@register.filter
def can(user, ability: str) -> bool:
    return policy.allows(user, ability)
