"""Dates stated to a day, a month, a quarter or a year ("by the fourth quarter of 2024").

A partial date is kept as the last day of the window it names plus its precision, so that
"overdue" is a plain comparison with today and the original precision can still be shown.
Text forms are the ones the API and imports use: 2024-10-28, 2024-12, 2024-Q4, 2024.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

PARTIAL_DATE_RE = re.compile(r"^(?P<year>\d{4})(?:-(?:(?P<quarter>Q[1-4])|(?P<month>\d{2})(?:-(?P<day>\d{2}))?))?$")


class DatePrecision(models.TextChoices):
    DAY = "day", _("day")
    MONTH = "month", _("month")
    QUARTER = "quarter", _("quarter")
    YEAR = "year", _("year")


@dataclass(frozen=True)
class PartialDate:
    end: date
    precision: str

    def __str__(self) -> str:
        if self.precision == DatePrecision.DAY:
            return self.end.isoformat()
        if self.precision == DatePrecision.MONTH:
            return f"{self.end.year}-{self.end.month:02d}"
        if self.precision == DatePrecision.QUARTER:
            return f"{self.end.year}-Q{(self.end.month - 1) // 3 + 1}"
        return str(self.end.year)

    @property
    def start(self) -> date:
        if self.precision == DatePrecision.DAY:
            return self.end
        if self.precision == DatePrecision.MONTH:
            return self.end.replace(day=1)
        if self.precision == DatePrecision.QUARTER:
            return date(self.end.year, self.end.month - 2, 1)
        return date(self.end.year, 1, 1)


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def parse_partial_date(text: str) -> PartialDate:
    match = PARTIAL_DATE_RE.match((text or "").strip())
    try:
        if not match:
            raise ValueError
        year = int(match["year"])
        if match["quarter"]:
            return PartialDate(_month_end(year, int(match["quarter"][1]) * 3), DatePrecision.QUARTER)
        if match["day"]:
            return PartialDate(date(year, int(match["month"]), int(match["day"])), DatePrecision.DAY)
        if match["month"]:
            return PartialDate(_month_end(year, int(match["month"])), DatePrecision.MONTH)
        return PartialDate(date(year, 12, 31), DatePrecision.YEAR)
    except ValueError:
        raise ValidationError(
            _(
                "%(value)r is not a date: use YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY "
                "(for example 2024-10-28, 2024-12, 2024-Q4, 2024)."
            ),
            code="invalid_partial_date",
            params={"value": text},
        ) from None
