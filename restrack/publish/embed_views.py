"""Embeds: small pages of an instrument's status and funding, and of the tracker's totals, made to
sit in another site's <iframe> (/<lang>/embed/resolutions/2/6/, /<lang>/embed/), in every
interface language. They are the only pages another site may frame (restrack.core.csp gives
/embed/ addresses `frame-ancestors *` and no X-Frame-Options); every link in them opens the tracker
in a new tab. Public pages like the others: read through the policy, kept by the page cache."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.views.generic import TemplateView

from restrack.publish import memo, selectors
from restrack.registry.choices import ImplementationStatus
from restrack.registry.models import Instrument


class InstrumentEmbedView(TemplateView):
    template_name = "publish/embed_instrument.html"

    def get_context_data(self, *, kind, prefix, sequence, **kwargs):
        instrument = get_object_or_404(
            Instrument.objects.select_related("body", "session"), kind=kind, number=f"{prefix}/{sequence}"
        )
        history = selectors.funding_history(instrument)
        return {
            **super().get_context_data(**kwargs),
            "instrument": instrument,
            "funding": history[-1] if history else None,
            "status_basis": selectors.status_basis(instrument, self.request.LANGUAGE_CODE),
        }


class TrackerEmbedView(TemplateView):
    template_name = "publish/embed_tracker.html"

    def get_context_data(self, **kwargs):
        periods = selectors.funding_periods()
        period = selectors.choose_period(periods, None)

        def totals() -> dict:
            queryset = selectors.dashboard_queryset(Instrument.objects.all(), period=period, funding="", sort="number")
            summary = selectors.aggregates(queryset, every_instrument=True, period=period)
            counts = summary.status_counts
            return {
                "totals": summary.totals,
                "instruments": summary.instruments,
                "statuses": [
                    (status, counts[status]) for status in ["", *ImplementationStatus.values] if counts.get(status)
                ],
            }

        # The same for every reader until the next public change (restrack.publish.memo).
        shown = memo.remember("embed-tracker", (period.pk if period else None,), totals)
        return {**super().get_context_data(**kwargs), "period": period, **shown}
