"""The public funding pages: the analysis of published figures (totals, sources, the under-funded
ranked, the trend across periods), the Urban Action Funding Window's books, and the exports.

Public means published: funding figures of periods in the published state only. The window's
contributions and allocations are public as they are recorded."""

from __future__ import annotations

import json
from decimal import Decimal

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from restrack.core.exports import EXPORT_FORMATS, Table, table_response
from restrack.funding import window as books
from restrack.funding.choices import ContributionKind, FundingSource
from restrack.funding.exports import funding_table, ranking_table
from restrack.funding.figures import FundingSummary
from restrack.publish import selectors
from restrack.publish.choices import DashboardSort, FundingFilter
from restrack.publish.forms import FundingPeriodForm
from restrack.registry import citations
from restrack.registry.models import Instrument


def json_number(value):
    """A JSON number for a chart (charts only draw; tables and exports keep exact amounts)."""
    return float(value) if isinstance(value, Decimal) else value


def labels_json(**labels) -> str:
    """Series names for a chart's data-labels attribute (escaped by the template)."""
    return json.dumps({key: str(value) for key, value in labels.items()}, ensure_ascii=False)


def instrument_name(instrument: Instrument) -> str:
    return citations.name_of(instrument, get_language(), sentence_start=True)


# Chart data --------------------------------------------------------------------------------


def source_shares(summary: FundingSummary) -> list[dict]:
    """Each source with what it mobilized and its share, for the donut and its table; sources
    nothing was reported for are left out."""
    shares = summary.source_shares()
    return [
        {
            "source": source.value,
            "name": str(capfirst(source.label)),
            "amount": summary.mobilized_by_source[source.value],
            "share": shares[source.value],
        }
        for source in FundingSource
        if summary.mobilized_by_source.get(source.value) is not None
    ]


def shares_chart(shares: list[dict]) -> list[dict]:
    return [{"name": item["name"], "source": item["source"], "value": json_number(item["amount"])} for item in shares]


def gap_chart(rows) -> list[dict]:
    """Mobilized and shortfall per instrument: a surplus is no bar of its own, never a negative one."""
    return [
        {
            "name": instrument_name(row.instrument),
            "gap": json_number(row.funding.shortfall),
            "mobilized": json_number(row.funding.mobilized),
            "surplus": json_number(row.funding.surplus),
        }
        for row in rows
        if row.funding.gap is not None
    ]


def trend_chart(totals_by_period) -> list[dict]:
    """Totals per period; a net surplus draws the gap line at zero, never below (the table says
    "surplus")."""
    return [
        {
            "name": period.label,
            "requirements": json_number(summary.requirements),
            "mobilized": json_number(summary.mobilized),
            "gap": None if summary.gap is None else json_number(max(summary.gap, Decimal("0.00"))),
        }
        for period, summary in totals_by_period
    ]


def instrument_funding_chart(history) -> list[dict]:
    """Per period: mobilized by source (stacked) and requirements (a line)."""
    return [
        {
            "name": figures.period,
            "requirements": json_number(figures.requirements),
            **{source: json_number(figures.source(source)) for source in FundingSource.values},
        }
        for figures in history
    ]


def source_labels() -> dict:
    return {source.value: str(capfirst(source.label)) for source in FundingSource}


# The analysis page ---------------------------------------------------------------------------


def ranked(lines, sort: str):
    """The under-funded (a gap above zero) by `sort`, largest first; ties keep the report order."""
    under_funded = selectors.filter_rows(lines, {"funding": FundingFilter.UNDER_FUNDED})
    return selectors.sort_rows(under_funded, sort, descending=True)


class FundingAnalysisView(TemplateView):
    """One published period's figures (totals, sources, the under-funded ranked by gap and by
    gap %) and every published period's (the trend)."""

    template_name = "publish/funding.html"

    def get_context_data(self, **kwargs):
        data = selectors.published_funding()
        form = FundingPeriodForm(self.request.GET or None, periods=data.periods)
        period = selectors.choose_period(data.periods, form.cleaned_data.get("period") if form.is_valid() else None)
        lines = data.lines(period)
        summary = selectors.totals(lines)
        shares = source_shares(summary)
        totals_by_period = data.totals_by_period()
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "period": period,
            "periods": data.periods,
            "lines": lines,
            "totals": summary,
            "gap_unknown": selectors.gap_unknown(lines),
            "shares": shares,
            "shares_chart": shares_chart(shares),
            "by_gap": ranked(lines, DashboardSort.GAP),
            "by_gap_percent": ranked(lines, DashboardSort.GAP_PERCENT),
            "notes": selectors.notes(lines),
            "totals_by_period": totals_by_period,
            "trend_chart": trend_chart(totals_by_period),
            "trend_labels": labels_json(requirements=_("Requirements"), mobilized=_("Mobilized"), gap=_("Gap")),
            "trend": data.trend(),
            "exports": export_links(period),
        }


