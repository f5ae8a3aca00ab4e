"""Gap arithmetic on exact decimals: unknown is never zero, surpluses are negative gaps."""

from decimal import Decimal

import pytest

from restrack.funding import arithmetic


def test_total_of_known_amounts_and_unknown_when_nothing_is_known():
    assert arithmetic.total([Decimal("1.10"), None, Decimal("2.20")]) == Decimal("3.30")
    assert arithmetic.total([None, None]) is None
    assert arithmetic.total([Decimal("0")]) == Decimal("0")


@pytest.mark.parametrize(
    ("requirements", "mobilized", "gap", "percent"),
    [
        ("1858000.00", "858000.00", "1000000.00", 54),
        ("200.00", "199.00", "1.00", 1),  # 0.5 % rounds half-up to 1
        ("1000.00", "995.00", "5.00", 1),  # 0.5 % again
        ("1000.00", "996.00", "4.00", 0),
        ("100.00", "150.00", "-50.00", -50),  # a surplus
        ("0.00", "10.00", "-10.00", None),  # no requirements: no percentage
    ],
)
def test_gap_and_gap_percent(requirements, mobilized, gap, percent):
    requirements, mobilized = Decimal(requirements), Decimal(mobilized)
    assert arithmetic.gap(requirements, mobilized) == Decimal(gap)
    assert arithmetic.gap_percent(requirements, mobilized) == percent


def test_unknown_inputs_give_unknown_results():
    assert arithmetic.gap(None, Decimal("1")) is None
    assert arithmetic.gap_percent(Decimal("1"), None) is None
