"""Template helpers of paged tables (restrack.publish.paging): a column heading's sort link."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

ARROWS = {True: mark_safe(' <span aria-hidden="true">▼</span>'), False: mark_safe(' <span aria-hidden="true">▲</span>')}


@register.filter
def sort_link(page, key: str) -> dict:
    """What the heading of the column sorted by `key` links to (see TablePage.sort_link)."""
    return page.sort_link(key)


@register.simple_tag
def sort_header(page, key: str, label, css: str = ""):
    """A column heading that sorts the table by `key`: what publish/_sort_header.html writes, in
    one call instead of an included template (a table heads several columns on every page)."""
    link = page.sort_link(key)
    return format_html(
        '<th scope="col"{}{}><a class="sort-link text-reset" href="{}" data-sort="{}">{}{}</a></th>',
        format_html(' class="{}"', css) if css else "",
        format_html(' aria-sort="{}"', link["aria_sort"]) if link["aria_sort"] else "",
        link["url"],
        key,
        label,
        ARROWS[bool(link["descending"])] if link["current"] else "",
    )
