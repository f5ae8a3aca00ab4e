"""The public funding pages: the analysis of published figures (totals, sources, the under-funded
ranked, the trend across periods), the Urban Action Funding Window's books, and the exports.

Public means published: funding figures of periods in the published state only. The window's
contributions and allocations are public as they are recorded."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlencode

from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views import View
from django.views.generic import TemplateView

from restrack.accounts import policy
from restrack.core.exports import EXPORT_FORMATS, Table, table_response
from restrack.funding import books as window_books
from restrack.funding import window as books
from restrack.funding.aggregates import summary_totals
from restrack.funding.choices import FundingBand, FundingSource
from restrack.funding.exports import funding_table, ranking_table
from restrack.funding.figures import FundingSummary
from restrack.funding.models import ParagraphFunding
from restrack.funding.selectors import allocated_by_paragraph
from restrack.publish import funding_selectors as funding
from restrack.publish import memo, selectors
from restrack.publish.funding_forms import FundingPageForm
from restrack.publish.paging import Sort, paginate, query_but_page
from restrack.publish.templatetags.tracker import percent
from restrack.registry import citations
from restrack.registry.filtersets import InstrumentFilterSet
from restrack.registry.models import Instrument

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from restrack.reporting.models import ReportingPeriod


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
    """The donut's slices, each labelled with the share its table shows (source_shares' rounded
    half-up per cent), so the chart never rounds the amounts its own way."""
    return [
        {
            "name": item["name"],
            "source": item["source"],
            "value": json_number(item["amount"]),
            "share": item["share"],
            "label": percent(item["share"]),
        }
        for item in shares
    ]


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


def bands_chart(bands: dict[str, int]) -> list[dict]:
    """Instruments per funding band, for a donut (bands with none left out)."""
    return [
        {"name": str(capfirst(band.label)), "value": bands[band.value]} for band in FundingBand if bands.get(band.value)
    ]


def body_chart(by_body) -> list[dict]:
    """Mobilized and shortfall per governing body (a surplus is no bar of its own)."""
    return [
        {
            "name": body.name,
            "mobilized": json_number(totals.summary.mobilized),
            "gap": json_number(totals.summary.shortfall),
        }
        for body, totals in by_body
    ]


# Rows per table on the funding pages (any ?<table>_per_page= up to the maximum).
TABLE_ROWS = 25


class FundingTab(NamedTuple):
    name: str
    url_name: str
    label: str


# The funding pages, one per tab: what a period's figures add up to, the under-funded ranked,
# every instrument's figures, and each instrument's figures period by period. One page each
# rather than five paged tables on one: each is read, sorted and paged on its own, and an
# answer renders the tables it shows only.
FUNDING_TABS = (
    FundingTab("overview", "publish:funding", _lazy("Overview")),
    FundingTab("under_funded", "publish:funding_under_funded", _lazy("Under-funded")),
    FundingTab("instruments", "publish:funding_instruments", _lazy("By instrument")),
    FundingTab("trend", "publish:funding_trend", _lazy("Trend by instrument")),
    FundingTab("mandates", "publish:funding_mandates", _lazy("By mandate")),
)

# The filters the tabs' links keep (their sorts and pages are each tab's own).
TAB_FILTERS = ("period", "body", "session", "kind", "band")


def tab_links(current: str, query) -> list[dict]:
    """Each funding tab's name, label and address keeping the filters of `query`."""
    kept = {name: query.get(name) for name in TAB_FILTERS if query.get(name)}
    suffix = f"?{urlencode(kept)}" if kept else ""
    return [
        {"name": tab.name, "label": tab.label, "url": reverse(tab.url_name) + suffix, "current": tab.name == current}
        for tab in FUNDING_TABS
    ]


class FundingScope(NamedTuple):
    """What every funding tab reads: the period shown, the instruments the filters choose (None:
    all), the funding band, and the period's counts (kept per public change)."""

    period: ReportingPeriod
    periods: list[ReportingPeriod]
    instruments: QuerySet[Instrument] | None
    band: str
    under_funded: int
    with_figures: int
    session_count: int
    shown: tuple = ()  # what the counts above vary with: a key for a tab's own kept counts


