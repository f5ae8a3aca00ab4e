"""Funding per instrument and reporting period: what implementation requires and what has been
mobilized, by source; and the books of the Urban Action Funding Window. Amounts are exact USD;
an amount nobody reported is None, never 0.

A period's figures are the position at the end of that period (requirements and resources
mobilized since adoption), as on UN-Habitat's tracker page; comparing periods shows the trend."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from restrack.core.concurrency import Versioned
from restrack.core.models import TimeStampedModel
from restrack.funding.choices import ContributionKind, FundingBand
from restrack.funding.figures import FundingFigures
from restrack.registry.choices import InstrumentKind
from restrack.registry.models import GoverningBody, Instrument, OperativeParagraph, Session, instrument_order_key
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


# A record's figures stored beside its amounts, so that the public pages sort, rank, filter and
# count by them with an index (restrack.funding.aggregates names them so).
STORED_FIGURES = ("requirements_cents", "mobilized_cents", "gap_cents", "gap_percent_value", "funding_band")


def whole_cents(amount: Decimal | None) -> int | None:
    """An amount in whole cents, rounded as the database's ROUND(amount × 100) rounds."""
    return None if amount is None else int((amount * 100).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


class FundingAmounts(models.Model):
    """What a record of funding figures holds (AMOUNT_FIELDS): exact USD, None when not reported."""

    requirements_usd = _amount_field(_("resource requirements (USD)"))
    mobilized_core_usd = _amount_field(_("mobilized: core (USD)"))
    mobilized_earmarked_usd = _amount_field(_("mobilized: earmarked (USD)"))
    mobilized_window_usd = _amount_field(_("mobilized: Urban Action Funding Window (USD)"))
    mobilized_other_usd = _amount_field(_("mobilized: other (USD)"))

    class Meta:
        abstract = True


class FundingRecord(FundingAmounts, Versioned, TimeStampedModel):
    """One instrument's figures at the end of one period. The amounts are what was reported; the
    figures derived from them (requirements and mobilized in whole cents, the signed gap, the gap %
    and the funding band, STORED_FIGURES) are stored too, written by save() from the amounts (and
    by restrack.funding.aggregates.fill_stored_figures after bulk loads), so that a ranking by gap
    is a walk down an index of the period's records instead of computing every record's gap. So is
    its instrument's place in the report order (`instrument_order`, instrument_order_key), kept
    current when an instrument or session changes (restrack.funding.actions), so the period's
    records in report order are an index walk too."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="funding_records", verbose_name=_("instrument")
    )
    period = models.ForeignKey(
        ReportingPeriod,
        on_delete=models.PROTECT,
        related_name="funding_records",
        verbose_name=_("period"),
    )
    note = models.TextField(_("note"), blank=True)
    # Derived from the amounts (see the class's docstring); never edited.
    requirements_cents = models.BigIntegerField(_("requirements (US cents)"), null=True, blank=True, editable=False)
    mobilized_cents = models.BigIntegerField(_("mobilized (US cents)"), null=True, blank=True, editable=False)
    gap_cents = models.BigIntegerField(_("gap (US cents)"), null=True, blank=True, editable=False)
    instrument_order = models.CharField(_("report order"), max_length=40, blank=True, editable=False)
    # Big: a surplus over a tiny requirement is a percentage far beyond what an integer holds.
    gap_percent_value = models.BigIntegerField(_("gap %"), null=True, blank=True, editable=False)
    funding_band = models.CharField(  # noqa: DJ001 (NULL: nothing reported, as the SQL computes it)
        _("funding band"), max_length=20, choices=FundingBand.choices, null=True, blank=True, editable=False
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding record")
        verbose_name_plural = _("funding records")
        # Newest period first, then the report order (instrument_order sorts as Instrument's
        # ordering does, without joining the instrument and its session: an index walk).
        ordering = ["-period__start_date", "instrument_order", "pk"]
        indexes = [
            # The public funding page's rankings and sorted tables of one period: an index walk.
            models.Index(fields=["period", "instrument_order"], name="funding_record_period_order"),
            models.Index(fields=["period", "gap_cents"], name="funding_record_period_gap"),
            models.Index(fields=["period", "gap_percent_value"], name="funding_record_period_gap_pct"),
            models.Index(fields=["period", "requirements_cents"], name="funding_record_period_req"),
            models.Index(fields=["period", "mobilized_cents"], name="funding_record_period_mob"),
            # The notes on a period's figures: only the few records with one are in the index.
            models.Index(fields=["period"], condition=~Q(note=""), name="funding_record_period_noted"),
        ]
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

    def save(self, *args, **kwargs):
        for name in AMOUNT_FIELDS:  # an amount given as text or a number: as the column holds it
            setattr(self, name, self._meta.get_field(name).to_python(getattr(self, name)))
        for name, value in self.stored_figures().items():
            setattr(self, name, value)
        self.instrument_order = (
            Instrument.objects.filter(pk=self.instrument_id).values_list(instrument_order_key(), flat=True).first()
            or ""
        )
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, *STORED_FIGURES, "instrument_order"}
        super().save(*args, **kwargs)

    @property
    def figures(self) -> FundingFigures:
        return FundingFigures.from_record(self)

    def stored_figures(self) -> dict[str, object]:
        """STORED_FIGURES as the amounts make them now."""
        figures = self.figures
        return {
            "requirements_cents": whole_cents(figures.requirements),
            "mobilized_cents": whole_cents(figures.mobilized),
            "gap_cents": whole_cents(figures.gap),
            "gap_percent_value": figures.gap_percent,
            "funding_band": figures.band,
        }

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


class ParagraphFunding(FundingAmounts, Versioned, TimeStampedModel):
    """One operative paragraph's figures at the end of one period: the money of a mandate. Where a
    period's figures are given per paragraph, the instrument's FundingRecord of that period is their
    sum (restrack.funding.actions.record_paragraph_funding keeps it so), and every total of the
    tracker goes on reading the instrument's record."""

    paragraph = models.ForeignKey(
        OperativeParagraph, on_delete=models.PROTECT, related_name="funding_records", verbose_name=_("paragraph")
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.PROTECT, related_name="paragraph_funding", verbose_name=_("period")
    )
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("funding figures of a paragraph")
        verbose_name_plural = _("funding figures of paragraphs")
        constraints = [
            models.UniqueConstraint(fields=["paragraph", "period"], name="paragraph_funding_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.paragraph}, {self.period}"

    @property
    def figures(self) -> FundingFigures:
        return FundingFigures.from_record(self, period_label=self.period.label)


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


class WindowContribution(Versioned, TimeStampedModel):
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


class WindowAllocation(Versioned, TimeStampedModel):
    """Money the window gives to the implementation of an instrument, or of one of its operative
    paragraphs (a mandate): `paragraph`, when given, belongs to `instrument`, and the allocation
    counts in the instrument's totals as any other."""

    window = models.ForeignKey(
        FundingWindow, on_delete=models.PROTECT, related_name="allocations", verbose_name=_("window")
    )
    instrument = models.ForeignKey(
        Instrument, on_delete=models.PROTECT, related_name="window_allocations", verbose_name=_("instrument")
    )
    paragraph = models.ForeignKey(
        OperativeParagraph,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="window_allocations",
        verbose_name=_("operative paragraph"),
        help_text=_("The mandate the money is for; empty: the instrument as a whole."),
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
        paragraph = f" OP {self.paragraph.number}" if self.paragraph_id else ""
        return f"{self.instrument}{paragraph}, {self.allocated_on}: USD {self.amount_usd}"

    def clean(self):
        if self.paragraph_id and self.instrument_id and self.paragraph.instrument_id != self.instrument_id:
            raise ValidationError(
                {
                    "paragraph": _("OP %(number)s is not a paragraph of %(instrument)s.")
                    % {"number": self.paragraph.number, "instrument": self.instrument.reference}
                }
            )
