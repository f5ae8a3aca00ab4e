"""Pages of API lists: ?limit= (100 by default, 1000 at most) and ?offset=; the answer has
`count`, `next`, `previous` and `results`. Exports (<list>/export.csv) are not paged.

A page is read in two steps: the ids of the page's rows first (the list's filters and order, but
only the id selected, so the database sorts narrow rows and computes no per-row annotation), then
those rows in full by id, put back in the page's order. A list whose rows carry a subquery per row
(an instrument's latest published period, a commitment's visible delivery) or many joined columns
otherwise computes them for every matching row before sorting, not for the page's hundred.

A list ordered by its reporting period first (updates, funding records: newest period first, then
report order) is paged period by period (`PeriodGroups`): the rows are counted per period in one
grouped query over an index of (period, state), and the page's ids are sorted within the one or
two periods the page falls in (one query) instead of across every period; within one period, in
the order that follows the period's date (an index of (period, report order) walked with a LIMIT).
"""

from django.db.models import Count, QuerySet
from rest_framework.pagination import LimitOffsetPagination

DESCRIPTIONS = {
    "count": "How many items the list has with these filters, on every page.",
    "next": "The address of the next page, null on the last.",
    "previous": "The address of the previous page, null on the first.",
    "results": "The items of this page.",
}


class Pagination(LimitOffsetPagination):
    max_limit = 1000

    def paginate_queryset(self, queryset, request, view=None):
        if not isinstance(queryset, QuerySet) or queryset.query.is_sliced or queryset.query.combinator:
            return super().paginate_queryset(queryset, request, view)
        self.request = request
        self.limit = self.get_limit(request)
        if self.limit is None:
            return None
        grouping = getattr(view, "page_groups", None)
        groups = grouping.of(queryset) if grouping is not None else None
        self.count = sum(count for _value, count in groups[1]) if groups is not None else self.get_count(queryset)
        self.offset = self.get_offset(request)
        if self.count > self.limit and self.template is not None:
            self.display_page_controls = True
        if self.count == 0 or self.offset > self.count:
            return []
        if groups is not None:
            return page_in_groups(queryset, self.offset, self.limit, groups)
        return page_of(queryset, self.offset, self.limit)

    def get_count(self, queryset):
        """The rows' number, counted without the rows' annotations or order (Django keeps an
        aggregate annotation, and its joins, in a plain count())."""
        if isinstance(queryset, QuerySet):
            return queryset.order_by().values("pk").count()
        return super().get_count(queryset)

    def get_paginated_response_schema(self, schema):
        """DRF's, with every property described (the schema's fields all say what they are)."""
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {
            name: {**prop, "description": DESCRIPTIONS[name]} if name in DESCRIPTIONS else prop
            for name, prop in paginated["properties"].items()
        }
        paginated["properties"]["next"]["example"] = (
            "https://restrack.example.org/api/v1/instruments/?limit=100&offset=200"
        )
        paginated["properties"]["previous"]["example"] = (
            "https://restrack.example.org/api/v1/instruments/?limit=100&offset=0"
        )
        return paginated


def page_of(queryset: QuerySet, offset: int, limit: int) -> list:
    """The rows `offset` to `offset + limit` of `queryset` in its order: their ids first, then the
    rows themselves by id (see the module's docstring)."""
    ids = list(dict.fromkeys(queryset.values_list("pk", flat=True)[offset : offset + limit]))
    if not ids:
        return []
    rows = {row.pk: row for row in queryset.order_by().filter(pk__in=ids)}
    return [rows[pk] for pk in ids if pk in rows]


def page_in_groups(queryset: QuerySet, offset: int, limit: int, groups) -> list:
    """The page of `queryset` whose rows come group by group (`groups`: the field and its values
    with their rows' numbers, in the list's order): page_of among the groups the page falls in
    only, in one query whatever the number of groups."""
    field, counts = groups
    spanned, before, within = [], 0, 0
    for value, count in counts:
        if not spanned and offset >= before + count:
            before += count
            continue
        spanned.append(value)
        within += count
        if before + within >= offset + limit:
            break
    if not spanned:
        return []
    narrowed = queryset.filter(**{f"{field}__in": spanned})
    ordering = list(queryset.query.order_by) or list(queryset.model._meta.ordering)
    if len(spanned) == 1 and len(ordering) > 1:
        # Within one group its first term (the period's start date) is the same for every row:
        # left out, the rest of the order is a walk of an index of (period, ...) with a LIMIT,
        # which PostgreSQL does not see through the join on its own (it sorts the period's rows).
        narrowed = narrowed.order_by(*ordering[1:])
    return page_of(narrowed, offset - before, limit)


class PeriodGroups:
    """Pages a list whose order begins with its period's start date period by period (see the
    module's docstring). `view.page_groups = PeriodGroups()`; `path` leads to the period."""

    def __init__(self, path: str = "period"):
        self.path = path

    def of(self, queryset: QuerySet):
        """("period", [(period id, rows), ...] in the list's order), or None when the list is not
        ordered by its period's start date first."""
        ordering = list(queryset.query.order_by)
        if not ordering and queryset.query.default_ordering:
            ordering = list(queryset.model._meta.ordering)
        if not ordering or not isinstance(ordering[0], str):
            return None
        first = ordering[0]
        if first.lstrip("-") != f"{self.path}__start_date":
            return None
        counts = self.counts(queryset)
        period = queryset.model._meta.get_field(self.path).related_model
        order = ["-start_date", "-pk"] if first.startswith("-") else ["start_date", "pk"]
        ids = period._default_manager.filter(pk__in=list(counts)).order_by(*order).values_list("pk", flat=True)
        return self.path, [(pk, counts[pk]) for pk in ids]

    def counts(self, queryset: QuerySet) -> dict:
        """{period id: rows} of the periods with rows: one grouped query over every matching row.
        A list whose numbers are kept elsewhere reads them instead (override)."""
        return dict(
            queryset.order_by()
            .values(self.path)
            .annotate(rows=Count("pk", distinct=queryset.query.distinct))
            .values_list(self.path, "rows")
        )
