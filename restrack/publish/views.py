"""The public tracker: what Member States and the public read. Published data only."""

from __future__ import annotations

from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.generic import TemplateView
from modeltranslation.utils import build_localized_fieldname

from restrack.accounts import policy
from restrack.core.translation_fields import get_translations, translated_text
from restrack.funding.choices import FundingSource
from restrack.funding.selectors import mandate_money
from restrack.publish import mandates, memo, selectors
from restrack.publish.choices import SOURCE_SHORT_LABELS, DashboardSort, FundingFilter, PeriodChange, PeriodSort
from restrack.publish.forms import CompareFilterForm, DashboardFilterForm, PeriodFilterForm
from restrack.publish.funding_views import (
    gap_chart,
    instrument_funding_chart,
    json_number,
    labels_json,
    shares_chart,
    source_labels,
    source_shares,
)
from restrack.publish.paging import Sort, paginate, query_but_page
from restrack.reading.akn import LANGUAGES as AKN_LANGUAGES
from restrack.registry.choices import ImplementationStatus
from restrack.registry.models import Goal, Instrument, OperativeParagraph, ParagraphOverlap
from restrack.reporting.facts import facts_in
from restrack.reporting.models import ReportingPeriod, UpdateEntry
from restrack.reporting.periods import parse_period_label


class DashboardView(TemplateView):
    """Totals, counts by status, funding band, body and session, and one page of instruments;
    filters, sorting and the page in the URL. The instruments are filtered by InstrumentFilterSet,
    as the API's list and the downloads linked from the page are (a bad value drops that filter
    only, and the page says so). The funding figures are a snapshot of one published period
    (?period=, default the latest with figures), so that the totals add up figures of the same
    date. The database filters, sorts, sums and counts: the page reads one page of rows and the
    aggregates, in a fixed number of queries whatever the number of instruments."""

    template_name = "publish/dashboard.html"
    GAP_CHART_BARS = 20  # the largest gaps and surpluses drawn instrument by instrument
    SESSIONS_SHOWN = 40  # sessions in the breakdown and its chart (the latest, when there are more)

    def get_context_data(self, **kwargs):
        periods = selectors.funding_periods()
        form = DashboardFilterForm(self.request.GET or None, periods=periods)
        filters = form.usable_filters()
        period = selectors.choose_period(periods, filters.get("period"))
        instruments = form.instruments()  # InstrumentFilterSet's
        sort = filters.get("sort") or DashboardSort.NUMBER
        funding = filters.get("funding") or ""
        # Built when something reads it: a page whose parts the data cache keeps does not.
        queryset = memo.Deferred(
            lambda: selectors.dashboard_queryset(instruments, period=period, funding=funding, sort=sort)
        )
        filtered = bool(form.instrument_filters() or funding)
        # What every sort and page of these instruments shows alike: computed once per public
        # change (restrack.publish.memo), or when the shared fragments are rendered.
        shown = (period.pk if period else None, sorted(form.instrument_filters().items()), funding)
        aggregates = memo.Deferred(
            lambda: selectors.aggregates(queryset.value(), every_instrument=not filtered, period=period)
        )
        total = memo.remember("dashboard-instruments", shown, lambda: aggregates.value().instruments)
        today = timezone.localdate()
        page = paginate(
            self.request,
            queryset.value,
            selectors.instrument_sorts(),
            default=DashboardSort.NUMBER,
            sort=sort,
            descending=filters.get("descending", False),
            direction_param="descending",
            tiebreak=(*selectors.REPORT_ORDER, "pk"),
            total=total,  # counted by the aggregates already
        )
        return {
            **super().get_context_data(**kwargs),
            "form": form,
            "ignored_filters": form.ignored(),
            "funding_period": period,
            # The page's rows as the table shows them: kept with their rendering per page, sort and
            # filters until the next public change or the next day (overdue commitments).
            "table": memo.Deferred(
                lambda: {
                    "rows": selectors.decorate_rows(page.rows, period=period, today=today),
                    "derived_shown": any(instrument.status_derived for instrument in page.rows),
                }
            ),
            "today": today,
            "page": page,
            "export_query": form.export_query(period),
            "sorts": DashboardSort.choices,
            "current_sort": sort,
            "shown": shown,
            # The breakdown's links keep the query (but the page): it varies with it too.
            "query_but_page": query_but_page(self.request),
            "shared": memo.Deferred(lambda: self.summary(aggregates.value(), queryset.value(), period, filtered)),
        }

    def summary(self, summary, queryset, period, filtered: bool) -> dict:
        """The totals, breakdowns and charts of the instruments shown (the `{% shared %}` parts)."""
        counts = summary.status_counts
        statuses = [
            (status, label, counts[status])
            for status, label in [("", _("Not reported")), *ImplementationStatus.choices]
            if counts.get(status)
        ]
        shares = source_shares(summary.totals)
        # The latest sessions when there are many (filter by body to see that body's).
        sessions = sorted(summary.sessions, key=lambda row: row["session"].year, reverse=True)[: self.SESSIONS_SHOWN]
        sessions = [row for row in summary.sessions if row in sessions]
        bands = [(band, label, summary.bands[band]) for band, label in FundingFilter.choices]
        # The largest gaps and surpluses (none to look for when no instrument has a known gap).
        largest = (
            selectors.largest_gaps(queryset, period, self.GAP_CHART_BARS, every_instrument=not filtered)
            if summary.totals.instruments > summary.gap_unknown
            else []
        )
        return {
            "total_count": (
                Instrument.objects.count()
                if filtered
                else summary.instruments  # unfiltered: the instruments counted by status are all of them
            ),
            "totals": summary.totals,
            "gap_unknown": summary.gap_unknown,
            "notes": summary.notes,
            "status_counts": statuses,
            "funding_bands": bands,
            "band_chart": [{"name": str(label), "value": count} for _band, label, count in bands if count],
            "sessions": sessions,
            "sessions_left_out": len(summary.sessions) - len(sessions),
            "bodies": summary.bodies,
            "session_chart": session_gap_chart(sessions),
            "overdue": summary.overdue,
            "overdue_instruments": summary.overdue_instruments,
            "gap_chart": gap_chart(largest),
            "gap_chart_partial": summary.totals.under_funded + summary.totals.over_funded > self.GAP_CHART_BARS,
            "shares": shares,
            "shares_chart": shares_chart(shares),
            "status_chart": [{"name": str(label), "value": count} for _status, label, count in statuses],
            "coverage": mandates.coverage(
                OperativeParagraph.objects.filter(instrument__in=queryset.values("pk")) if filtered else None
            ),
        }


