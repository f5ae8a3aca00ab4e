"""What the funding API reads and writes. Amounts are USD with cents, as strings with two decimal
places ("1858000.55"), null where nothing was reported (never 0). Output serializers take the
figures from restrack.funding.figures, so the API shows what the pages show; input serializers
check the shape of a request and name instruments and periods, and the rules (roles, published
periods, the window's balance) are the actions' (restrack.funding.actions)."""

from __future__ import annotations

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from restrack.core.api.fields import IdentityUrlField, TranslatedField
from restrack.funding.actions import parse_amount
from restrack.funding.choices import FundingSource, LedgerMovement
from restrack.funding.models import AMOUNT_FIELDS, FundingRecord, ParagraphFunding, WindowAllocation, WindowContribution
from restrack.registry.filtersets import instrument_named
from restrack.registry.selectors import find_paragraph
from restrack.reporting.filtersets import period_labelled


def money_field(help_text: str, **kwargs) -> serializers.DecimalField:
    """A read-only amount in US dollars, exact to the cent (a string in JSON), null when unknown."""
    return serializers.DecimalField(
        max_digits=20, decimal_places=2, read_only=True, allow_null=True, help_text=help_text, **kwargs
    )


def _django_errors(error: DjangoValidationError) -> serializers.ValidationError:
    return serializers.ValidationError(error.messages)


class InstrumentTitleField(TranslatedField):
    """The title of the item's instrument: every language, or one with `?lang=`."""

    def __init__(self, **kwargs):
        kwargs.setdefault("source", "title")
        kwargs.setdefault(
            "help_text", "The instrument's title: an object with every UN language, or one string with ?lang=."
        )
        super().__init__(**kwargs)

    def get_attribute(self, instance):
        return instance.instrument


# --- funding records -----------------------------------------------------------------------------


class FundingRecordSerializer(serializers.ModelSerializer):
    """One instrument's figures at the end of one period."""

    id = serializers.IntegerField(read_only=True, help_text="The record's id.")
    url = IdentityUrlField(view_name="funding-record-detail", help_text="The record's address.")
    instrument = serializers.CharField(
        source="instrument.reference", read_only=True, help_text="The instrument, as 'resolution 2/6'."
    )
    instrument_id = serializers.IntegerField(read_only=True, help_text="The instrument's id (/api/v1/instruments/).")
    instrument_title = InstrumentTitleField()
    period = serializers.CharField(source="period.label", read_only=True, help_text="The reporting period (2024-H2).")
    period_state = serializers.CharField(
        source="period.state",
        read_only=True,
        help_text="The period's state; figures of a period that is not 'published' are not public yet.",
    )
    mobilized_usd = money_field(
        "Resources mobilized from all sources; null when no source was reported.", source="figures.mobilized"
    )
    gap_usd = money_field(
        "Requirements minus mobilized, signed (negative: a surplus); null when either is unknown.", source="figures.gap"
    )
    shortfall_usd = money_field(
        "The gap when mobilized falls short of the requirements, otherwise 0.00; null when unknown.",
        source="figures.shortfall",
    )
    surplus_usd = money_field(
        "What was mobilized beyond the requirements, otherwise 0.00; null when unknown.", source="figures.surplus"
    )
    gap_percent = serializers.IntegerField(
        source="figures.gap_percent",
        read_only=True,
        allow_null=True,
        help_text="The gap as a whole per cent of the requirements, rounded half-up (negative: a surplus); null "
        "when the gap is unknown or the requirements are zero.",
    )

    class Meta:
        model = FundingRecord
        fields = [
            "id",
            "url",
            "instrument",
            "instrument_id",
            "instrument_title",
            "period",
            "period_state",
            "requirements_usd",
            "mobilized_core_usd",
            "mobilized_earmarked_usd",
            "mobilized_window_usd",
            "mobilized_other_usd",
            "mobilized_usd",
            "gap_usd",
            "shortfall_usd",
            "surplus_usd",
            "gap_percent",
            "note",
            "modified",
            "version",
        ]
        extra_kwargs = {
            "requirements_usd": {"help_text": "Resources implementation requires, since adoption."},
            "mobilized_core_usd": {"help_text": "Mobilized from core (Foundation non-earmarked) resources."},
            "mobilized_earmarked_usd": {"help_text": "Mobilized from earmarked contributions."},
            "mobilized_window_usd": {"help_text": "Mobilized from the Urban Action Funding Window."},
            "mobilized_other_usd": {"help_text": "Mobilized from other sources."},
            "note": {"help_text": "What the figures include or leave out."},
            "modified": {"help_text": "When the figures last changed."},
            "version": {
                "help_text": "Raised by every change of the figures: send it back with a change (POST) so that a "
                "change someone else saved since is not overwritten."
            },
        }


