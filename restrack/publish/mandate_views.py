"""The mandates of the tracker (/mandates/) and the paragraphs alike (/mandates/overlaps/): every operative paragraph that asks the secretariat to
act or to report, with the latest period a published report cited it in, filtered by whether the
last two periods reported on it, paged and sorted in the database."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from restrack.publish import mandates, memo
from restrack.publish.paging import Sort, paginate, query_but_page
from restrack.registry.models import LISTING_ORDER, ParagraphOverlap

MANDATE_SORTS = {
    # The registry's order, from the paragraphs' own copies of their instrument's place: a walk of
    # the operative_paragraph_listing index with a LIMIT, not a sort of every mandate.
    "instrument": Sort(gettext_lazy("instrument"), tuple(LISTING_ORDER), nulls_last=False),
    "last_reported": Sort(gettext_lazy("last reported"), ("public_reporting__period_start",)),
}
# ?reported=: which mandates the list shows, and how many there are (from the coverage's counts).
COUNTED = {
    "": lambda coverage: coverage.mandates,
    "recent": lambda coverage: coverage.reported,
    "not_recent": lambda coverage: coverage.mandates - coverage.reported,
    "never": lambda coverage: coverage.never,
}
REPORTED = {
    "": (gettext_lazy("All mandates"), lambda periods: Q()),
    "recent": (gettext_lazy("Reported on in the last two periods"), mandates.reported_q),
    "not_recent": (gettext_lazy("Not in the last two periods"), lambda periods: ~mandates.reported_q(periods)),
    "never": (gettext_lazy("Never reported on"), lambda periods: mandates.NEVER_Q),
}


class MandateListView(TemplateView):
    template_name = "publish/mandates.html"

    def get_context_data(self, **kwargs):
        periods = memo.remember("recent-periods", (), mandates.recent_periods)
        reported = self.request.GET.get("reported", "")
        ignored = []
        if reported not in REPORTED:
            ignored.append(_("“%(value)s” is not a choice of “reported”; showing all mandates.") % {"value": reported})
            reported = ""
        # The coverage has counted them (kept until the next public change): the page does not
        # count a hundred thousand mandates again; each page's rendered rows are kept too.
        coverage = memo.remember("mandate-coverage", (), mandates.coverage)
        page = paginate(
            self.request,
            lambda: (
                mandates.with_reporting(mandates.mandate_paragraphs(), periods)
                .filter(REPORTED[reported][1](periods))
                .select_related("instrument")
            ),
            MANDATE_SORTS,
            default="instrument",
            tiebreak=("pk",),
            total=COUNTED[reported](coverage),
        )
        return {
            **super().get_context_data(**kwargs),
            "coverage": coverage,
            "page": page,
            "table": memo.Deferred(lambda: {"rows": page.rows}),
            "query_but_page": query_but_page(self.request),
            "reported": reported,
            "choices": [(value, label) for value, (label, _q) in REPORTED.items()],
            "ignored": ignored,
        }


OVERLAP_SORTS = {"similarity": Sort(gettext_lazy("alike"), ("similarity",))}
# ?scope=: overlaps within one body's instruments, across bodies, or both.
SCOPES = {
    "": (gettext_lazy("All"), Q()),
    "same_body": (gettext_lazy("Within a body"), Q(same_body=True)),
    "across_bodies": (gettext_lazy("Across bodies"), Q(same_body=False)),
}


class OverlapListView(TemplateView):
    """Operative paragraphs that repeat or overlap others (restrack.registry.overlaps), the most
    alike first, paged in the database: what a coordinator looks at before a text is adopted again."""

    template_name = "publish/overlaps.html"

    def get_context_data(self, **kwargs):
        scope = self.request.GET.get("scope", "")
        ignored = []
        if scope not in SCOPES:
            ignored.append(_("“%(value)s” is not a choice of “scope”; showing all overlaps.") % {"value": scope})
            scope = ""
        overlaps = ParagraphOverlap.objects.filter(SCOPES[scope][1])
        # The count (1.45 million pairs at 40,000 instruments: a second on PostgreSQL) and each
        # page's rendered rows are kept until the next public change (restrack.publish.memo).
        total = memo.remember("overlap-count", (scope,), overlaps.count)
        page = paginate(
            self.request,
            lambda: overlaps.select_related("paragraph__instrument", "other__instrument"),
            OVERLAP_SORTS,
            default="similarity",
            descending_default=True,
            total=total,
        )

        def rows() -> dict:
            for row in page.rows:
                row.percent = round(100 * row.similarity)
            return {"rows": page.rows}

        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "table": memo.Deferred(rows),
            "query_but_page": query_but_page(self.request),
            "scope": scope,
            "choices": [(value, label) for value, (label, _q) in SCOPES.items()],
            "ignored": ignored,
        }