def session_label(session) -> str:
    """'UN-Habitat Assembly, session 2' / '联合国人居大会, 第 2 届会议' style label of a session in the
    page's language."""
    return _("%(body)s, session %(session)s") % {"body": session.body, "session": session.code}


def session_gap_chart(sessions: list[dict]) -> list[dict]:
    """Mobilized and shortfall per session (the sums of its instruments' figures)."""
    return [
        {
            "name": session_label(row["session"]),
            "mobilized": json_number(row["totals"].mobilized),
            "gap": json_number(row["totals"].shortfall or 0),
        }
        for row in sessions
        if row["totals"].mobilized is not None or row["totals"].shortfall is not None
    ]


class InstrumentDetailView(TemplateView):
    """An instrument: title, status, funding, its published updates newest first, operative
    paragraphs and commitments. An instrument may have hundreds of paragraphs a period: each
    update shows its first ENTRIES_SHOWN paragraphs and links to the rest (?period=<label>: that
    update alone, its paragraphs paged); citations and commitments are capped the same way."""

    template_name = "publish/instrument.html"
    ENTRIES_SHOWN = 10  # paragraphs of each update on the instrument's page
    CITATIONS_SHOWN = 10  # paragraphs named under each operative paragraph
    COMMITMENTS_SHOWN = 50

    def get_context_data(self, *, kind, prefix, sequence, **kwargs):
        number = f"{prefix}/{sequence}"
        # The instrument and what its status rests on are the same for every reader until the
        # next public change (restrack.publish.memo), like the rest of the page.
        instrument = memo.remember(
            "instrument",
            (kind, number),
            lambda: Instrument.objects.select_related("body", "session").filter(kind=kind, number=number).first(),
        )
        if instrument is None:
            raise Http404(_("No such instrument"))
        label = self.request.GET.get("period", "").strip().upper()
        page = None
        shown = None
        if label:
            # That update, its paragraphs' number and which of them this page shows are the same
            # for every reader until the next public change: kept, the page reads its rows only
            # when its fragment is not.
            update = memo.remember(
                "instrument-period-update",
                (instrument.pk, label),
                lambda: selectors.published_updates(instrument, shown=0).filter(period__label=label).first(),
            )
            if update is None:
                raise Http404(_("No published update of this instrument for this period"))
            page = paginate(
                self.request,
                lambda: selectors.update_entries(update),
                {"position": Sort(_("paragraph"), ("position",))},
                tiebreak=("pk",),
                total=update.entry_count,
            )
            update.shown_entries = page.rows
            updates = [update]
            shown = set(
                memo.remember(
                    "instrument-period-shown",
                    (update.pk, query_but_page(self.request), page.number),
                    lambda: [entry.pk for entry in page.rows],
                )
            )
        else:
            # The first paragraphs of every published update: the same for every reader of the
            # instrument's page until the next public change (restrack.publish.memo).
            updates = memo.remember(
                "instrument-updates",
                (instrument.pk,),
                lambda: list(selectors.published_updates(instrument, shown=self.ENTRIES_SHOWN)),
            )
        language = get_language()
        if shown is None:
            shown = {entry.pk for update in updates for entry in update.shown_entries}

        def updates_shown() -> dict:
            """The updates as their `{% shared %}` fragment shows them: each paragraph with the
            dates and amounts it states (kept rendered per page until the next public change)."""
            for update in updates:
                for entry in update.shown_entries:
                    entry.stated = facts_in(entry, language)
            return {"updates": updates}

        today = timezone.localdate()
        # Its funding, status history, commitments and operative paragraphs are the same on every
        # page of the instrument (?period=) and for every reader: kept until the next public
        # change (restrack.publish.memo), computed only when their fragments are rendered.
        funding = memo.Deferred(lambda: self.funding(instrument))
        return {
            **super().get_context_data(**kwargs),
            "instrument": instrument,
            "prefix": prefix,
            "sequence": sequence,
            "akn_language": language if language in AKN_LANGUAGES else "en",
            "status_basis": memo.remember(
                "status-basis", (instrument.pk, language), lambda: selectors.status_basis(instrument, language)
            ),
            "updates": updates,
            "updates_shown": memo.Deferred(updates_shown),
            "query_but_page": query_but_page(self.request),  # ?period=, ?per_page=: what the updates vary with
            "period_label": label if page else "",
            "page": page,
            "today": today,
            "shown_entry_ids": sorted(shown),  # the paragraphs' links depend on which are on the page
            "funding": funding,
            "charted": memo.remember(
                "instrument-funded", (instrument.pk,), lambda: bool(funding.value()["funding_history"])
            ),
            "commitments": memo.Deferred(lambda: self.commitments(instrument, today)),
            "paragraphs": memo.Deferred(lambda: self.paragraphs(instrument, shown)),
            "lineage": memo.Deferred(lambda: self.lineage(instrument)),
        }

    @staticmethod
    def funding(instrument) -> dict:
        history = selectors.funding_history(instrument)
        return {
            "funding_history": history,
            "funding_chart": instrument_funding_chart(history),
            "funding_labels": labels_json(requirements=_("Requirements"), **source_labels()),
            "funding_notes": _notes_by_period(history),
            "sources": [(source, label, SOURCE_SHORT_LABELS[source]) for source, label in FundingSource.choices],
        }

    def commitments(self, instrument, today) -> dict:
        commitments, commitment_count = selectors.commitments_page(instrument, self.COMMITMENTS_SHOWN)
        for commitment in commitments:
            commitment.overdue = commitment.is_overdue(today)
        return {
            "status_history": selectors.status_history(instrument),
            "commitments": commitments,
            "commitment_count": commitment_count,
        }

    @staticmethod
    def lineage(instrument) -> dict:
        """The goals its text names, the instruments its text refers to, and those whose texts
        refer to it."""
        linked = Goal.objects.filter(links__instrument=instrument).distinct().order_by("order")
        return {
            "goals": list(linked),
            "builds_on": list(instrument.links_out.select_related("target")),
            "built_on_by": list(instrument.links_in.select_related("source").order_by("source__report_order")),
        }

    def paragraphs(self, instrument, shown: set) -> dict:
        paragraphs = list(selectors.operative_paragraphs_with_citations(instrument, shown=self.CITATIONS_SHOWN))
        has_text = any(get_translations(instrument, "preamble").values()) or any(
            any(get_translations(paragraph, "text").values()) for paragraph in paragraphs
        )
        alike = overlaps_of(instrument)
        money = mandate_money([paragraph.pk for paragraph in paragraphs])
        for paragraph in paragraphs:
            paragraph.overlaps = alike.get(paragraph.pk, [])
            paragraph.money = money.get(paragraph.pk)
        never = mandates.never_reported(instrument.operative_paragraphs.all())
        return {
            "operative_paragraphs": paragraphs,
            "uncited": selectors.uncited(paragraphs),
            "shown_entries": shown,
            "has_text": has_text,
            "coverage": mandates.coverage(instrument.operative_paragraphs.all()),
            "never_reported": list(never.order_by("order").values_list("number", flat=True)),
        }


