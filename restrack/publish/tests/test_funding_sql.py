"""The public tables' funding figures (restrack.publish.selectors.FundingSQL, written out as SQL
per figure) and their totals (one GROUP BY added up in Python) equal the Python arithmetic
(FundingFigures, summarize) for the same records, to the cent and the per cent, with unknown
figures unknown."""

import random

import pytest

from restrack.funding.figures import FundingFigures, summarize
from restrack.funding.models import FundingRecord
from restrack.funding.tests.test_aggregates import EDGES, _amount, make_records
from restrack.publish import selectors
from restrack.publish.choices import FundingFilter
from restrack.registry.models import Instrument

pytestmark = pytest.mark.django_db


def _with_records():
    return Instrument.objects.filter(pk__in=FundingRecord.objects.values("instrument"))


def _rows(seed, count):
    rng = random.Random(seed)
    return EDGES[:-4] + [tuple(_amount(rng) for _ in range(5)) for _ in range(count)]


def test_each_instrument_s_cents_equal_the_python_arithmetic():
    period = make_records(_rows(20250101, 150))
    for instrument in selectors.with_funding(_with_records(), period):
        figures = selectors.figures_of(instrument, period)
        assert selectors.funding_sums.amount(instrument.requirements_cents) == figures.requirements
        assert selectors.funding_sums.amount(instrument.mobilized_cents) == figures.mobilized
        assert selectors.funding_sums.amount(instrument.gap_cents) == figures.gap
        assert instrument.gap_percent_value == figures.gap_percent, figures
        reported = figures.requirements is not None or figures.mobilized is not None
        assert (selectors.figures_if_reported(instrument, period) is not None) == reported


def test_dashboard_and_period_totals_equal_summarize_to_the_cent():
    period = make_records(_rows(7, 300))
    expected = summarize(FundingFigures.from_record(record) for record in FundingRecord.objects.all())
    figures = [FundingFigures.from_record(record) for record in FundingRecord.objects.all()]
    gap_unknown = sum(1 for f in figures if f.gap is None and (f.requirements is not None or f.mobilized is not None))
    summary = selectors.aggregates(selectors.dashboard_queryset(_with_records(), period=period))
    assert summary.totals == expected
    assert summary.gap_unknown == gap_unknown
    assert summary.bands[FundingFilter.UNDER_FUNDED] == sum(1 for f in figures if f.gap is not None and f.gap > 0)
    assert summary.bands[FundingFilter.FUNDED] == sum(1 for f in figures if f.gap is not None and f.gap <= 0)
    assert summary.bands[FundingFilter.NOT_REPORTED] == sum(1 for f in figures if f.gap is None)
    assert sum(row["instruments"] for row in summary.sessions) == len(figures)
    period_summary = selectors.period_summary(selectors.period_queryset(_with_records(), period), period)
    assert period_summary.totals == expected
    assert period_summary.gap_unknown == gap_unknown


def test_without_figures_totals_are_unknown_never_zero():
    period = make_records([(None, None, None, None, None)])
    summary = selectors.aggregates(selectors.dashboard_queryset(_with_records(), period=period))
    assert summary.totals == summarize([])
    assert summary.bands[FundingFilter.NOT_REPORTED] == 1


def test_an_unknown_figure_is_refused_by_name():
    with pytest.raises(ValueError, match="Unknown funding figure 'gap_pct'"):
        selectors.FundingSQL("gap_pct")
