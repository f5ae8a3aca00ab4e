"""Six-monthly reporting period labels: 2024-H1 is January to June 2024, 2024-H2 July to December."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PERIOD_LABEL_RE = re.compile(r"^(?P<year>\d{4})-H(?P<half>[12])$")


@dataclass(frozen=True)
class PeriodLabel:
    year: int
    half: int

    def __str__(self) -> str:
        return f"{self.year}-H{self.half}"

    @property
    def start(self) -> date:
        return date(self.year, 1 if self.half == 1 else 7, 1)

    @property
    def end(self) -> date:
        return date(self.year, 6, 30) if self.half == 1 else date(self.year, 12, 31)

    def next(self) -> PeriodLabel:
        return PeriodLabel(self.year, 2) if self.half == 1 else PeriodLabel(self.year + 1, 1)

    @classmethod
    def containing(cls, day: date) -> PeriodLabel:
        return cls(day.year, 1 if day.month <= 6 else 2)


def parse_period_label(text: str) -> PeriodLabel:
    match = PERIOD_LABEL_RE.match((text or "").strip().upper())
    if not match or not 1900 < int(match["year"]) < 2200:
        raise ValidationError(
            _(
                "%(value)r is not a reporting period: write the year and the half, "
                "for example 2024-H1 (January to June) or 2024-H2 (July to December)."
            ),
            code="invalid_period_label",
            params={"value": text},
        )
    return PeriodLabel(int(match["year"]), int(match["half"]))
