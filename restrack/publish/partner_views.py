"""The public partner pages: the list of partners and one partner's mentions. Published data only
(policy.public_q / policy.public on report paragraphs). Sized for millions of paragraphs: the
counts of each partner's published paragraphs and instruments are kept (PartnerMentions,
restrack.publish.partner_counts), the database sorts and pages; a page never reads more than one
page of rows."""

from __future__ import annotations

from django.db.models import F, Value
from django.db.models.functions import Coalesce
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from restrack.accounts import policy
from restrack.publish import memo
from restrack.publish.paging import Sort, paginate, query_but_page
from restrack.registry.models import Partner
from restrack.reporting.models import UpdateEntry

PARTNER_SORTS = {
    "mentions": Sort(_("paragraphs"), ("mentions",)),
    "instruments": Sort(_("instruments"), ("instrument_count",)),
    "code": Sort(_("partner"), ("code",), nulls_last=False),
    "kind": Sort(_("kind"), ("kind",), nulls_last=False),
}

# An instrument's mentions together (report order), its newest period first, in paragraph order.
INSTRUMENT_ORDER = tuple(
    f"-update__instrument__{term[1:]}" if term.startswith("-") else f"update__instrument__{term}"
    for term in ("body", "session__year", "session__number", "-kind", "sequence", "pk")
)
MENTION_SORTS = {
    "instrument": Sort(
        _("instrument"), (*INSTRUMENT_ORDER, "-update__period__start_date", "position"), nulls_last=False
    ),
    "newest": Sort(_("newest first"), ("-update__period__start_date", *INSTRUMENT_ORDER, "position"), nulls_last=False),
}


def with_mentions(partners, *, instruments: str = "instrument_count"):
    """`partners` annotated with their kept counts: `mentions` (published paragraphs naming them)
    and `instruments` (of how many instruments), 0 for a partner no published paragraph names."""
    return partners.annotate(
        mentions=Coalesce(F("public_mentions__mentions"), Value(0)),
        **{instruments: Coalesce(F("public_mentions__instruments"), Value(0))},
    )


class PartnerListView(TemplateView):
    """Every partner with how many published paragraphs and instruments name it (kept counts);
    paged, sorted by ?sort= (most mentioned first by default)."""

    template_name = "publish/partner_list.html"

    def get_context_data(self, **kwargs):
        # The count and each page's rendered rows are kept until the next public change
        # (restrack.publish.memo); the rows are read only when they are not.
        total = memo.remember("partner-count", (), lambda: Partner.objects.filter(is_self=False).count())
        page = paginate(
            self.request,
            lambda: with_mentions(Partner.objects.filter(is_self=False)),
            PARTNER_SORTS,
            default="mentions",
            descending_default=True,
            tiebreak=("code",),
            total=total,
        )
        return {
            **super().get_context_data(**kwargs),
            "page": page,
            "query_but_page": query_but_page(self.request),
            "table": memo.Deferred(lambda: {"partners": page.rows}),
        }


def grouped_by_instrument(entries) -> list[tuple]:
    """(instrument, [its entries]) for each run of consecutive entries of one instrument."""
    groups: list[tuple] = []
    for entry in entries:
        instrument = entry.update.instrument
        if groups and groups[-1][0].pk == instrument.pk:
            groups[-1][1].append(entry)
        else:
            groups.append((instrument, [entry]))
    return groups


class PartnerDetailView(TemplateView):
    """The published paragraphs that name a partner, one page at a time, grouped by instrument
    (an instrument whose paragraphs run on to the next page is named again there)."""

    template_name = "publish/partner.html"

    def get_context_data(self, *, code, **kwargs):
        # The partner with its names and counts, and each page of its mentions as rendered, are
        # kept until the next public change (restrack.publish.memo).
        partner = memo.remember("partner", (code,), lambda: _partner(code))
        if partner is None:
            raise Http404(_("No such partner"))
        page = paginate(
            self.request,
            lambda: policy.public(UpdateEntry.objects.filter(partners=partner)).select_related(
                "update__instrument", "update__period", "source_document"
            ),
            MENTION_SORTS,
            default="instrument",
            total=partner.mentions,
        )
        return {
            **super().get_context_data(**kwargs),
            "partner": partner,
            "page": page,
            "instrument_count": partner.instrument_count,
            "query_but_page": query_but_page(self.request),
            "mentions": memo.Deferred(lambda: {"by_instrument": grouped_by_instrument(page.rows)}),
        }


def _partner(code: str) -> Partner | None:
    """The partner (not the secretariat itself) with its other names and its kept counts."""
    partners = with_mentions(Partner.objects.prefetch_related("aliases")).filter(is_self=False)
    return partners.filter(code=code).first()
