"""The Urban Action Funding Window's books: every contribution and allocation in date order with
the balance after each, and the rule that the balance never falls below zero at any date.

On a given day money received counts before money allocated, so a contribution and the
allocation it funds may carry the same date."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from restrack.funding.choices import LedgerMovement
from restrack.funding.models import FundingWindow, WindowAllocation, WindowContribution

URBAN_ACTION_FUNDING_WINDOW = "uafw"
ZERO = Decimal("0.00")


def the_window() -> FundingWindow:
    return FundingWindow.objects.get(code=URBAN_ACTION_FUNDING_WINDOW)


@dataclass(frozen=True)
class LedgerLine:
    day: date
    movement: str
    amount_usd: Decimal  # positive for contributions, negative for allocations
    balance_usd: Decimal
    item: WindowContribution | WindowAllocation

    @property
    def is_contribution(self) -> bool:
        return self.movement == LedgerMovement.CONTRIBUTION


def _day_order(item) -> tuple:
    if isinstance(item, WindowContribution):
        return (item.received_on, 0, item.pk or 0)
    return (item.allocated_on, 1, item.pk or 0)


def ledger(contributions: Iterable[WindowContribution], allocations: Iterable[WindowAllocation]) -> list[LedgerLine]:
    lines, balance = [], ZERO
    for item in sorted([*contributions, *allocations], key=_day_order):
        if isinstance(item, WindowContribution):
            amount, movement, day = item.amount_usd, LedgerMovement.CONTRIBUTION, item.received_on
        else:
            amount, movement, day = -item.amount_usd, LedgerMovement.ALLOCATION, item.allocated_on
        balance += amount
        lines.append(LedgerLine(day, movement, amount, balance, item))
    return lines


def window_ledger(window: FundingWindow | None = None) -> list[LedgerLine]:
    window = window or the_window()
    return ledger(window.contributions.all(), window.allocations.select_related("instrument", "paragraph"))


def balance_on(lines: list[LedgerLine], day: date) -> Decimal:
    balance = ZERO
    for line in lines:
        if line.day > day:
            break
        balance = line.balance_usd
    return balance


def usd(amount: Decimal) -> str:
    return "USD " + number_format(amount, 2, force_grouping=True)


def allocatable_on(lines: list[LedgerLine], day: date) -> Decimal:
    """The most that can be allocated on `day` without overdrawing the window then or on any
    later date (later allocations are already promised)."""
    later = [line.balance_usd for line in lines if line.day > day]
    return max(min([balance_on(lines, day), *later]), ZERO)


def check_allocation(others: list[LedgerLine], allocation: WindowAllocation) -> None:
    """Refuse `allocation` if it exceeds what the books without it (`others`) can spare on its date."""
    available = allocatable_on(others, allocation.allocated_on)
    if allocation.amount_usd > available:
        raise ValidationError(
            _(
                "The allocation of %(amount)s to %(instrument)s on %(day)s exceeds what the window can spare on "
                "that date: %(available)s, after the allocations already made. Record the contribution that funds "
                "it first, or allocate at most %(available)s."
            )
            % {
                "amount": usd(allocation.amount_usd),
                "instrument": allocation.instrument,
                "day": allocation.allocated_on.isoformat(),
                "available": usd(available),
            },
            code="window_overdrawn",
        )


def check_never_overdrawn(lines: list[LedgerLine]) -> None:
    """Refuse books in which the balance falls below zero on some date (after a contribution is
    lowered, moved or withdrawn), naming the allocation where it first goes negative."""
    for line in lines:
        if line.balance_usd < 0:
            raise ValidationError(
                _(
                    "This change would leave the window overdrawn by %(short)s on %(day)s, when %(amount)s was "
                    "allocated to %(instrument)s. Cancel or reduce that allocation first."
                )
                % {
                    "short": usd(-line.balance_usd),
                    "day": line.day.isoformat(),
                    "amount": usd(line.item.amount_usd),
                    "instrument": line.item.instrument,
                },
                code="window_overdrawn",
            )


@dataclass(frozen=True)
class WindowBooks:
    """The window's books as of `today`, for the public page and the secretariat's page alike."""

    window: FundingWindow
    contributions: list[WindowContribution]
    allocations: list[WindowAllocation]
    lines: list[LedgerLine]
    today: date

    @property
    def balance_now(self) -> Decimal:
        return balance_on(self.lines, self.today)

    @property
    def final_balance(self) -> Decimal:
        return self.lines[-1].balance_usd if self.lines else ZERO

    @property
    def has_later_movements(self) -> bool:
        return any(line.day > self.today for line in self.lines)

    @property
    def spare_today(self) -> Decimal:
        return allocatable_on(self.lines, self.today)

    def received(self, kind: str | None = None) -> Decimal:
        return sum((c.amount_usd for c in self.contributions if kind is None or c.kind == kind), ZERO)

    @property
    def allocated(self) -> Decimal:
        return sum((a.amount_usd for a in self.allocations), ZERO)

    def balance_chart(self) -> list[dict]:
        """The balance at the end of each day with a movement, and today's: the points of a step
        line (the balance holds until the next movement). Floats: charts only draw."""
        by_day = {line.day: line.balance_usd for line in self.lines}
        if self.lines and self.today not in by_day and self.today > self.lines[0].day:
            by_day[self.today] = self.balance_now
        return [{"day": day.isoformat(), "balance": float(balance)} for day, balance in sorted(by_day.items())]


def window_books(today: date | None = None) -> WindowBooks:
    from django.utils import timezone

    window = the_window()
    contributions = list(window.contributions.all())
    allocations = list(window.allocations.select_related("instrument", "paragraph"))
    return WindowBooks(
        window, contributions, allocations, ledger(contributions, allocations), today or timezone.localdate()
    )