class FundingPageView(TemplateView):
    """One published period's figures, added up by the database, on one tab of the funding pages
    (FUNDING_TABS). Filters (body, session, kind, funding band) narrow every tab. A fixed number
    of queries whatever the number of instruments and periods; every row is reachable by paging
    and in the downloads."""

    tab: str  # its name in FUNDING_TABS

    def get_context_data(self, **kwargs):
        request = self.request
        periods = funding.periods_with_figures()
        form = FundingPageForm(request.GET or None, periods=periods)
        filters = form.usable_filters()
        period = selectors.choose_period(periods, filters.get("period"))
        context = {
            **super().get_context_data(**kwargs),
            "form": form,
            "ignored_filters": form.ignored(),
            "period": period,
            "periods": periods,
            "exports": export_links(period),
            "tabs": tab_links(self.tab, request.GET),
        }
        if period is None:
            return context
        instruments = context_instruments(form)
        band = filters.get("band") or ""
        # The totals, sources, bands, bodies and the trend's totals are the same for every page and
        # sort of the tables: computed once per public change (restrack.publish.memo), or when
        # their shared fragments are rendered. Their links keep the filters and sorts, not pages.
        shown = (period.pk, sorted(form.instrument_filters().items()), band)
        links = filter_links(request.GET)
        summary = memo.Deferred(lambda: self.summary(periods, period, instruments, band))
        counts = memo.remember(
            "funding-counts",
            shown,
            lambda: (
                summary.value()["totals"].under_funded,
                summary.value()["records"],
                session_groups(instruments, period, band).count(),
            ),
        )
        scope = FundingScope(period, periods, instruments, band, *counts, shown=shown)
        return {
            **context,
            "shown": shown,
            "filter_query": sorted(links.items()),
            "shared": summary,
            "filter_links": links,
            "filtered": instruments is not None or bool(band),
            # What a table's kept rows vary with beside `shown`: its sort and page (every query
            # parameter, each table's own prefixed ones among them).
            "table_query": sorted(request.GET.lists()),
            **self.tables(scope),
        }

    def tables(self, scope: FundingScope) -> dict:
        """The tab's TablePages and what its tables show; where a table's body is a `{% shared %}`
        fragment, its rows as a memo.Deferred (computed, and the page's queryset built and read,
        only when the fragment is not kept)."""
        raise NotImplementedError

    def records(self, scope: FundingScope):
        """The period's records the filters choose, with their instruments' names and titles:
        sorted, filtered and ranked by the figures the record stores (its cents, gap and gap %),
        so the tables need no figure computed (period_records' with_cents)."""
        return funding.shown_in_tables(chosen_records(scope.period, scope.instruments, scope.band))

    @staticmethod
    def summary(periods, period, instruments, band) -> dict:
        """Totals, bands, sources, bodies and the trend's totals of the period's figures: the
        summary's rows of the period (a few hundred) and of every period."""
        summary = funding.summary_of(instruments, period=period)
        banded = summary.filter(band=band) if band else summary
        totals = summary_totals(banded)
        bands = summary_totals(summary).bands if band else totals.bands
        shares = source_shares(totals.summary)
        by_body = funding.totals_by_body(banded)
        totals_by_period = funding.totals_by_period(periods, instruments, band=band)
        return {
            "totals": totals.summary,
            "records": totals.records,
            "gap_unknown": totals.gap_unknown,
            "bands": [(band_choice, label, bands.get(band_choice, 0)) for band_choice, label in FundingBand.choices],
            "bands_chart": bands_chart(bands),
            "shares": shares,
            "shares_chart": shares_chart(shares),
            "by_body": by_body,
            "body_chart": body_chart(by_body),
            "body_labels": labels_json(mobilized=_("Mobilized"), gap=_("Gap")),
            "notes": funding.notes(chosen_records(period, instruments, band)),
            "totals_by_period": totals_by_period,
            "trend_chart": trend_chart(totals_by_period),
            "trend_labels": labels_json(requirements=_("Requirements"), mobilized=_("Mobilized"), gap=_("Gap")),
        }


class FundingAnalysisView(FundingPageView):
    """The overview: totals, sources, funding bands, bodies, the sessions (a paged table) and the
    totals of every published period."""

    template_name = "publish/funding.html"
    tab = "overview"

    def tables(self, scope):
        sessions = paginate(
            self.request,
            lambda: session_groups(scope.instruments, scope.period, scope.band),
            funding.SESSION_SORTS,
            default="session",
            prefix="s_",
            tiebreak=(),
            per_page=TABLE_ROWS,
            total=scope.session_count,
        )
        return {
            "sessions": sessions,
            "session_table": memo.Deferred(lambda: {"session_rows": funding.session_rows(sessions.rows)}),
        }


