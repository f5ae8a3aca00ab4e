"""The Urban Action Funding Window's books read by the database, for pages that show them however
many contributions and allocations there are: totals and today's balance (two queries), the
balance at the end of each day with a movement (two queries, one point per day), and the ledger
as one queryset of contributions and allocations in date order, paged, with the balance after
each line computed from the sum of every line before the page (two queries).

The order is the books' (restrack.funding.window): by day, money received before money allocated
on the same day, then in the order recorded. Amounts are added up in whole cents, exact on every
database (see restrack.funding.aggregates)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import CharField, F, IntegerField, Q, Sum, Value

from restrack.funding.aggregates import amount, cents_of
from restrack.funding.choices import ContributionKind, LedgerMovement
from restrack.funding.models import FundingWindow
from restrack.registry.models import Instrument

ZERO = Decimal("0.00")
CONTRIBUTION, ALLOCATION = 0, 1  # the order of movements on one day
MAX_POINTS = 500  # days drawn on the balance chart; beyond, the balance at each month's end


@dataclass(frozen=True)
class WindowTotals:
    received_new: Decimal
    received_transfer: Decimal
    received: Decimal
    allocated: Decimal
    balance: Decimal  # on `today`: what was received minus what was allocated up to that day


def window_totals(window: FundingWindow, today: date) -> WindowTotals:
    cents = cents_of("amount_usd")
    received = window.contributions.order_by().aggregate(
        new=Sum(cents, filter=Q(kind=ContributionKind.NEW)),
        transfer=Sum(cents, filter=Q(kind=ContributionKind.TRANSFER)),
        all=Sum(cents),
        by_today=Sum(cents, filter=Q(received_on__lte=today)),
    )
    allocated = window.allocations.order_by().aggregate(
        all=Sum(cents), by_today=Sum(cents, filter=Q(allocated_on__lte=today))
    )

    def usd(value):
        return amount(value or 0)

    return WindowTotals(
        received_new=usd(received["new"]),
        received_transfer=usd(received["transfer"]),
        received=usd(received["all"]),
        allocated=usd(allocated["all"]),
        balance=usd((received["by_today"] or 0) - (allocated["by_today"] or 0)),
    )


def balance_chart(window: FundingWindow, today: date) -> list[dict]:
    """The balance at the end of each day with a movement, and today's (a step line); with more
    than MAX_POINTS days, at the end of each month with a movement instead. Floats: charts only draw."""
    net: dict[date, int] = {}
    cents = cents_of("amount_usd")
    for row in window.contributions.order_by().values("received_on").annotate(n=Sum(cents)):
        net[row["received_on"]] = net.get(row["received_on"], 0) + row["n"]
    for row in window.allocations.order_by().values("allocated_on").annotate(n=Sum(cents)):
        net[row["allocated_on"]] = net.get(row["allocated_on"], 0) - row["n"]
    if not net:
        return []
    points, balance, balance_today = {}, 0, 0
    for day in sorted(net):
        balance += net[day]
        points[day] = balance
        if day <= today:
            balance_today = balance
    first = min(points)
    if today not in points and today > first:
        points[today] = balance_today
    if len(points) > MAX_POINTS:
        by_month: dict[tuple, tuple[date, int]] = {}
        for day in sorted(points):
            by_month[day.year, day.month] = (day, points[day])
        points = dict(by_month.values())
    return [{"day": day.isoformat(), "balance": float(amount(value))} for day, value in sorted(points.items())]


# The ledger --------------------------------------------------------------------------------------

LEDGER_COLUMNS = ("day", "movement", "pk", "cents", "donor_name", "instrument_kind", "instrument_number")


def ledger(window: FundingWindow):
    """Every contribution and allocation as one queryset of rows (LEDGER_COLUMNS), to be ordered by
    ("day", "movement", "pk") and sliced; ledger_lines turns a slice of it into LedgerLines."""
    text = CharField()
    contributions = window.contributions.annotate(
        day=F("received_on"),
        movement=Value(CONTRIBUTION, output_field=IntegerField()),
        cents=cents_of("amount_usd"),
        donor_name=F("donor"),
        instrument_kind=Value("", output_field=text),
        instrument_number=Value("", output_field=text),
    ).values(*LEDGER_COLUMNS)
    allocations = window.allocations.annotate(
        day=F("allocated_on"),
        movement=Value(ALLOCATION, output_field=IntegerField()),
        cents=cents_of("amount_usd"),
        donor_name=Value("", output_field=text),
        instrument_kind=F("instrument__kind"),
        instrument_number=F("instrument__number"),
    ).values(*LEDGER_COLUMNS)
    return contributions.order_by().union(allocations.order_by(), all=True)


@dataclass(frozen=True)
class LedgerLine:
    day: date
    movement: str
    amount_usd: Decimal  # positive for contributions, negative for allocations
    balance_usd: Decimal
    donor: str
    instrument: Instrument | None  # kind and number only: enough to name and link it

    @property
    def is_contribution(self) -> bool:
        return self.movement == LedgerMovement.CONTRIBUTION

    @property
    def paid_usd(self) -> Decimal:
        """What was received or allocated: the amount without its sign."""
        return abs(self.amount_usd)


def _before(day: date, movement: int, pk: int, *, own: int, day_field: str) -> Q:
    """The rows of one book (contributions: own=0, allocations: own=1) before (day, movement, pk)."""
    condition = Q(**{f"{day_field}__lt": day})
    if own < movement:
        condition |= Q(**{day_field: day})
    elif own == movement:
        condition |= Q(**{day_field: day, "pk__lt": pk})
    return condition


def balance_before(window: FundingWindow, row: dict) -> int:
    """The balance in cents before the ledger row `row` (in the books' order), in two queries."""
    cents = cents_of("amount_usd")
    key = (row["day"], row["movement"], row["pk"])
    received = window.contributions.filter(_before(*key, own=CONTRIBUTION, day_field="received_on")).aggregate(
        n=Sum(cents)
    )["n"]
    allocated = window.allocations.filter(_before(*key, own=ALLOCATION, day_field="allocated_on")).aggregate(
        n=Sum(cents)
    )["n"]
    return (received or 0) - (allocated or 0)


def ledger_lines(window: FundingWindow, rows: list[dict]) -> list[LedgerLine]:
    """LedgerLines of a page of ledger rows in the books' order, with the balance after each."""
    if not rows:
        return []
    balance = balance_before(window, rows[0])
    lines = []
    for row in rows:
        signed = row["cents"] if row["movement"] == CONTRIBUTION else -row["cents"]
        balance += signed
        is_contribution = row["movement"] == CONTRIBUTION
        lines.append(
            LedgerLine(
                day=row["day"],
                movement=LedgerMovement.CONTRIBUTION if is_contribution else LedgerMovement.ALLOCATION,
                amount_usd=amount(signed),
                balance_usd=amount(balance),
                donor=row["donor_name"],
                instrument=None
                if is_contribution
                else Instrument(kind=row["instrument_kind"], number=row["instrument_number"]),
            )
        )
    return lines