# A JSON number or text ("1,858,000.00" and "$12.5" are read too), described as text: the
# amounts the API answers are text, so that cents are never rounded by a float.
AMOUNT_SCHEMA = {"type": "string", "example": "1858000.55"}


@extend_schema_field(AMOUNT_SCHEMA)
class AmountField(serializers.Field):
    """An amount in USD read by restrack.funding.actions.parse_amount, the importer's rule, so a
    figure the API accepts is one a spreadsheet would give too."""

    default_error_messages = {"invalid": _('Give an amount in USD as a number or text, such as "1858000.55".')}

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (str, int, float)):
            self.fail("invalid")
        try:
            return parse_amount(self.field_name, data)
        except DjangoValidationError as error:
            raise _django_errors(error) from None

    def to_representation(self, value):
        return None if value is None else f"{value:.2f}"


class InstrumentNameField(serializers.CharField):
    """An instrument named as 'resolution 2/6', resolution-2-6, or by its id."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text", "The instrument: 'resolution 2/6' (as imports cite it), resolution-2-6, or its id."
        )
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        name = super().to_internal_value(data)
        self.run_validators(name)  # a NUL character refused before the lookup: PostgreSQL cannot compare it
        try:
            return instrument_named(name)
        except DjangoValidationError as error:
            raise _django_errors(error) from None

    def to_representation(self, value):
        return getattr(value, "reference", value)


def _amount(help_text: str) -> AmountField:
    return AmountField(
        required=False,
        help_text=f"{help_text} USD, at most two decimal places, as text or a number; "
        "null: not reported; omit it to leave the figure as it is.",
    )


class AmountsInput(serializers.Serializer):
    """The amounts a save gives (an instrument's or a paragraph's): each optional, null for not reported."""

    requirements_usd = _amount("Resources implementation requires, since adoption.")
    mobilized_core_usd = _amount("Mobilized from core (Foundation non-earmarked) resources.")
    mobilized_earmarked_usd = _amount("Mobilized from earmarked contributions.")
    mobilized_window_usd = _amount("Mobilized from the Urban Action Funding Window.")
    mobilized_other_usd = _amount("Mobilized from other sources.")


class FundingRecordInputSerializer(AmountsInput):
    """The figures of one instrument for one period: created if there are none yet, updated otherwise."""

    instrument = InstrumentNameField()
    period = serializers.CharField(help_text="The reporting period's label (2024-H2); it must exist already.")
    note = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="What the figures include or leave out; omit it or null to leave the note as it is.",
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the figures change: recorded in their history; required when the period is published.",
    )
    version = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=0,
        help_text="The `version` of the record you read (0: you read none and mean to create it). If the record "
        "was saved since, nothing is saved and the answer is 409 saying who changed what. Omit it (or null) to "
        "apply the figures to the record as it is, created or not.",
    )

    def validate_period(self, value):
        try:
            return period_labelled(value)
        except DjangoValidationError as error:
            raise _django_errors(error) from None


# --- summary -------------------------------------------------------------------------------------

SOURCES = ", ".join(FundingSource.values)


class FundingSummarySerializer(serializers.Serializer):
    """Totals of one period's records that equal the sums of their columns to the cent. Takes
    {"period": ReportingPeriod, "summary": FundingSummary, "records": int}."""

    period = serializers.CharField(source="period.label", help_text="The reporting period summed (2024-H2).")
    period_state = serializers.CharField(
        source="period.state", help_text="The period's state: only 'published' figures are public."
    )
    records = serializers.IntegerField(help_text="How many instruments' records were summed.")
    requirements = money_field("The sum of the requirements reported.", source="summary.requirements")
    mobilized = money_field("The sum of what was mobilized, all sources.", source="summary.mobilized")
    mobilized_by_source = serializers.DictField(
        source="summary.mobilized_by_source",
        child=serializers.DecimalField(max_digits=20, decimal_places=2, allow_null=True),
        help_text=f"The sum mobilized from each source ({SOURCES}); null for a source nobody reported.",
    )
    source_shares = serializers.DictField(
        source="summary.source_shares",
        child=serializers.IntegerField(allow_null=True),
        help_text="Each source's share of what was mobilized, in whole per cent rounded half-up (the shares may "
        "add up to 99 or 101).",
    )
    gap = money_field(
        "The sum of the instruments' gaps (a surplus offsets a shortfall), signed; only instruments "
        "with both requirements and resources mobilized count.",
        source="summary.gap",
    )
    shortfall = money_field("The sum of the under-funded instruments' shortfalls.", source="summary.shortfall")
    surplus = money_field("The sum of the over-funded instruments' surpluses.", source="summary.surplus")
    gap_percent = serializers.IntegerField(
        source="summary.gap_percent",
        allow_null=True,
        help_text="The gap as a whole per cent of the requirements of the same instruments, rounded half-up.",
    )
    instruments = serializers.IntegerField(
        source="summary.instruments", help_text="Instruments with requirements or resources reported."
    )
    under_funded = serializers.IntegerField(
        source="summary.under_funded", help_text="Instruments whose resources fall short of the requirements."
    )
    over_funded = serializers.IntegerField(
        source="summary.over_funded", help_text="Instruments with resources beyond the requirements."
    )


# --- the Urban Action Funding Window -------------------------------------------------------------


class ContributionSerializer(serializers.ModelSerializer):
    """A contribution as the API shows it and as POST takes it (one serializer, so the schema
    names its `kind` once: ContributionKindEnum beside the instruments' kind)."""

    id = serializers.IntegerField(read_only=True, help_text="The contribution's id.")
    url = IdentityUrlField(view_name="funding-window-contribution-detail", help_text="The contribution's address.")
    amount = AmountField(allow_null=False, help_text="The amount received, in `currency`.")
    amount_usd = AmountField(
        required=False,
        allow_null=False,
        help_text="Its value in USD on the day received: what the window's balance counts. May "
        "be omitted for a contribution in USD.",
    )
    # Checked by the action after it upper-cases the code, so that "sek" is read as SEK.
    currency = serializers.CharField(
        required=False, max_length=3, help_text="ISO 4217 code (USD, EUR, SEK); USD when omitted."
    )
    kind_label = serializers.CharField(
        source="get_kind_display", read_only=True, help_text="The kind in the request's language."
    )

    class Meta:
        model = WindowContribution
        fields = [
            "id",
            "url",
            "donor",
            "received_on",
            "amount",
            "currency",
            "amount_usd",
            "kind",
            "kind_label",
            "agreement_reference",
            "note",
            "modified",
        ]
        extra_kwargs = {
            "donor": {"help_text": "Who gave the money (Government of Norway)."},
            "received_on": {"help_text": "The day the window received it (YYYY-MM-DD)."},
            "kind": {
                "help_text": "'new': a new contribution; 'transfer': the balance of a finished project moved "
                "into the window under a donor agreement."
            },
            "agreement_reference": {"help_text": "The donor agreement that allows a transfer (required for one)."},
            "note": {"help_text": "Anything worth knowing about the contribution."},
            "modified": {"help_text": "When it was last recorded or corrected."},
        }


class AllocationSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(read_only=True, help_text="The allocation's id.")
    url = IdentityUrlField(view_name="funding-window-allocation-detail", help_text="The allocation's address.")
    instrument = serializers.CharField(
        source="instrument.reference", read_only=True, help_text="The instrument funded, as 'resolution 2/6'."
    )
    instrument_id = serializers.IntegerField(read_only=True, help_text="The instrument's id (/api/v1/instruments/).")
    instrument_title = InstrumentTitleField()
    paragraph = serializers.CharField(
        source="paragraph.number",
        read_only=True,
        allow_null=True,
        default=None,
        help_text="The operative paragraph (mandate) funded, as 4(a); null: the instrument as a whole.",
    )

    class Meta:
        model = WindowAllocation
        fields = [
            "id",
            "url",
            "instrument",
            "instrument_id",
            "instrument_title",
            "paragraph",
            "allocated_on",
            "amount_usd",
            "purpose",
            "modified",
        ]
        extra_kwargs = {
            "allocated_on": {"help_text": "The day of the allocation."},
            "amount_usd": {"help_text": "The amount allocated, in USD."},
            "purpose": {"help_text": "What the money is for."},
            "modified": {"help_text": "When it was last recorded or corrected."},
        }


def _paragraph_named(instrument, number: str):
    """The instrument's operative paragraph `number`, or the refusal as the API gives it."""
    try:
        return find_paragraph(instrument, number)
    except DjangoValidationError as error:
        raise serializers.ValidationError({"paragraph": error.messages}) from None


class AllocationInputSerializer(serializers.Serializer):
    instrument = InstrumentNameField()
    paragraph = serializers.CharField(
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="One of the instrument's operative paragraphs (4, 4(a)) when the money is for that mandate; "
        "leave it out for the instrument as a whole.",
    )
    allocated_on = serializers.DateField(help_text="The day of the allocation (YYYY-MM-DD).")
    amount_usd = AmountField(
        allow_null=False, help_text="The amount allocated, in USD; at most what the window can spare on that day."
    )
    purpose = serializers.CharField(required=False, allow_blank=True, help_text="What the money is for.")

    def validate(self, data):
        if data.get("paragraph"):
            data["paragraph"] = _paragraph_named(data["instrument"], data["paragraph"])
        else:
            data.pop("paragraph", None)
        return data


class LedgerLineSerializer(serializers.Serializer):
    day = serializers.DateField(help_text="The contribution's or the allocation's date.")
    movement = serializers.ChoiceField(
        choices=LedgerMovement.choices, help_text="'contribution': money received; 'allocation': money allocated."
    )
    amount_usd = serializers.DecimalField(
        max_digits=20, decimal_places=2, help_text="Positive for a contribution, negative for an allocation."
    )
    balance_usd = serializers.DecimalField(
        max_digits=20, decimal_places=2, help_text="The window's balance after this line."
    )
    description = serializers.CharField(help_text="The donor, or the instrument funded and the purpose.")
    contribution = serializers.IntegerField(
        allow_null=True, help_text="The contribution's id (null for an allocation)."
    )
    allocation = serializers.IntegerField(allow_null=True, help_text="The allocation's id (null for a contribution).")


class LedgerSerializer(serializers.Serializer):
    as_of = serializers.DateField(help_text="Today: the date of balance_usd and allocatable_usd.")
    balance_usd = serializers.DecimalField(max_digits=20, decimal_places=2, help_text="What the window holds today.")
    allocatable_usd = serializers.DecimalField(
        max_digits=20,
        decimal_places=2,
        help_text="The most that can be allocated today without overdrawing the window then or at a later "
        "allocation already recorded.",
    )
    lines = LedgerLineSerializer(
        many=True,
        help_text="Every contribution and allocation in date order (money "
        "received counts before money allocated on the same day).",
    )


# --- per operative paragraph ----------------------------------------------------------------------


_USD = serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True)


