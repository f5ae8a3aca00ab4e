"""The tracker's search page: /<lang>/search/?q=住房 (restrack.search.query.search).

Hits come a page at a time (PAGE_SIZE, `?page=2`): the engine ranks and cuts in the database,
and only the hits shown are read and highlighted. Titles are in the page's language (a Chinese
paragraph on /en/search/ reads "Resolution 2/7, 2024-H2, paragraph 38"), and a hit whose text
matches in several languages is shown once, from the page's language when it matches there."""

from __future__ import annotations

from urllib.parse import urlencode

from django.utils.translation import get_language, gettext_lazy
from django.views.generic import TemplateView

from restrack.accounts import policy
from restrack.publish import memo
from restrack.reporting.models import ReportingPeriod

PAGE_SIZE = 20
MAX_PAGE = 50  # as far as a reader pages; ranked hits beyond are reached by narrowing the search


def kept_search(query: str, **options):
    """restrack.search.query.search(query, **options), kept in the data cache: the index is public,
    so the same hits answer every reader (the search page and the API's search) until the next
    public change or rewrite of the index (restrack.publish.memo, page_cache)."""
    from restrack.search.query import search

    asked = sorted((name, sorted(value) if isinstance(value, set) else value) for name, value in options.items())
    return memo.remember("search", (query, asked), lambda: search(query, **options))


class SearchView(TemplateView):
    """Search across published paragraphs, titles, operative paragraphs and partners."""

    template_name = "publish/search.html"
    # Lazy: the class is built once, at import, in the default language.
    KINDS = (
        ("paragraph", gettext_lazy("Report paragraphs")),
        ("instrument", gettext_lazy("Resolutions and decisions")),
        ("operative_paragraph", gettext_lazy("Operative paragraphs")),
        ("partner", gettext_lazy("Partners")),
    )

    def get_context_data(self, **kwargs):
        params = self.request.GET
        query = params.get("q", "").strip()
        kind = params.get("kind") if params.get("kind") in dict(self.KINDS) else None
        periods = memo.remember(
            "public-period-labels",
            (),
            lambda: list(policy.public(ReportingPeriod.objects.all()).values_list("label", flat=True)),
        )
        period = params.get("period") if params.get("period") in periods else None
        language = params.get("language") if params.get("language") in ("en", "zh-hans") else None
        try:
            page = min(max(1, int(params.get("page", 1))), MAX_PAGE)
        except ValueError:
            page = 1
        results, previous_url, next_url = None, None, None
        if query:
            results = kept_search(
                query,
                kinds={kind} if kind else None,
                period_label=period,
                language=language,
                limit=PAGE_SIZE,
                offset=(page - 1) * PAGE_SIZE,
                display_language=get_language(),
            )
            kept = {"q": query, "kind": kind, "period": period, "language": language}
            kept = {name: value for name, value in kept.items() if value}
            if page > 1:
                previous_url = "?" + urlencode({**kept, "page": page - 1} if page > 2 else kept)
            if page < MAX_PAGE and page * PAGE_SIZE < results.total:
                next_url = "?" + urlencode({**kept, "page": page + 1})
        return {
            **super().get_context_data(**kwargs),
            "query": query,
            "kind": kind,
            "kinds": self.KINDS,
            "period": period,
            "periods": periods,
            "language": language,
            "results": results,
            "page": page,
            "first": (page - 1) * PAGE_SIZE + 1,
            "previous_url": previous_url,
            "next_url": next_url,
        }
