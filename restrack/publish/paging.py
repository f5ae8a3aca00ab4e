"""Paged, sortable tables of the public tracker: one page of a queryset at a time, never all rows.

A page is read from the URL: ?sort= (one of the table's whitelisted columns), a direction
(?desc=1 by default; the dashboard names it ?descending=on), ?page= and ?per_page= (up to
MAX_PER_PAGE). The database sorts (unknown figures last whatever the direction, then the primary
key so that a row is on one page only), counts the rows and returns one page (LIMIT/OFFSET on the
ordering); every link the page makes keeps the other query parameters (the filters), so each row
is reachable by paging through a filtered view and a page can be shared by its URL.

    SORTS = {
        "number": Sort(_("number"), ("session__year", "-kind", "sequence")),
        "gap": Sort(_("funding gap"), ("gap",)),
    }
    page = paginate(request, queryset, SORTS, default="number")
    page.rows, page.total, page.url(page=2), page.sort_link("gap")

Templates: {% include "publish/_pager.html" %} (with page=...) under a table, and
{% include "publish/_sort_header.html" with key="gap" label=_("Gap") css="text-number" %} for
a column heading that sorts (aria-sort tells a screen reader how the table is sorted). Values
that cannot be used (an unknown sort, a page that is not a number) are ignored and listed in
`page.ignored` with what to write instead; a page past the last shows the last page."""

from __future__ import annotations

import functools
import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from django.db.models import F, OrderBy
from django.db.models.expressions import BaseExpression
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

PER_PAGE = 50
MAX_PER_PAGE = 200
TRUE_VALUES = ("1", "on", "true", "yes")
PAGE_WINDOW = 2  # page numbers shown either side of the current page


@dataclass(frozen=True)
class Sort:
    """One way to sort a table: its label and the ordering for ascending (Django's order_by
    terms: field paths, "-field" for a column that runs the other way, or expressions). The
    descending order reverses each term. With `nulls_last`, rows with no value come last in
    both directions: an unknown figure is not zero."""

    label: str
    order: tuple = ()
    nulls_last: bool = True

    def order_by(self, descending: bool) -> list[OrderBy]:
        terms = []
        for term in self.order:
            if isinstance(term, str):
                reverse = term.startswith("-")
                expression = F(term.lstrip("-"))
            elif isinstance(term, OrderBy):
                reverse, expression = term.descending, term.expression
            elif isinstance(term, BaseExpression):
                reverse, expression = False, term
            else:
                raise TypeError(f"A sort term is a field path or an expression, not {term!r}")
            nulls = {"nulls_last": True} if self.nulls_last else {}
            terms.append(expression.desc(**nulls) if reverse != descending else expression.asc(**nulls))
        return terms


@dataclass
class TablePage:
    """One page of a sorted table and what its links need."""

    rows: Sequence  # the page's rows (PageRows: read when first iterated)
    total: int  # rows matching the filters, counted by the database
    number: int
    num_pages: int
    per_page: int
    sort: str
    descending: bool
    sorts: Mapping[str, Sort]
    query: QueryDict  # the request's query parameters
    prefix: str = ""  # parameter prefix, for two tables on one page
    direction_param: str = "desc"
    default_sort: str = ""
    default_per_page: int = PER_PAGE
    ignored: list[tuple[str, str]] = field(default_factory=list)

    # Parameter names (prefixed when a page holds several tables) -------------------------------

    def param(self, name: str) -> str:
        return f"{self.prefix}{name}"

    # Position ----------------------------------------------------------------------------------

    @property
    def start_index(self) -> int:
        """1-based index of the first row shown (0 when there is none)."""
        return (self.number - 1) * self.per_page + 1 if self.total else 0

    @property
    def shown(self) -> int:
        """The number of rows on this page, from the total (the rows themselves are read when
        first iterated: a page whose rendered table is kept in the data cache never reads them)."""
        return max(0, min(self.per_page, self.total - (self.number - 1) * self.per_page))

    @property
    def end_index(self) -> int:
        return self.start_index + self.shown - 1 if self.shown else 0

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def has_other_pages(self) -> bool:
        return self.num_pages > 1

    @property
    def is_partial(self) -> bool:
        """True when some matching rows are not on this page."""
        return self.shown < self.total

    # Links -------------------------------------------------------------------------------------

    def url(self, **changes) -> str:
        """'?' and the query string of this view with `changes` (names without the prefix; None
        removes a parameter), keeping every other parameter (the filters); defaults are left
        out so that links stay short."""
        query = self.query.copy()
        for name, value in changes.items():
            key = self.param(name)
            if value is None or value == "" or value is False:
                query.pop(key, None)
            else:
                query[key] = "1" if value is True else str(value)
        if query.get(self.param("page")) == "1":
            query.pop(self.param("page"))
        return "?" + query.urlencode()

    def page_url(self, number: int) -> str:
        return self.url(page=number)

    @property
    def previous_url(self) -> str:
        return self.page_url(self.number - 1) if self.has_previous else ""

    @property
    def next_url(self) -> str:
        return self.page_url(self.number + 1) if self.has_next else ""

    @property
    def first_url(self) -> str:
        return self.page_url(1)

    @property
    def last_url(self) -> str:
        return self.page_url(self.num_pages)

    @cached_property
    def page_links(self) -> list[tuple[int | None, str]]:
        """(number, url) of the pages to link: the first, the last and a few around the current
        one; (None, "") where numbers are skipped."""
        numbers = sorted(
            {1, self.num_pages}
            | set(range(max(1, self.number - PAGE_WINDOW), min(self.num_pages, self.number + PAGE_WINDOW) + 1))
        )
        links, previous = [], 0
        for number in numbers:
            if number - previous > 1:
                links.append((None, ""))
            links.append((number, self.page_url(number)))
            previous = number
        return links

    def sort_link(self, key: str) -> dict:
        """What a column heading needs: the link that sorts by `key` (ascending first, the other
        direction when it is the current sort), whether it is current and the aria-sort value.
        Sorting again starts at page 1."""
        if key not in self.sorts:
            raise KeyError(f"{key!r} is not one of this table's sorts ({', '.join(self.sorts)})")
        current = key == self.sort
        descending = not self.descending if current else False
        url = self.url(sort=None if key == self.default_sort else key, page=None, **{self.direction_param: descending})
        return {
            "url": url,
            "current": current,
            "descending": self.descending if current else None,
            "aria_sort": ("descending" if self.descending else "ascending") if current else "",
        }

    @property
    def sort_choices(self) -> list[tuple[str, str]]:
        return [(key, str(sort.label)) for key, sort in self.sorts.items()]

    def hidden_fields(self, *keep_out: str) -> list[tuple[str, str]]:
        """(name, value) of the query parameters a form on the page should carry along as hidden
        inputs (the sort and direction, not the page: a new filter starts at page 1)."""
        out = {self.param("page"), *keep_out}
        return [(name, value) for name, values in self.query.lists() if name not in out for value in values]