def export_links(period) -> list[tuple[str, str]]:
    """(text, address) of the downloads the analysis page offers."""
    links = []
    for extension in EXPORT_FORMATS:
        base = reverse("publish:funding_export", kwargs={"format": extension})
        if period is not None:
            links.append(
                (
                    _("%(period)s figures (%(format)s)") % {"period": period.label, "format": extension.upper()},
                    f"{base}?period={period.label}",
                )
            )
        links.append((_("All published periods (%(format)s)") % {"format": extension.upper()}, base))
    for extension in EXPORT_FORMATS:
        if period is not None:
            links.append(
                (
                    _("Under-funded ranking, %(period)s (%(format)s)")
                    % {"period": period.label, "format": extension.upper()},
                    reverse("publish:funding_ranking_export", kwargs={"format": extension}) + f"?period={period.label}",
                )
            )
    return links


# The window ----------------------------------------------------------------------------------


class WindowView(TemplateView):
    """What the Urban Action Funding Window is, what it holds, received and allocated, and its
    balance over time."""

    template_name = "publish/window.html"

    def get_context_data(self, **kwargs):
        window = books.window_books()
        return {
            **super().get_context_data(**kwargs),
            "window": window.window,
            "today": window.today,
            "balance": window.balance_now,
            "received_new": window.received(ContributionKind.NEW),
            "received_transfer": window.received(ContributionKind.TRANSFER),
            "received": window.received(),
            "allocated": window.allocated,
            "contributions": window.contributions,
            "allocations": window.allocations,
            "ledger": window.lines,
            "balance_chart": window.balance_chart(),
            "balance_labels": labels_json(balance=_("Balance")),
            "resolution_2_10": Instrument.objects.filter(kind="resolution", number="2/10").first(),
        }


# Exports -------------------------------------------------------------------------------------


def _export_period(request, periods):
    """The period asked for by ?period= (None: every published period), or a 404 response that
    says which periods there are."""
    label = request.GET.get("period", "").strip()
    if not label:
        return None, None
    period = next((p for p in periods if p.label == label), None)
    if period is None:
        known = ", ".join(p.label for p in periods) or _("none yet")
        return None, HttpResponse(
            _("No published funding figures for the period %(label)s. Published periods with figures: %(known)s.")
            % {"label": label, "known": known},
            status=404,
            content_type="text/plain; charset=utf-8",
        )
    return period, None


class _FundingExport(View):
    """CSV, XLSX or JSON of published figures; `?period=` one published period (an unknown or draft
    one is a 404 saying which there are). The tables are restrack.funding.exports', which the API's
    exports use too."""

    def get(self, request, format):
        if format not in EXPORT_FORMATS:
            raise Http404(_("Exports are CSV, XLSX or JSON."))
        periods = selectors.funding_periods()
        period, refusal = _export_period(request, periods)
        return refusal or table_response(self.table(periods, period, get_language()), format)

    def table(self, periods, period, language: str) -> Table:
        raise NotImplementedError


class FundingExportView(_FundingExport):
    """Every published figure, one row per instrument and period (?period= for one period); titles
    in the page's language."""

    def table(self, periods, period, language):
        data = selectors.published_funding(period=period)
        name = f"restrack-funding-{period.label}" if period else "restrack-funding-all-periods"
        return funding_table(data.all_lines(), language=language, name=name)


class FundingRankingExportView(_FundingExport):
    """The under-funded instruments of one published period (?period=, default the latest) with
    their rank by gap and by gap %, largest gap first."""

    def table(self, periods, period, language):
        period = period or selectors.choose_period(periods, None)
        lines = selectors.published_funding(period=period).lines(period) if period else []
        name = f"restrack-funding-ranking-{period.label}" if period else "restrack-funding-ranking"
        return ranking_table(
            ranked(lines, DashboardSort.GAP),
            ranked(lines, DashboardSort.GAP_PERCENT),
            period_label=period.label if period else "",
            language=language,
            name=name,
        )
