"""The filter backends of every API list (REST_FRAMEWORK["DEFAULT_FILTER_BACKENDS"]).

- FilterBackend: the list's FilterSet, as django-filter's backend, except that a refused value
  becomes a 400 whose messages are formatted once, by Django: django-filter's own translation
  formats each message again with `%`, so a value containing "%" that a message quotes would be
  a 500.
- OrderingFilter: `?ordering=` with the names clients see (a name the list does not order by is
  a 400 naming those it does, never silently ignored); a view's `ordering_columns` lets one
  name stand for the columns it sorts by ({"number": ["session__year", "sequence"], "period":
  ["period__start_date"]}, a leading "-" reversing each), and `ordering_tiebreak` (default the
  id) follows, so that pages never shuffle rows whose keys are equal.
"""

from __future__ import annotations

from django_filters.rest_framework import DjangoFilterBackend
from rest_framework import filters
from rest_framework.exceptions import ValidationError


class FilterBackend(DjangoFilterBackend):
    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        if not filterset.is_valid() and self.raise_exception:
            raise ValidationError({name: list(messages) for name, messages in filterset.errors.items()})
        return filterset.qs


class OrderingFilter(filters.OrderingFilter):
    def remove_invalid_fields(self, queryset, fields, view, request):
        valid = [name for name, _label in self.get_valid_fields(queryset, view, {"request": request})]
        unknown = [term for term in fields if term and term.lstrip("-") not in valid]
        if unknown:
            raise ValidationError(
                {
                    self.ordering_param: [
                        f"This list cannot be ordered by {unknown[0]!r}; use {', '.join(sorted(valid))} "
                        "(a leading '-' reverses the order)."
                    ]
                }
            )
        return super().remove_invalid_fields(queryset, fields, view, request)

    def get_ordering(self, request, queryset, view):
        ordering = super().get_ordering(request, queryset, view)
        if not ordering:
            return ordering
        columns = getattr(view, "ordering_columns", {})
        expanded = []
        for term in ordering:
            descending, name = term.startswith("-"), term.lstrip("-")
            for column in columns.get(name, [name]):
                if descending:
                    column = column[1:] if column.startswith("-") else f"-{column}"
                expanded.append(column)
        tiebreak = [column for column in getattr(view, "ordering_tiebreak", ["pk"]) if column not in expanded]
        return [*expanded, *tiebreak]