def _integer(query: QueryDict, name: str, label, ignored: list, *, minimum: int = 1) -> int | None:
    value = query.get(name)
    if value in (None, ""):
        return None
    text = value.strip()
    if not (text.isascii() and text.isdigit()) or int(text) < minimum:
        ignored.append(
            (
                str(label),
                _("“%(value)s” is not a whole number of at least %(minimum)s.") % {"value": value, "minimum": minimum},
            )
        )
        return None
    return int(text)


def query_but_page(request) -> list[tuple[str, list[str]]]:
    """The request's query but its page, in a stable order: what a page's parts shared by every
    page of a table (restrack.publish.memo) vary with."""
    return sorted((key, values) for key, values in request.GET.lists() if key != "page")


class PageRows(Sequence):
    """A page's rows, read (one query) when first iterated, measured or indexed: a page whose
    rendered table is kept in the data cache never reads them, nor builds their queryset."""

    def __init__(self, read):
        self._read = read
        self._rows = None

    def _all(self) -> list:
        if self._rows is None:
            self._rows = list(self._read())
        return self._rows

    def __getitem__(self, index):
        return self._all()[index]

    def __len__(self) -> int:
        return len(self._all())

    def __iter__(self):
        return iter(self._all())


def paginate(
    request_or_query,
    queryset,
    sorts: Mapping[str, Sort],
    *,
    default: str | None = None,
    descending_default: bool = False,
    per_page: int = PER_PAGE,
    max_per_page: int = MAX_PER_PAGE,
    prefix: str = "",
    direction_param: str = "desc",
    tiebreak: Sequence[str] = ("pk",),
    sort: str | None = None,
    descending: bool | None = None,
    total: int | None = None,
) -> TablePage:
    """One page of `queryset` sorted by the ?sort= of the request (one of `sorts`; `default`,
    else the first, when none or an unknown one is given). `sort` and `descending`, when given,
    win over the URL (a form that cleaned them already). Two queries: the count and the page;
    one when the caller knows how many rows there are (`total`, counted elsewhere: a summary).
    The page's rows are read when first iterated (PageRows); `queryset` may be a function that
    builds it, called only then (with `total`, a page whose table is kept builds no queryset)."""
    query = request_or_query.GET if hasattr(request_or_query, "GET") else request_or_query
    if not isinstance(query, QueryDict):
        query = _query_dict(query)
    if not sorts:
        raise ValueError("A paged table needs at least one sort")
    default = default or next(iter(sorts))
    ignored: list[tuple[str, str]] = []

    if sort is None:
        sort = query.get(f"{prefix}sort") or default
        if sort not in sorts:
            ignored.append(
                (
                    str(_lazy("Sort by")),
                    _("There is no sort “%(value)s”; use one of %(choices)s.")
                    % {"value": sort, "choices": ", ".join(sorts)},
                )
            )
            sort = default
    if descending is None:
        raw = query.get(f"{prefix}{direction_param}")
        descending = raw.strip().lower() in TRUE_VALUES if raw else descending_default

    size = _integer(query, f"{prefix}per_page", _lazy("Rows per page"), ignored) or per_page
    if size > max_per_page:
        ignored.append(
            (
                str(_lazy("Rows per page")),
                _("At most %(maximum)s rows are shown per page; download the table for all of them.")
                % {"maximum": max_per_page},
            )
        )
        size = max_per_page
    number = _integer(query, f"{prefix}page", _lazy("Page"), ignored) or 1

    order = (*sorts[sort].order_by(descending), *tiebreak)

    @functools.cache
    def source():
        """`queryset`, or what the function given as `queryset` builds (once: for the count and
        the rows alike)."""
        return queryset() if callable(queryset) else queryset

    if total is None:
        total = source().order_by().count()
    num_pages = max(1, math.ceil(total / size))
    number = min(number, num_pages)  # past the last: the last page
    first = (number - 1) * size
    return TablePage(
        rows=PageRows(lambda: source().order_by(*order)[first : first + size]),
        total=total,
        number=number,
        num_pages=num_pages,
        per_page=size,
        sort=sort,
        descending=descending,
        sorts=sorts,
        query=query,
        prefix=prefix,
        direction_param=direction_param,
        default_sort=default,
        default_per_page=per_page,
        ignored=ignored,
    )


def _query_dict(values: Mapping) -> QueryDict:
    query = QueryDict(mutable=True)
    for name, value in values.items():
        if isinstance(value, list | tuple):
            query.setlist(name, [str(v) for v in value])
        elif value is not None:
            query[name] = str(value)
    return query
