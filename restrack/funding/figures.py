"""Funding figures of one instrument in one period, or a sum of them: what pages show and what
FundingRecord computes its gap from. None where nothing was reported, never 0."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from restrack.funding import arithmetic


@dataclass
class FundingFigures:
    requirements: Decimal | None = None
    mobilized_by_source: dict[str, Decimal | None] = field(default_factory=dict)
    period: str | None = None

    @property
    def mobilized(self) -> Decimal | None:
        return arithmetic.total(self.mobilized_by_source.values())

    @property
    def gap(self) -> Decimal | None:
        return arithmetic.gap(self.requirements, self.mobilized)

    @property
    def gap_percent(self) -> int | None:
        return arithmetic.gap_percent(self.requirements, self.mobilized)

    @classmethod
    def from_record(cls, record, *, period_label: str | None = None) -> FundingFigures:
        return cls(record.requirements_usd, {
            "core": record.mobilized_core_usd, "earmarked": record.mobilized_earmarked_usd,
            "window": record.mobilized_window_usd, "other": record.mobilized_other_usd,
        }, period_label)
