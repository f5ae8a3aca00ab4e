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


def test_the_overdue_counts_are_the_public_ones(samples):
    """The overdue commitments the dashboard counts (by the stored `public` flag, an index range)
    are those the access policy lets the public read: one promised in an update not yet
    published is left out, one no paragraph promised is counted."""
    import datetime

    from django.contrib.auth.models import AnonymousUser
    from django.db.models import Count

    from restrack.reporting.models import Commitment, overdue_commitments
    from restrack.reporting.selectors import visible_commitments
    from restrack.reporting.tests.factories import CommitmentFactory, ReportingPeriodFactory, UpdateEntryFactory

    past = datetime.date(2021, 6, 30)
    approved = UpdateEntryFactory(update__period=ReportingPeriodFactory(label="2029-H1"))  # not published
    hidden = CommitmentFactory(due_date=past, promised_in=approved)
    shown = CommitmentFactory(due_date=past, instrument=Instrument.objects.get(kind="decision", number="1/3"))
    assert not hidden.public and shown.public
    today = datetime.date(2026, 12, 4)
    expected = (
        visible_commitments(AnonymousUser(), Commitment.objects.filter(overdue_commitments(today)), delivery=False)
        .order_by()
        .aggregate(n=Count("pk"), instruments=Count("instrument", distinct=True))
    )
    assert expected["n"] > 1
    period = ReportingPeriod.objects.get(label="2024-H2")  # the samples' (no funding figures)
    queryset = selectors.dashboard_queryset(Instrument.objects.all(), period=period)
    for every_instrument in (True, False):
        summary = selectors.aggregates(queryset, today=today, every_instrument=every_instrument, period=period)
        assert (summary.overdue, summary.overdue_instruments) == (expected["n"], expected["instruments"])
    per_instrument = Instrument.objects.annotate(n=selectors.overdue_count(today)).filter(n__gt=0)
    assert sum(instrument.n for instrument in per_instrument) == expected["n"]
    assert len(per_instrument) == expected["instruments"]
