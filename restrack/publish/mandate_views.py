"""The mandates of the tracker (/mandates/): every operative paragraph that asks the secretariat to
act or to report, with the latest period a published report cited it in, filtered by whether the
last two periods reported on it, paged and sorted in the database."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from restrack.publish import mandates, memo
from restrack.publish.paging import Sort, paginate

MANDATE_SORTS = {
    "instrument": Sort(gettext_lazy("instrument"), ("instrument__report_order", "order"), nulls_last=False),
    "last_reported": Sort(gettext_lazy("last reported"), ("last_reported",)),
}
# ?reported=: which mandates the list shows.
REPORTED = {
    "": (gettext_lazy("All mandates"), Q()),
    "recent": (gettext_lazy("Reported on in the last two periods"), Q(reported_recently=True)),
    "not_recent": (gettext_lazy("Not in the last two periods"), Q(reported_recently=False)),
    "never": (gettext_lazy("Never reported on"), Q(ever_reported=False)),
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
        queryset = (
            mandates.with_reporting(mandates.mandate_paragraphs(), periods)
            .filter(REPORTED[reported][1])
            .select_related("instrument")
        )
        page = paginate(self.request, queryset, MANDATE_SORTS, default="instrument", tiebreak=("pk",))
        return {
            **super().get_context_data(**kwargs),
            "coverage": memo.remember("mandate-coverage", (), mandates.coverage),
            "page": page,
            "rows": page.rows,
            "reported": reported,
            "choices": [(value, label) for value, (label, _q) in REPORTED.items()],
            "ignored": ignored,
        }
