"""Template helpers of paged tables (restrack.publish.paging): a column heading's sort link."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def sort_link(page, key: str) -> dict:
    """What the heading of the column sorted by `key` links to (see TablePage.sort_link)."""
    return page.sort_link(key)