class FundingUnderFundedView(FundingPageView):
    """The under-funded instruments ranked by gap and by gap as a share of requirements."""

    template_name = "publish/funding_under_funded.html"
    tab = "under_funded"

    def tables(self, scope):
        by_gap = paginate(
            self.request,
            lambda: funding.under_funded(self.records(scope)),
            funding.RANKING_BY_GAP,
            sort="gap",
            descending=True,
            prefix="gap_",
            tiebreak=funding.RECORD_TIEBREAK,
            per_page=TABLE_ROWS,
            total=scope.under_funded,
        )
        by_gap_percent = paginate(
            self.request,
            lambda: funding.under_funded(self.records(scope), by_percent=True),
            funding.RANKING_BY_GAP_PERCENT,
            sort="gap_percent",
            descending=True,
            prefix="pct_",
            tiebreak=funding.RECORD_TIEBREAK,
            per_page=TABLE_ROWS,
            total=scope.under_funded,
        )
        period = scope.period
        return {
            "by_gap": by_gap,
            "by_gap_table": memo.Deferred(
                lambda: {"lines": funding.lines(by_gap.rows, period, first_rank=by_gap.start_index)}
            ),
            "by_gap_percent": by_gap_percent,
            "by_gap_percent_table": memo.Deferred(
                lambda: {"lines": funding.lines(by_gap_percent.rows, period, first_rank=by_gap_percent.start_index)}
            ),
        }


class FundingInstrumentsView(FundingPageView):
    """Every instrument's figures in the period, sortable."""

    template_name = "publish/funding_instruments.html"
    tab = "instruments"

    def tables(self, scope):
        lines = paginate(
            self.request,
            lambda: self.records(scope),
            funding.LINE_SORTS,
            default="number",
            tiebreak=funding.RECORD_TIEBREAK,
            per_page=TABLE_ROWS,
            total=scope.with_figures,
        )
        return {
            "lines": lines,
            "line_table": memo.Deferred(lambda: {"line_rows": funding.lines(lines.rows, scope.period)}),
        }


MANDATE_FUNDING_SORTS = {
    "number": Sort(_lazy("instrument"), ("paragraph__instrument__report_order", "paragraph__order"), nulls_last=False),
    "requirements": Sort(_lazy("requirements"), ("requirements_usd",)),
}


class FundingMandatesView(FundingPageView):
    """The figures recorded per operative paragraph in the period (restrack.funding.models.
    ParagraphFunding), each with its gap: where an instrument's money is given per mandate."""

    template_name = "publish/funding_mandates.html"
    tab = "mandates"

    def tables(self, scope):
        def records():
            chosen = policy.public(ParagraphFunding.objects.filter(period=scope.period))
            if scope.instruments is not None:
                chosen = chosen.filter(paragraph__instrument__in=scope.instruments)
            return chosen

        # Their number and each page's rendered rows are kept until the next public change, like
        # the other tabs' tables: a kept page builds no queryset and reads no row.
        total = memo.remember("funding-mandate-count", scope.shown, lambda: records().count())
        page = paginate(
            self.request,
            lambda: records().select_related("paragraph__instrument", "period"),
            MANDATE_FUNDING_SORTS,
            default="number",
            per_page=TABLE_ROWS,
            total=total,
        )

        def rows() -> dict:
            ids = [record.paragraph_id for record in page.rows]
            allocated = allocated_by_paragraph(ids, until=scope.period.end_date)
            return {
                "mandate_rows": [(record, record.figures, allocated.get(record.paragraph_id)) for record in page.rows]
            }

        return {"mandate_funding": page, "mandate_table": memo.Deferred(rows)}


class FundingTrendView(FundingPageView):
    """The totals of every published period, and each instrument of the period's records (in
    report order) with its figures in that period and the ones before it."""

    template_name = "publish/funding_trend.html"
    tab = "trend"

    def tables(self, scope):
        trend = paginate(
            self.request,
            lambda: self.records(scope),
            funding.TREND_SORTS,
            default="number",
            prefix="trend_",
            tiebreak=funding.RECORD_TIEBREAK,
            per_page=TABLE_ROWS,
            total=scope.with_figures,
        )
        trend_periods = funding.trend_columns(scope.periods, scope.period)
        return {
            "trend_page": trend,
            "trend_periods": trend_periods,
            "trend_more": len(trend_periods) < len(scope.periods),
            "trend_table": memo.Deferred(
                lambda: {"trend": funding.trend_cells([record.instrument for record in trend.rows], trend_periods)}
            ),
        }


def session_groups(instruments, period, band):
    """The period's summary rows of the filters' instruments and band, grouped by session."""
    return funding.session_groups(funding.summary_of(instruments, band=band, period=period))


def chosen_records(period, instruments, band):
    """The period's published records of the filters' instruments (None: all) and funding band."""
    records = funding.narrowed(funding.public_records().filter(period=period), instruments)
    return records.filter(funding_band=band) if band else records  # the band is stored on the record


def filter_links(query, names=("period", "band", "body", "session")) -> dict[str, str]:
    """For each filter in `names`, the start of a link that sets it ("?body=assembly&band="; the
    value is appended) keeping the other filters and sorts; every table starts at its first page."""
    links = {}
    for name in names:
        kept = query.copy()
        for key in list(kept):
            if key == name or key == "page" or key.endswith("_page"):
                kept.pop(key)
        rest = kept.urlencode()
        links[name] = f"?{rest}&{name}=" if rest else f"?{name}="
    return links


