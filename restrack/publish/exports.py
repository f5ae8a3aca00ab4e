"""The instruments as a table: one row per instrument as the dashboard shows it (status, latest
reported period, overdue commitments, the funding figures of one published period). The API's
export (GET /api/v1/instruments/export.csv) and the dashboard's downloads
(/<lang>/exports/instruments.csv) both write this table, so their files hold the same rows.

Rows are made as the file is written: the instruments' ids are read in order, and each batch of
INSTRUMENT_BATCH instruments is read with its dashboard figures in one query
(restrack.publish.selectors.dashboard_rows), so an export of every instrument streams without
holding them all."""

from __future__ import annotations

from collections.abc import Callable
from itertools import islice

from django.utils import timezone

from restrack.core.exports import Table, in_language
from restrack.core.translation_fields import translated_text
from restrack.funding import arithmetic
from restrack.funding.exports import cents
from restrack.publish import selectors
from restrack.registry.models import Instrument
from restrack.reporting.models import ReportingPeriod

INSTRUMENT_BATCH = 1000  # instruments read with their figures at a time

INSTRUMENT_COLUMNS = [
    "reference",
    "slug",
    "kind",
    "number",
    "body",
    "session",
    "title",
    "status",
    "status_label",
    "adoption_date",
    "document_symbol",
    "lead_unit",
    "is_active",
    "latest_reported_period",
    "overdue_commitments",
    "funding_period",
    "requirements_usd",
    "mobilized_usd",
    "gap_usd",
    "gap_percent",
    "tracker_url",
]


def published_funding_period(label: str | None) -> ReportingPeriod | None:
    """The published period with funding figures called `label` (any case), None when there is
    none; the latest such period when `label` is empty."""
    periods = selectors.funding_periods()
    if not label:
        return selectors.choose_period(periods, None)
    return next((period for period in periods if period.label == label.strip().upper()), None)


def instrument_table(
    instruments,
    *,
    language: str,
    period: ReportingPeriod | None = None,
    absolute_url: Callable[[str], str] | None = None,
) -> Table:
    """One row per instrument of `instruments` (a queryset, in its order): text in `language`
    (titles fall back as the tracker's pages do), funding figures of `period` (default: the latest
    published period with funding figures; empty cells where an instrument has none, never 0).

    `gap_usd` is the shortfall (0 when fully funded or over-funded) and `gap_percent` its whole
    per cent of the requirements. `tracker_url` is the instrument's page in `language`, made
    absolute by `absolute_url` (a request's build_absolute_uri), else with the site's address
    (settings.SITE_URL)."""
    if period is None:
        period = selectors.choose_period(selectors.funding_periods(), None)
    absolute_url = absolute_url or _site_url
    name = f"restrack-instruments-{period.label}" if period else "restrack-instruments"
    rows = _instrument_rows(instruments, language, period, absolute_url)
    return Table(name, "Instruments", INSTRUMENT_COLUMNS, in_language(language, rows))


def _dashboard_rows(instruments, period: ReportingPeriod | None):
    """selectors.dashboard_rows of `instruments` in their order, INSTRUMENT_BATCH at a time."""
    today = timezone.localdate()
    ids = instruments.values_list("pk", flat=True).iterator(chunk_size=INSTRUMENT_BATCH)
    while batch := list(islice(ids, INSTRUMENT_BATCH)):
        rows = selectors.dashboard_rows(Instrument.objects.filter(pk__in=batch), period=period, today=today)
        by_pk = {row.instrument.pk: row for row in rows}
        yield from (by_pk[pk] for pk in batch)


def _instrument_rows(instruments, language: str, period: ReportingPeriod | None, absolute_url):
    for row in _dashboard_rows(instruments, period):
        instrument, funding = row.instrument, row.funding
        shortfall = funding.shortfall
        yield [
            instrument.reference,
            instrument.slug,
            instrument.kind,
            instrument.number,
            instrument.body.code,
            instrument.session.code,
            translated_text(instrument, "title", language)[0],
            instrument.status,
            str(instrument.get_status_display()) if instrument.status else "",
            instrument.adoption_date,
            instrument.document_symbol,
            instrument.lead_unit,
            instrument.is_active,
            row.latest_period,
            row.overdue,
            period.label if period else None,
            cents(funding.requirements),
            cents(funding.mobilized),
            cents(shortfall),
            arithmetic.share_percent(shortfall, funding.requirements),
            absolute_url(instrument.get_absolute_url()),
        ]


def _site_url(path: str) -> str:
    from django.conf import settings

    return settings.SITE_URL + path
