"""Funding as downloadable tables, one builder per table, shared by the public tracker's downloads
(/<lang>/funding/export.csv|xlsx|json, /<lang>/funding/ranking.*) and the API's exports
(/api/v1/funding/records/export.*, .../window/contributions/export.*, .../window/allocations/export.*),
so that a file from the web and one from the API hold the same columns and the same amounts.

Amounts are exact Decimals with their two decimals (restrack.core.exports writes them as plain
digits in CSV, numbers in XLSX, strings in JSON); unknown is empty, never 0. Titles are in one
language (`language`), with the tracker's fallbacks (English, then Chinese).

Rows are made as the file is written (restrack.core.exports streams them): a queryset is read
QUERY_CHUNK rows at a time, never whole."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.db.models import QuerySet
from django.utils import translation
from django.utils.translation import gettext as _

from restrack.core.exports import QUERY_CHUNK, Table, in_language
from restrack.core.translation_fields import translated_text
from restrack.funding import arithmetic
from restrack.funding.choices import FundingSource
from restrack.funding.figures import FundingFigures
from restrack.funding.models import FundingRecord

EXPORT_COLUMNS = [
    "instrument",
    "title",
    "period",
    "requirements_usd",
    "mobilized_core_usd",
    "mobilized_earmarked_usd",
    "mobilized_window_usd",
    "mobilized_other_usd",
    "mobilized_usd",
    "gap_usd",
    "surplus_usd",
    "gap_percent",
    "note",
]
RANKING_COLUMNS = [
    "rank_by_gap",
    "rank_by_gap_percent",
    "instrument",
    "title",
    "period",
    "requirements_usd",
    "mobilized_usd",
    "gap_usd",
    "gap_percent",
    "note",
]
CONTRIBUTION_COLUMNS = [
    "id",
    "donor",
    "received_on",
    "amount",
    "currency",
    "amount_usd",
    "kind",
    "kind_label",
    "agreement_reference",
    "note",
]
ALLOCATION_COLUMNS = ["id", "instrument", "title", "allocated_on", "amount_usd", "purpose"]


def cents(amount: Decimal | None) -> Decimal | None:
    """Every amount with its two decimals (a surplus of none is 0.00, not 0)."""
    return None if amount is None else amount.quantize(arithmetic.CENT)


def title_in(instrument, language: str) -> str:
    """The instrument's title in `language`, or in the first fallback language that has it."""
    return translated_text(instrument, "title", language)[0]


def _exact_row(instrument, period_label: str, figures: FundingFigures, language: str) -> list:
    """The figures with exact amounts; the gap split into a shortfall (gap_usd) and a surplus
    (surplus_usd), both zero or more; gap_percent is gap_usd as a whole per cent of requirements."""
    return [
        instrument.reference,
        title_in(instrument, language),
        period_label,
        cents(figures.requirements),
        *[cents(figures.source(source)) for source in FundingSource.values],
        cents(figures.mobilized),
        cents(figures.shortfall),
        cents(figures.surplus),
        arithmetic.share_percent(figures.shortfall, figures.requirements),
        figures.note,
    ]


def _instrument_period_figures(item) -> tuple:
    """(instrument, period label, figures) of a FundingRecord (its instrument and period loaded) or
    of a (period, line) pair of restrack.publish.selectors.PublishedFunding.all_lines()."""
    if isinstance(item, FundingRecord):
        return item.instrument, item.period.label, item.figures
    period, line = item
    return line.instrument, period.label, line.funding


def funding_table(records_or_lines: Iterable, *, language: str, name: str) -> Table:
    """One row per instrument and period, in the order given, with exact amounts (EXPORT_COLUMNS).

    `records_or_lines`: FundingRecords (with instrument and period selected, as the API's list
    gives them) or (period, FundingLine) pairs (the public pages' published figures)."""
    rows = (_exact_row(*_instrument_period_figures(item), language) for item in _chunked(records_or_lines))
    with translation.override(language):
        title = _("Funding")
    return Table(name=name, title=title, header=EXPORT_COLUMNS, rows=rows)


def ranking_table(by_gap, by_gap_percent, *, period_label: str, language: str, name: str) -> Table:
    """The under-funded of one period, largest gap first, with their rank by gap and by gap %.
    `by_gap` and `by_gap_percent` are the same FundingLines in those two orders."""
    rank_by_percent = {id(line): rank for rank, line in enumerate(by_gap_percent, 1)}
    rows = [
        [
            rank,
            rank_by_percent.get(id(line)),
            line.instrument.reference,
            title_in(line.instrument, language),
            period_label,
            cents(line.funding.requirements),
            cents(line.funding.mobilized),
            cents(line.funding.shortfall),
            line.funding.gap_percent,
            line.funding.note,
        ]
        for rank, line in enumerate(by_gap, 1)
    ]
    with translation.override(language):
        title = _("Under-funded")
    return Table(name=name, title=title, header=RANKING_COLUMNS, rows=rows)


def contributions_table(
    contributions: Iterable, *, language: str, name: str = "restrack-window-contributions"
) -> Table:
    """One row per contribution to the Urban Action Funding Window, in the order given."""
    rows = (
        [
            item.pk,
            item.donor,
            item.received_on,
            cents(item.amount),
            item.currency,
            cents(item.amount_usd),
            item.kind,
            str(item.get_kind_display()),
            item.agreement_reference,
            item.note,
        ]
        for item in _chunked(contributions)
    )
    with translation.override(language):
        title = _("Contributions")
    return Table(name=name, title=title, header=CONTRIBUTION_COLUMNS, rows=in_language(language, rows))


def allocations_table(allocations: Iterable, *, language: str, name: str = "restrack-window-allocations") -> Table:
    """One row per allocation from the window (instruments selected), in the order given."""
    rows = (
        [
            item.pk,
            item.instrument.reference,
            title_in(item.instrument, language),
            item.allocated_on,
            cents(item.amount_usd),
            item.purpose,
        ]
        for item in _chunked(allocations)
    )
    with translation.override(language):
        title = _("Allocations")
    return Table(name=name, title=title, header=ALLOCATION_COLUMNS, rows=rows)


def _chunked(items: Iterable) -> Iterable:
    """A queryset read QUERY_CHUNK rows at a time (not kept in its cache); anything else as it is."""
    return items.iterator(chunk_size=QUERY_CHUNK) if isinstance(items, QuerySet) else items