OVERLAPS_SHOWN = 5  # paragraphs named as alike under each operative paragraph, the most alike first


def overlaps_of(instrument) -> dict[int, list[tuple]]:
    """{paragraph id: [(the other paragraph, percent alike, language)]} for the instrument's
    paragraphs, the most alike first (restrack.registry.overlaps)."""
    found: dict[int, list[tuple]] = {}
    # By the paragraphs' ids, each side's own index: a condition on the paragraphs' instrument
    # through the joins read every pair (2 s of 1.45 million at 40,000 instruments).
    paragraph_ids = list(instrument.operative_paragraphs.values_list("pk", flat=True))
    rows = ParagraphOverlap.objects.filter(
        Q(paragraph_id__in=paragraph_ids) | Q(other_id__in=paragraph_ids)
    ).select_related("paragraph__instrument", "other__instrument")
    for row in rows.order_by("-similarity", "pk"):
        for mine, other in ((row.paragraph, row.other), (row.other, row.paragraph)):
            if mine.instrument_id == instrument.pk and len(found.setdefault(mine.pk, [])) < OVERLAPS_SHOWN:
                found[mine.pk].append((other, round(100 * row.similarity), row.language))
    return found


def _notes_by_period(history) -> list[tuple[str, list[str]]]:
    """Each note on the figures once, with the periods it is about."""
    notes: dict[str, list[str]] = {}
    for figures in history:
        if figures.note:
            notes.setdefault(figures.note, []).append(figures.period)
    return list(notes.items())


