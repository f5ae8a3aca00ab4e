"""Amounts in templates, through the one formatter (`restrack.core.amounts.format_amount`): the
thousands separator and decimal mark of the page's language, the currency in front.

    {% load amounts %}
    {{ contribution.amount|amount:contribution.currency }}   EUR 1,500,000.00
    {{ stated.value|amount:stated.currency }}                 $24,000,000 (its own decimals)
    {{ allocation.amount_usd|amount }}                        $550,000.25
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template

from restrack.core.amounts import format_amount

register = template.Library()


@register.filter
def amount(value, currency: str = "USD") -> str:
    """`value` with the page's separators and two decimals (a whole amount stated in a text keeps
    none: `24000000` is `$24,000,000`); an em dash when there is none."""
    if value is None or value == "":
        return "—"
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value))
    except InvalidOperation:
        return str(value)
    places = None if isinstance(value, (int, str)) else 2
    return format_amount(number, currency or None, places=places)


@register.filter
def plain_amount(value) -> str:
    """`value` with the page's separators and two decimals, without a currency (a column headed
    in USD, an input's value)."""
    if value is None or value == "":
        return "—"
    return format_amount(value, None)
