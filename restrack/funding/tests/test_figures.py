"""Figures of one instrument and their sums: surpluses as surpluses, totals that reconcile."""

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from restrack.funding.figures import FundingFigures, summarize


def figures(requirements, **sources):
    return FundingFigures(
        None if requirements is None else Decimal(requirements),
        {name: Decimal(value) for name, value in sources.items()},
    )


def test_a_surplus_is_a_surplus_not_a_negative_gap():
    over = figures("100.00", core="150.00")
    assert (over.gap, over.shortfall, over.surplus, over.has_surplus) == (Decimal("-50.00"), 0, Decimal("50.00"), True)
    under = figures("100.00", core="40.00")
    assert (under.shortfall, under.surplus, under.has_surplus) == (Decimal("60.00"), 0, False)
    assert (figures(None, core="1.00").shortfall, figures("1.00").surplus) == (None, None)


def test_totals_equal_the_sums_of_the_columns():
    rows = [
        figures("1858000.55", core="100000.10", earmarked="758000.20"),
        figures("500000.00", other="600000.00"),
        figures("300.00"),
        figures(None, window="12.34"),
    ]
    summary = summarize(rows)
    assert summary.requirements == Decimal("2358300.55")
    assert summary.mobilized == Decimal("1458012.64")
    assert summary.mobilized_by_source == {
        "core": Decimal("100000.10"),
        "earmarked": Decimal("758000.20"),
        "window": Decimal("12.34"),
        "other": Decimal("600000.00"),
    }
    # Only the two instruments with both figures have a gap: 1,000,000.25 short and 100,000 over.
    assert (summary.gap, summary.shortfall, summary.surplus) == (
        Decimal("900000.25"),
        Decimal("1000000.25"),
        Decimal("100000.00"),
    )
    assert summary.gap_percent == 38  # 900,000.25 / 2,358,000.55 = 38.17 %
    assert (summary.instruments, summary.under_funded, summary.over_funded) == (4, 1, 1)
    assert summary.source_shares() == {"core": 7, "earmarked": 52, "window": 0, "other": 41}


def test_nothing_reported_sums_to_unknown():
    summary = summarize([figures(None), figures(None)])
    assert (summary.requirements, summary.mobilized, summary.gap, summary.gap_percent) == (None, None, None, None)
    assert summary.instruments == 0


cents = st.decimals(min_value=0, max_value=10**9, places=2)


@given(st.lists(st.tuples(cents, cents, cents), max_size=20))
def test_the_total_gap_is_always_the_sum_of_the_instruments_gaps(rows):
    items = [FundingFigures(req, {"core": core, "other": other}) for req, core, other in rows]
    summary = summarize(items)
    if items:
        assert summary.gap == sum(item.gap for item in items)
        assert summary.gap == summary.requirements - summary.mobilized
        assert summary.shortfall - summary.surplus == summary.gap
