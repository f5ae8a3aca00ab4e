"""The unfiltered dashboard (and a period's page) reads its totals, bands, sessions, bodies, notes and largest gaps from
what is kept (the funding summary, the records' stored figures and their indexes) instead of
joining every instrument to its record: what it shows must equal what the filtered path computes
from the instruments themselves, for the same instruments."""

import pytest

from restrack.publish import selectors
from restrack.publish.tests import scale_data
from restrack.registry.models import Instrument
from restrack.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db


def shown(summary: selectors.Aggregates) -> tuple:
    return (
        summary.totals,
        summary.gap_unknown,
        dict(summary.status_counts),
        summary.bands,
        [(row["session"].pk, row["instruments"], row["totals"]) for row in summary.sessions],
        [(row["body"].pk, row["instruments"], row["totals"]) for row in summary.bodies],
        summary.overdue,
        summary.overdue_instruments,
        [(note, [instrument.pk for instrument in named], named.about) for note, named in summary.notes],
    )


def lines(rows) -> list:
    return [(row.instrument.pk, row.funding) for row in rows]


def test_the_kept_figures_give_what_the_instruments_give():
    scale_data.build(120, periods=2, paragraphs=1)
    for period in selectors.funding_periods():
        queryset = selectors.dashboard_queryset(Instrument.objects.all(), period=period)
        kept = selectors.aggregates(queryset, every_instrument=True, period=period)
        computed = selectors.aggregates(queryset, every_instrument=False, period=period)
        assert kept.totals.instruments > 0
        assert shown(kept) == shown(computed)
        for limit in (1, 20, 500):
            assert lines(selectors.largest_gaps(queryset, period, limit, every_instrument=True)) == lines(
                selectors.largest_gaps(queryset, period, limit, every_instrument=False)
            )


def test_a_periods_kept_figures_give_what_its_instruments_give():
    data = scale_data.build(120, periods=2, paragraphs=2)
    for label in data["periods"]:
        period = ReportingPeriod.objects.get(label=label)
        queryset = selectors.period_queryset(Instrument.objects.all(), period)
        kept = selectors.period_summary(queryset, period, every_instrument=True)
        computed = selectors.period_summary(queryset, period, every_instrument=False)
        assert kept.reported > 0 and kept.paragraphs > 0
        assert kept == computed