class PeriodListView(TemplateView):
    template_name = "publish/period_list.html"

    def get_context_data(self, **kwargs):
        periods = list(selectors.periods_with_activity())
        return {
            **super().get_context_data(**kwargs),
            "periods": periods,
            "chart": [{"name": p.label, "updates": p.update_count, "commitments": p.commitment_count} for p in periods],
        }


def _published_period(label: str) -> ReportingPeriod:
    try:
        label = str(parse_period_label(label))
    except Exception:
        raise Http404(_("No such reporting period")) from None
    period = memo.remember("published-period", (label,), lambda: _public_period(label))
    if period is None:
        raise Http404(_("No such reporting period"))
    return period


def _public_period(label: str) -> ReportingPeriod | None:
    return policy.public(ReportingPeriod.objects.select_related("board_session")).filter(label=label).first()


class PeriodDetailView(TemplateView):
    """A period: its introduction, counts and funding totals of its updates, and a paged table of
    every instrument with its update or its absence, filtered and sorted in the database."""

    template_name = "publish/period.html"

    def get_context_data(self, *, label, **kwargs):
        period = _published_period(label)
        form = PeriodFilterForm(self.request.GET or None)
        filters = form.usable_filters()
        sort = self.request.GET.get("sort") or PeriodSort.NUMBER
        instruments = form.instruments()
        # Built when something reads it: a page whose parts the data cache keeps does not.
        queryset = memo.Deferred(
            lambda: selectors.period_queryset(
                instruments,
                period,
                reported=filters.get("reported") or "",
                funding=filters.get("funding") or "",
                sort=sort,
            )
        )
        every_instrument = not (form.instrument_filters() or filters.get("reported") or filters.get("funding"))
        # The summary is the same for every sort and page of the table: computed once per public
        # change (restrack.publish.memo), or when its shared fragment is rendered.
        shown = (period.pk, sorted(form.instrument_filters().items()), filters.get("reported"), filters.get("funding"))
        summary = memo.Deferred(
            lambda: selectors.period_summary(queryset.value(), period, every_instrument=every_instrument)
        )
        shared = memo.Deferred(lambda: self.summary(period, summary.value()))
        total, charted = memo.remember(
            "period-instruments", shown, lambda: (summary.value().instruments, bool(shared.value()["status_chart"]))
        )
        page = paginate(
            self.request,
            queryset.value,
            selectors.period_sorts(),
            default=PeriodSort.NUMBER,
            tiebreak=(*selectors.REPORT_ORDER, "pk"),
            total=total,  # counted by the summary already
        )

        def table() -> dict:
            """The page's rows as the table shows them (a `{% shared %}` fragment: kept, rendered,
            per page, sort and filters until the next public change)."""
            counts = selectors.entry_counts(instrument.p_update_id for instrument in page.rows)
            rows = [
                (
                    instrument,
                    {"status": instrument.p_update_status, "entry_count": counts.get(instrument.p_update_id, 0)}
                    if instrument.p_update_id
                    else None,
                    selectors.figures_if_reported(instrument, period),
                )
                for instrument in page.rows
            ]
            return {"rows": rows}

        return {
            **super().get_context_data(**kwargs),
            "period": period,
            "form": form,
            "ignored_filters": form.ignored(),
            "filter_hidden": page.hidden_fields(*form.fields),
            "page": page,
            "table": memo.Deferred(table),
            "query_but_page": query_but_page(self.request),
            "shown": shown,
            "shared": shared,
            "charted": charted,
        }

    @staticmethod
    def summary(period, summary) -> dict:
        """The period's introduction, the other periods to compare with, and the summary of the
        instruments shown (the `{% shared %}` part of the page)."""
        statuses = [
            (status, label, summary.status_counts[status])
            for status, label in [("", _("No status given")), *ImplementationStatus.choices]
            if summary.status_counts.get(status)
        ]
        # In the page's language or a fallback's, laid out in its own direction (Chinese on an
        # Arabic page runs left to right, its full stop at its end).
        introduction, introduction_language = translated_text(period, "introduction", get_language())
        return {
            "summary": summary,
            "totals": summary.totals,
            "status_counts": statuses,
            "status_chart": [{"name": str(label), "value": count} for _status, label, count in statuses],
            "introduction": [text for text in introduction.split("\n\n") if text.strip()],
            "introduction_language": introduction_language,
            "other_periods": list(policy.public(ReportingPeriod.objects.exclude(pk=period.pk))),
            "report_languages": report_languages(period),
        }


