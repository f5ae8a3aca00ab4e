"""The API's pages (restrack.core.api.pagination) with the counts of anonymous callers' lists kept
in the data cache (restrack.publish.memo) until the next public change.

An anonymous caller reads published data only (the access policy's public rules), so a list's
count is a function of its SQL and the published content: the same for every anonymous caller
until something public changes, which is what the data cache's generation follows. A count over
every operative paragraph or commitment at the UN system's scale (1.6 million paragraphs) costs
tens of milliseconds in the database on each request; kept, the page reads only its own rows.
Signed-in callers see drafts and reviews, which change without a public change: theirs are
counted on each request.
"""

from __future__ import annotations

from django.core.exceptions import EmptyResultSet
from django.db.models import QuerySet

from restrack.core.api.pagination import Pagination
from restrack.publish import memo


def kept_count(queryset: QuerySet, count) -> int:
    """count(queryset), kept per SQL (its filters, parameters and the caller's visible rows are
    in it) until the next public change. The SQL of the rows' ids, which is what is counted:
    the rows' own, with their joined columns and per-row subqueries, takes longer to write than
    the count takes to read on a small list."""
    try:
        sql = str(queryset.order_by().values("pk").query)
    except EmptyResultSet:  # no row can match: nothing to count or keep
        return 0
    return memo.remember("api-count", (queryset.model._meta.label, sql), lambda: count(queryset))


class PublicCountPagination(Pagination):
    """The default: anonymous callers' counts kept (see the module's docstring)."""

    def get_count(self, queryset):
        request = getattr(self, "request", None)
        user = getattr(request, "user", None)
        plain = isinstance(queryset, QuerySet) and not queryset.query.combinator  # a union: counted as DRF does
        if plain and user is not None and not user.is_authenticated:
            return kept_count(queryset, super().get_count)
        return super().get_count(queryset)


class KeptCountPagination(Pagination):
    """Pages of a list that is the same for every caller (public data only), its count kept
    whoever asks: a period's changes are counted over every instrument (a few hundred
    milliseconds at 40,000), the page itself is a walk of the report order with a LIMIT."""

    def get_count(self, queryset):
        return kept_count(queryset, super().get_count)
