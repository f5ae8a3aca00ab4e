"""The public partner pages: the list of partners and one partner's mentions. Published data only."""

from __future__ import annotations

from django.db.models import Count
from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from restrack.accounts import policy
from restrack.registry.models import Partner
from restrack.reporting.models import UpdateEntry


class PartnerListView(TemplateView):
    template_name = "publish/partner_list.html"

    def get_context_data(self, **kwargs):
        published = policy.public_q("reporting.updateentry", "entries")
        partners = (
            Partner.objects.filter(is_self=False)
            .annotate(
                mentions=Count("entries", filter=published, distinct=True),
                instrument_count=Count("entries__update__instrument", filter=published, distinct=True),
            )
            .order_by("-mentions", "code")
        )
        return {**super().get_context_data(**kwargs), "partners": partners}


class PartnerDetailView(TemplateView):
    template_name = "publish/partner.html"

    def get_context_data(self, *, code, **kwargs):
        partner = get_object_or_404(Partner.objects.prefetch_related("aliases"), code=code, is_self=False)
        entries = (
            policy.public(UpdateEntry.objects.filter(partners=partner))
            .select_related("update__instrument", "update__period", "source_document")
            .order_by(
                "update__instrument__session__year",
                "update__instrument__sequence",
                "-update__period__start_date",
                "position",
            )
        )
        by_instrument: dict = {}
        for entry in entries:
            by_instrument.setdefault(entry.update.instrument, []).append(entry)
        return {**super().get_context_data(**kwargs), "partner": partner, "by_instrument": by_instrument}