# The languages the Executive Director's report is written in (restrack.edreport), by site code,
# with their names in their own language for the links to its Akoma Ntoso versions.
REPORT_LANGUAGES = {"zh-hans": "中文", "en": "English"}


def report_languages(period) -> list[tuple[str, str]]:
    """(code, name) of each language in which some published paragraph of the period has its
    text: the period's report is offered in those (another language's would be all fallbacks)."""
    entries = policy.public(UpdateEntry.objects.filter(update__period=period))
    found = []
    for code, name in REPORT_LANGUAGES.items():
        field = build_localized_fieldname("text", code)
        if entries.exclude(Q(**{field: ""}) | Q(**{f"{field}__isnull": True})).exists():
            found.append((code, name))
    return found


class PeriodCompareView(TemplateView):
    """Two published periods side by side: how many instruments are new, silent, or changed status
    or funding, and a paged table filterable by what changed, all counted in the database."""

    template_name = "publish/period_compare.html"
    NAMED = 20  # instruments named on the new and silent cards; the table has them all

    def get_context_data(self, **kwargs):
        periods = memo.remember(
            "public-periods", (), lambda: list(policy.public(ReportingPeriod.objects.order_by("start_date")))
        )
        form = CompareFilterForm(self.request.GET or None)
        context = {**super().get_context_data(**kwargs), "periods": periods, "form": form}
        labels = {p.label: p for p in periods}
        earlier = labels.get(self.request.GET.get("from", "")) or (periods[-2] if len(periods) > 1 else None)
        later = labels.get(self.request.GET.get("to", "")) or (periods[-1] if periods else None)
        if not earlier or not later:
            return context
        if earlier.start_date > later.start_date:
            earlier, later = later, earlier
        filters = form.usable_filters()
        instruments = form.instruments()
        # Built when something reads them: a page whose parts the data cache keeps does not.
        everything = memo.Deferred(lambda: selectors.comparison_queryset(instruments, earlier, later))
        change = filters.get("change") or ""
        # Over every instrument, two consecutive periods' counts are kept (one row to read); the
        # counts and the cards are the same for every page of the table and every `change`:
        # computed once per public change (restrack.publish.memo).
        consecutive = periods.index(later) == periods.index(earlier) + 1
        shown = (earlier.pk, later.pk, sorted(form.instrument_filters().items()))

        def count_changes():
            kept = None
            if consecutive and not form.instrument_filters():
                kept = selectors.kept_comparison_counts(earlier, later)
            return kept or selectors.comparison_counts(everything.value())

        change_counts = memo.remember("compare-counts", shown, count_changes)
        page = paginate(
            self.request,
            lambda: everything.value().filter(selectors.CHANGES[change]) if change else everything.value(),
            {"number": Sort(_("number"), selectors.REPORT_ORDER, nulls_last=False)},
            tiebreak=(*selectors.REPORT_ORDER, "pk"),
            total=change_counts[change] if change else change_counts["instruments"],  # counted already
        )

        def table() -> dict:
            """The page's rows as the table shows them (a `{% shared %}` fragment: kept, rendered,
            per page and filters until the next public change)."""
            counts = selectors.entry_counts(
                [instrument.earlier_id for instrument in page.rows] + [instrument.later_id for instrument in page.rows]
            )
            rows = []
            for instrument in page.rows:
                before = _update_cell(instrument.earlier_id, instrument.earlier_status, counts)
                after = _update_cell(instrument.later_id, instrument.later_status, counts)
                money_before = selectors.comparison_figures(instrument, "fund_earlier", earlier)
                money_after = selectors.comparison_figures(instrument, "fund_later", later)
                rows.append(
                    {
                        "instrument": instrument,
                        "before": before,
                        "after": after,
                        "status_changed": bool(before and after and before["status"] != after["status"]),
                        "funding_before": money_before,
                        "funding_after": money_after,
                        "funding_changed": bool(
                            money_before
                            and money_after
                            and (money_before.requirements, money_before.mobilized)
                            != (money_after.requirements, money_after.mobilized)
                        ),
                    }
                )
            return {"rows": rows}

        def named(change) -> list:  # none to look for when none is new (or silent)
            if not change_counts[change]:
                return []
            return list(
                everything.value().filter(selectors.CHANGES[change]).order_by(*selectors.REPORT_ORDER)[: self.NAMED]
            )

        return {
            **context,
            "earlier": earlier,
            "later": later,
            "consecutive": consecutive,  # the API's period-changes compare a period with the one before
            "page": page,
            "table": memo.Deferred(table),
            "ignored_filters": form.ignored(),
            "filter_hidden": page.hidden_fields(*form.fields),
            "shown": shown,
            "query_but_page": query_but_page(self.request),
            "shared": memo.Deferred(
                lambda: {
                    "counts": change_counts,
                    "changes": [(change, label, change_counts[change]) for change, label in PeriodChange.choices],
                    "change_chart": [
                        {"name": str(label), "value": change_counts[change]} for change, label in PeriodChange.choices
                    ],
                    "new": named(PeriodChange.NEW),
                    "silent": named(PeriodChange.SILENT),
                }
            ),
        }


def _update_cell(update_id, status, counts) -> dict | None:
    if update_id is None:
        return None
    return {"status": status, "entry_count": counts.get(update_id, 0)}