def context_instruments(form):
    """The instruments of the form's body, session and kind filters (None: every instrument)."""
    filters = form.instrument_filters()
    return InstrumentFilterSet(filters, queryset=Instrument.objects.all()).qs if filters else None


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
    balance over time. Totals and balances are computed by the database; the ledger, the
    contributions and the allocations are paged tables (contributions and allocations sortable)."""

    template_name = "publish/window.html"

    def get_context_data(self, **kwargs):
        request = self.request
        window = memo.remember("the-window", (), books.the_window)
        today = timezone.localdate()
        totals = memo.remember("window-totals", (window.pk, today), lambda: window_books.window_totals(window, today))
        # How many rows each table has, and the tables' rows as rendered (per sort and page of
        # each: the page's query), are kept until the next public change; a page found there
        # builds no queryset and reads nothing.
        received, allocated = memo.remember(
            "window-rows", (window.pk,), lambda: (window.contributions.count(), window.allocations.count())
        )
        ledger = paginate(
            request,
            lambda: window_books.ledger(window),
            LEDGER_SORTS,
            sort="day",
            descending=False,
            prefix="l_",
            tiebreak=("movement", "pk"),
            total=received + allocated,
        )
        contributions = paginate(
            request, window.contributions.all, CONTRIBUTION_SORTS, default="day", prefix="c_", total=received
        )
        allocations = paginate(
            request,
            lambda: window.allocations.select_related("instrument", "paragraph"),
            ALLOCATION_SORTS,
            default="day",
            prefix="a_",
            total=allocated,
        )
        return {
            **super().get_context_data(**kwargs),
            "window": window,
            "today": today,
            # The totals and the balance's chart are the same for every page and sort of the
            # tables: computed once a day and per public change (restrack.publish.memo).
            "shared": memo.Deferred(lambda: self.totals(totals)),
            "received": totals.received,  # the tables' totals
            "allocated": totals.allocated,
            "contributions": contributions,
            "allocations": allocations,
            "ledger_page": ledger,
            "query_but_page": query_but_page(request),
            "ledger_table": memo.Deferred(lambda: {"ledger": window_books.ledger_lines(window, ledger.rows)}),
            "contribution_table": memo.Deferred(lambda: {"contribution_rows": contributions.rows}),
            "allocation_table": memo.Deferred(lambda: {"allocation_rows": allocations.rows}),
            "balance_chart": memo.remember(
                "window-balance", (window.pk, today), lambda: window_books.balance_chart(window, today)
            ),
            "balance_labels": labels_json(balance=_("Balance")),
        }

    @staticmethod
    def totals(totals) -> dict:
        return {
            "balance": totals.balance,
            "received_new": totals.received_new,
            "received_transfer": totals.received_transfer,
            "received": totals.received,
            "allocated": totals.allocated,
            "resolution_2_10": Instrument.objects.filter(kind="resolution", number="2/10").first(),
        }


LEDGER_SORTS = {"day": Sort(_lazy("date"), ("day",), nulls_last=False)}
CONTRIBUTION_SORTS = {
    "day": Sort(_lazy("date"), ("received_on",), nulls_last=False),
    "donor": Sort(_lazy("donor"), ("donor",), nulls_last=False),
    "kind": Sort(_lazy("kind"), ("kind",), nulls_last=False),
    "amount": Sort(_lazy("value in USD"), ("amount_usd",), nulls_last=False),
}
ALLOCATION_SORTS = {
    "day": Sort(_lazy("date"), ("allocated_on",), nulls_last=False),
    "instrument": Sort(_lazy("instrument"), funding.INSTRUMENT_ROW_ORDER, nulls_last=False),
    "amount": Sort(_lazy("amount"), ("amount_usd",), nulls_last=False),
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
    in the page's language. The records are read in chunks as the file is written."""

    def table(self, periods, period, language):
        name = f"restrack-funding-{period.label}" if period else "restrack-funding-all-periods"
        return funding_table(funding.export_records(period), language=language, name=name)


class FundingRankingExportView(_FundingExport):
    """The under-funded instruments of one published period (?period=, default the latest) with
    their rank by gap and by gap %, largest gap first; both ranks are computed by the database and
    the rows read in chunks as the file is written."""

    def table(self, periods, period, language):
        period = period or selectors.choose_period(periods, None)
        name = f"restrack-funding-ranking-{period.label}" if period else "restrack-funding-ranking"
        records = funding.ranking_records(period) if period else ()
        return ranking_table(records, period_label=period.label if period else "", language=language, name=name)
