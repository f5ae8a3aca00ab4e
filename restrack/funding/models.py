"""Funding per instrument and reporting period: what implementation requires and what has been
mobilized, by source; and the books of the Urban Action Funding Window. Amounts are exact USD;
an amount nobody reported is None, never 0.

A period's figures are the position at the end of that period (requirements and resources
mobilized since adoption), as on UN-Habitat's tracker page; comparing periods shows the trend."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from restrack.core.models import TimeStampedModel
from restrack.funding.choices import ContributionKind, FundingBand
from restrack.funding.figures import FundingFigures
from restrack.registry.choices import InstrumentKind
from restrack.registry.models import GoverningBody, Instrument, Session
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
                violation_error_message=_("This instrument already has funding figures for this period."),
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


def _cents_field(verbose_name):
    return models.BigIntegerField(verbose_name, null=True, blank=True)


class FundingSummaryRow(models.Model):
    """The funding figures of one period added up per group of instruments: body, session, kind
    and funding band (restrack.funding.aggregates). Derived from the FundingRecords and kept
    current, in the same transaction, by the funding actions that write them and by any change of
    an instrument's body, session or kind (restrack.funding.actions); `restrack
    rebuild-funding-summary` rewrites it from the records. Every period is summed, published or
    not: who may read a row is the policy's rule for funding records (their period's state), so
    publishing a period changes no row.

    Sums are whole cents, NULL when no record of the group reported that amount (unknown is not
    zero); `band` is empty for records with no figure at all. The public funding page reads a few
    hundred of these rows instead of tens of thousands of records."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("period"))
    body = models.ForeignKey(GoverningBody, on_delete=models.CASCADE, related_name="+", verbose_name=_("body"))
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="+", verbose_name=_("session"))
    kind = models.CharField(_("kind"), max_length=20, choices=InstrumentKind.choices)
    band = models.CharField(_("funding band"), max_length=20, choices=FundingBand.choices, blank=True)
    records = models.PositiveIntegerField(_("records"), default=0)
    instruments = models.PositiveIntegerField(_("instruments with figures"), default=0)
    under_funded = models.PositiveIntegerField(_("under-funded"), default=0)
    over_funded = models.PositiveIntegerField(_("over-funded"), default=0)
    gap_unknown = models.PositiveIntegerField(_("gap unknown"), default=0)
    requirements_cents = _cents_field(_("requirements (US cents)"))
    core_cents = _cents_field(_("mobilized: core (US cents)"))
    earmarked_cents = _cents_field(_("mobilized: earmarked (US cents)"))
    window_cents = _cents_field(_("mobilized: window (US cents)"))
    other_cents = _cents_field(_("mobilized: other (US cents)"))
    mobilized_cents = _cents_field(_("mobilized (US cents)"))
    gap_cents = _cents_field(_("gap (US cents)"))
    requirements_with_gap_cents = _cents_field(_("requirements where the gap is known (US cents)"))
    mobilized_with_gap_cents = _cents_field(_("mobilized where the gap is known (US cents)"))
    shortfall_cents = _cents_field(_("shortfall (US cents)"))
    surplus_cents = _cents_field(_("surplus (US cents)"))

    class Meta:
        verbose_name = _("funding summary row")
        verbose_name_plural = _("funding summary rows")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "session", "body", "kind", "band"], name="funding_summary_one_row_per_group"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period_id} {self.body_id} {self.session_id} {self.kind} {self.band or '-'}"


def _positive_amount_field(verbose_name):
    return models.DecimalField(
        verbose_name, max_digits=16, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )


class FundingWindow(TimeStampedModel):
    """A pooled fund that allocates money to under-funded mandates. There is one, the Urban Action
    Funding Window (resolution 2/10, terms of reference approved by Board decision 2023/6); its
    row is also what serialises changes to its books, so two allocations never both spend the
    same balance."""

    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=200)
    established_by = models.CharField(_("established by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("funding window")
        verbose_name_plural = _("funding windows")

    def __str__(self) -> str:
        return self.name


class WindowContribution(TimeStampedModel):
    """Money received by the window: a new contribution, or the balance of a finished project that
    a donor agreement allows to be transferred into it. `amount_usd` is the USD value at `received_on`
    and is what the window's balance counts."""

    window = models.ForeignKey(
        FundingWindow, on_delete=models.PROTECT, related_name="contributions", verbose_name=_("window")
    )
    donor = models.CharField(_("donor"), max_length=200)
    received_on = models.DateField(_("received on"))
    amount = _positive_amount_field(_("amount"))
    currency = models.CharField(
        _("currency"),
        max_length=3,
        default="USD",
        validators=[
            RegexValidator(
                r"^[A-Z]{3}$", _("Write the currency as its three-letter ISO 4217 code, such as USD or EUR.")
            )
        ],
    )
    amount_usd = _positive_amount_field(_("value in USD at that date"))
    kind = models.CharField(_("kind"), max_length=20, choices=ContributionKind.choices, default=ContributionKind.NEW)
    agreement_reference = models.CharField(_("donor agreement reference"), max_length=100, blank=True)
    note = models.TextField(_("note"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("window contribution")
        verbose_name_plural = _("window contributions")
        ordering = ["received_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount__gt=0) & Q(amount_usd__gt=0),
                name="window_contribution_positive",
                violation_error_message=_("Contributions are positive amounts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.donor}, {self.received_on}: {self.currency} {self.amount}"

    def clean(self):
        errors = {}
        if (
            self.currency == "USD"
            and self.amount is not None
            and self.amount_usd is not None
            and self.amount != self.amount_usd
        ):
            errors["amount_usd"] = _("A contribution in USD is worth its amount: %(amount)s.") % {"amount": self.amount}
        if self.kind == ContributionKind.TRANSFER and not self.agreement_reference.strip():
            errors["agreement_reference"] = _(
                "A transfer of a project balance needs the reference of the donor agreement that allows it."
            )
        if errors:
            raise ValidationError(errors)


class WindowAllocation(TimeStampedModel):
    """Money the window gives to the implementation of an instrument."""

    window = models.ForeignKey(
        FundingWindow, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("window")
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="window_allocations", verbose_name=_("instrument")
    )
    allocated_on = models.DateField(_("allocated on"))
    amount_usd = _positive_amount_field(_("amount (USD)"))
    purpose = models.TextField(_("purpose"), blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("window allocation")
        verbose_name_plural = _("window allocations")
        ordering = ["allocated_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(amount_usd__gt=0),
                name="window_allocation_positive",
                violation_error_message=_("Allocations are positive amounts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.instrument}, {self.allocated_on}: USD {self.amount_usd}"
