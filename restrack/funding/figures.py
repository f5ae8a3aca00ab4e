"""Funding figures of one instrument in one period, and sums of them: what pages, exports and the
API show. None where nothing was reported, never 0.

A negative gap is a surplus: `gap` stays signed for arithmetic (so sums reconcile), and pages show
`shortfall` or `surplus`, each a non-negative amount."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from restrack.funding import arithmetic
from restrack.funding.choices import FundingBand, FundingSource

SOURCE_FIELDS = {
    FundingSource.CORE: "mobilized_core_usd",
    FundingSource.EARMARKED: "mobilized_earmarked_usd",
    FundingSource.WINDOW: "mobilized_window_usd",
    FundingSource.OTHER: "mobilized_other_usd",
}
ZERO = Decimal("0")
# The bands of the gap % (of the rounded per cent the pages show), upper bounds exclusive.
BAND_LIMITS = (
    (FundingBand.GAP_UNDER_25, 25),
    (FundingBand.GAP_25_TO_50, 50),
    (FundingBand.GAP_50_TO_75, 75),
)


@dataclass
class FundingFigures:
    requirements: Decimal | None = None
    mobilized_by_source: dict[str, Decimal | None] = field(default_factory=dict)
    period: str | None = None
    note: str = ""

    @property
    def mobilized(self) -> Decimal | None:
        return arithmetic.total(self.mobilized_by_source.values())

    @property
    def gap(self) -> Decimal | None:
        """Requirements minus mobilized, signed."""
        return arithmetic.gap(self.requirements, self.mobilized)

    @property
    def gap_percent(self) -> int | None:
        return arithmetic.gap_percent(self.requirements, self.mobilized)

    @property
    def shortfall(self) -> Decimal | None:
        """The gap when there is one, 0 when fully funded, None when unknown."""
        return None if self.gap is None else max(self.gap, ZERO)

    @property
    def surplus(self) -> Decimal | None:
        """What was mobilized beyond the requirements, 0 when none, None when unknown."""
        return None if self.gap is None else max(-self.gap, ZERO)

    @property
    def has_surplus(self) -> bool:
        return self.gap is not None and self.gap < 0

    def source(self, source: str) -> Decimal | None:
        return self.mobilized_by_source.get(source)

    @property
    def band(self) -> str | None:
        """The FundingBand: fully funded (no gap, or a surplus), by gap %, or gap unknown (some
        figure reported, the gap not computable); None when nothing at all was reported."""
        if self.gap is None:
            return None if self.requirements is None and self.mobilized is None else FundingBand.UNKNOWN.value
        if self.gap <= 0:
            return FundingBand.FUNDED.value
        for band, limit in BAND_LIMITS:
            if self.gap_percent < limit:
                return band.value
        return FundingBand.GAP_75_OR_MORE.value

    @classmethod
    def from_record(cls, record, *, period_label: str | None = None) -> FundingFigures:
        return cls(
            record.requirements_usd,
            {source.value: getattr(record, column) for source, column in SOURCE_FIELDS.items()},
            period_label,
            record.note,
        )


@dataclass(frozen=True)
class FundingSummary:
    """Totals of several instruments' figures that equal the sums of their columns to the cent.

    The gap is the sum of the instruments' known gaps (a surplus offsets a shortfall), and its
    percentage is taken on the requirements of those same instruments, so an instrument that
    reported requirements but nothing mobilized does not inflate the gap."""

    requirements: Decimal | None
    mobilized_by_source: dict[str, Decimal | None]
    mobilized: Decimal | None
    gap: Decimal | None
    gap_percent: int | None
    shortfall: Decimal | None  # the sum of the under-funded instruments' gaps
    surplus: Decimal | None  # the sum of the over-funded instruments' surpluses (not the net)
    instruments: int
    under_funded: int
    over_funded: int

    @property
    def has_surplus(self) -> bool:
        return self.gap is not None and self.gap < 0

    def source_shares(self) -> dict[str, int | None]:
        """Each source's share of what was mobilized, in whole per cent rounded half-up (the
        shares may add up to 99 or 101)."""
        return {
            source: arithmetic.share_percent(amount, self.mobilized)
            for source, amount in self.mobilized_by_source.items()
        }


def summarize(figures: Iterable[FundingFigures]) -> FundingSummary:
    figures = [f for f in figures if f is not None]
    with_gap = [f for f in figures if f.gap is not None]
    return FundingSummary(
        requirements=arithmetic.total(f.requirements for f in figures),
        mobilized_by_source={
            source.value: arithmetic.total(f.source(source.value) for f in figures) for source in SOURCE_FIELDS
        },
        mobilized=arithmetic.total(f.mobilized for f in figures),
        gap=arithmetic.total(f.gap for f in with_gap),
        gap_percent=arithmetic.gap_percent(
            arithmetic.total(f.requirements for f in with_gap), arithmetic.total(f.mobilized for f in with_gap)
        ),
        shortfall=arithmetic.total(f.shortfall for f in with_gap),
        surplus=arithmetic.total(f.surplus for f in with_gap),
        instruments=sum(1 for f in figures if f.requirements is not None or f.mobilized is not None),
        under_funded=sum(1 for f in with_gap if f.gap > 0),
        over_funded=sum(1 for f in with_gap if f.gap < 0),
    )