def _usd(amount):
    """An amount as the other amounts are written (a string with two decimals), or None."""
    return None if amount is None else _USD.to_representation(amount)


class ParagraphFundingSerializer(serializers.ModelSerializer):
    instrument = serializers.SlugRelatedField(
        source="paragraph.instrument", slug_field="slug", read_only=True, help_text="The instrument (resolution-2-6)."
    )
    paragraph = serializers.CharField(source="paragraph.number", read_only=True, help_text="Its number: 4(a).")
    period = serializers.CharField(source="period.label", read_only=True, help_text="The reporting period (2024-H2).")
    mobilized_usd = serializers.SerializerMethodField(help_text="Mobilized from every source; null when none is known.")
    gap_usd = serializers.SerializerMethodField(
        help_text="Requirements minus mobilized (negative: a surplus); null when either is unknown."
    )
    gap_percent = serializers.SerializerMethodField(help_text="The gap as a whole per cent of requirements.")

    class Meta:
        model = ParagraphFunding
        fields = [
            "instrument",
            "paragraph",
            "period",
            *AMOUNT_FIELDS,
            "mobilized_usd",
            "gap_usd",
            "gap_percent",
            "note",
        ]
        extra_kwargs = {
            **{name: {"help_text": "USD; null when not reported (never 0)."} for name in AMOUNT_FIELDS},
            "note": {"help_text": "What the figures include or leave out."},
        }

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True))
    def get_mobilized_usd(self, record):
        return _usd(record.figures.mobilized)

    @extend_schema_field(serializers.DecimalField(max_digits=16, decimal_places=2, allow_null=True))
    def get_gap_usd(self, record):
        return _usd(record.figures.gap)

    @extend_schema_field(serializers.IntegerField(allow_null=True))
    def get_gap_percent(self, record):
        return record.figures.gap_percent


class ParagraphFundingInputSerializer(AmountsInput):
    """The figures of one operative paragraph for one period; the instrument's become their sum."""

    instrument = InstrumentNameField()
    paragraph = serializers.CharField(help_text="The operative paragraph's number (4, 4(a)); it must exist.")
    period = serializers.CharField(help_text="The reporting period's label (2024-H2); it must exist already.")
    note = serializers.CharField(
        required=False, allow_blank=True, allow_null=True, help_text="What the figures include."
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        default="",
        help_text="Why the figures change; required when the period is published.",
    )

    def validate_period(self, value):
        try:
            return period_labelled(value)
        except DjangoValidationError as error:
            raise _django_errors(error) from None

    def validate(self, data):
        data["paragraph"] = _paragraph_named(data["instrument"], data["paragraph"])
        return data
