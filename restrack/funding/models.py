"""Funding per instrument and reporting period: what implementation requires and what has been
mobilized, by source. Amounts are exact USD; an amount nobody reported is None, never 0."""

from __future__ import annotations

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from restrack.core.models import TimeStampedModel
from restrack.funding.figures import FundingFigures
from restrack.registry.models import Instrument
from restrack.reporting.models import ReportingPeriod

AMOUNT_FIELDS = (
    "requirements_usd",
    "mobilized_core_usd",
    "mobilized_earmarked_usd",
    "mobilized_window_usd",
    "mobilized_other_usd",
)


def _amount_field(verbose_name):
    return models.DecimalField(
        verbose_name,
        max_digits=16,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )


class FundingRecord(TimeStampedModel):
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="funding_records", verbose_name=_("instrument")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="funding_records",
        verbose_name=_("period"),
    )
    requirements_usd = _amount_field(_("resource requirements (USD)"))
    mobilized_core_usd = _amount_field(_("mobilized: core (USD)"))
    mobilized_earmarked_usd = _amount_field(_("mobilized: earmarked (USD)"))
    mobilized_window_usd = _amount_field(_("mobilized: Urban Action Funding Window (USD)"))
    mobilized_other_usd = _amount_field(_("mobilized: other (USD)"))
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding record")
        verbose_name_plural = _("funding records")
        ordering = ["-period__start_date", "instrument"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "period"],
                name="funding_record_one_per_instrument_and_period",
                violation_error_message=_(
                    "This instrument already has funding figures for this period."
                ),
            ),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 0}),
                    name=f"funding_record_{field}_not_negative",
                    violation_error_message=_("Amounts cannot be negative."),
                )
                for field in AMOUNT_FIELDS
            ],
        ]

    def __str__(self) -> str:
        return f"{self.instrument} — {self.period}"

    @property
    def figures(self) -> FundingFigures:
        return FundingFigures.from_record(self)

    @property
    def mobilized_usd(self) -> Decimal | None:
        return self.figures.mobilized

    @property
    def gap_usd(self) -> Decimal | None:
        return self.figures.gap

    @property
    def gap_percent(self) -> int | None:
        return self.figures.gap_percent
