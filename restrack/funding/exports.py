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
ALLOCATION_COLUMNS = ["id", "instrument", "title", "paragraph", "allocated_on", "amount_usd", "purpose"]


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


def funding_table(records: Iterable, *, language: str, name: str) -> Table:
    """One row per instrument and period, in the order given, with exact amounts (EXPORT_COLUMNS):
    FundingRecords with their instrument and period selected (the API's list, the public
    download's restrack.publish.funding_selectors.export_records)."""
    rows = (
        _exact_row(record.instrument, record.period.label, record.figures, language) for record in _chunked(records)
    )
    with translation.override(language):
        title = _("Funding")
    return Table(name=name, title=title, header=EXPORT_COLUMNS, rows=rows)


def ranking_table(records: Iterable, *, period_label: str, language: str, name: str) -> Table:
    """The under-funded of one period (RANKING_COLUMNS): FundingRecords (instruments selected)
    largest gap first, each annotated `rank_by_gap_percent` (restrack.publish.funding_selectors.
    ranking_records: both ranks computed by the database); the rank by gap is their place. Read
    in chunks as the file is written."""

    def rows():
        for rank, record in enumerate(_chunked(records), 1):
            figures = record.figures
            yield [
                rank,
                record.rank_by_gap_percent,
                record.instrument.reference,
                title_in(record.instrument, language),
                period_label,
                cents(figures.requirements),
                cents(figures.mobilized),
                cents(figures.shortfall),
                figures.gap_percent,
                figures.note,
            ]

    with translation.override(language):
        title = _("Under-funded")
    return Table(name=name, title=title, header=RANKING_COLUMNS, rows=rows())


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
            item.paragraph.number if item.paragraph_id else "",
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
