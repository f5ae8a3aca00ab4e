"""Funding arithmetic on exact decimals. The gap is always computed, never stored.

Gap % is rounded half-up (a half goes away from zero) to a whole per cent, the one rule used
everywhere: pages, exports, the API and the generated report (UN-Habitat's own page mixes
truncation and rounding). A negative gap is a surplus.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def total(amounts: Iterable[Decimal | None]) -> Decimal | None:
    """The sum of the known amounts; None when none is known (unknown is not zero)."""
    known = [amount for amount in amounts if amount is not None]
    return sum(known, Decimal("0")) if known else None


def gap(requirements: Decimal | None, mobilized: Decimal | None) -> Decimal | None:
    if requirements is None or mobilized is None:
        return None
    return (requirements - mobilized).quantize(CENT)


def whole_percent(part: Decimal, whole: Decimal) -> int:
    """`part` as a whole per cent of `whole`, half-up."""
    return int((part * 100 / whole).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def share_percent(part: Decimal | None, whole: Decimal | None) -> int | None:
    if part is None or not whole:
        return None
    return whole_percent(part, whole)


def gap_percent(requirements: Decimal | None, mobilized: Decimal | None) -> int | None:
    """The gap as a whole per cent of requirements, half-up; None when it cannot be computed."""
    difference = gap(requirements, mobilized)
    if difference is None or not requirements:
        return None
    return whole_percent(difference, requirements)
