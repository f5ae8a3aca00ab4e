"""Writes to funding figures: validated, atomic, recorded with the acting user."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.core.actions import atomic_action
from restrack.core.recording import save_recorded
from restrack.funding.models import AMOUNT_FIELDS, FundingRecord
from restrack.registry.models import Instrument
from restrack.reporting.models import ReportingPeriod


def _amount(field: str, value) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        amount = Decimal(str(value).replace(",", "").strip())
    except InvalidOperation:
        raise ValidationError({field: _("%(value)r is not an amount in USD.") % {"value": value}}) from None
    if not amount.is_finite():
        raise ValidationError({field: _("%(value)r is not an amount in USD.") % {"value": value}})
    return amount.quantize(Decimal("0.01"))


@atomic_action
def record_funding(
    instrument: Instrument, period: ReportingPeriod, *, acting_user, note: str = "", reason: str = "", **amounts
) -> FundingRecord:
    """Create or update the funding figures of `instrument` for `period`.

    Amounts are given as `requirements_usd=`, `mobilized_core_usd=`, ...; None means not reported.
    """
    unknown = sorted(set(amounts) - set(AMOUNT_FIELDS))
    if unknown:
        raise ValidationError(_("Unknown amount(s) %(fields)s; use %(known)s.") % {"fields": unknown, "known": list(AMOUNT_FIELDS)})
    record = FundingRecord.objects.filter(instrument=instrument, period=period).first()
    record = record or FundingRecord(instrument=instrument, period=period)
    for field, value in amounts.items():
        setattr(record, field, _amount(field, value))
    if note:
        record.note = note
    return save_recorded(record, acting_user=acting_user, reason=reason or "Funding figures recorded")
