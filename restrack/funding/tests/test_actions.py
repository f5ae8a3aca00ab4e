"""Recording funding figures: exact amounts, unknown kept unknown, clear refusals, history."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from restrack.funding.actions import record_funding
from restrack.funding.models import FundingRecord
from restrack.registry.models import Instrument
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument():
    return Instrument.objects.get(kind="resolution", number="2/10")


def test_figures_are_exact_and_the_gap_is_computed(user, instrument):
    record = record_funding(
        instrument, ReportingPeriodFactory(), requirements_usd="1,858,000.00",
        mobilized_core_usd="100000.10", mobilized_window_usd=Decimal("757999.90"), acting_user=user,
    )
    record.refresh_from_db()
    assert record.requirements_usd == Decimal("1858000.00")
    assert record.mobilized_usd == Decimal("858000.00")
    assert record.gap_usd == Decimal("1000000.00")
    assert record.gap_percent == 54
    assert record.mobilized_earmarked_usd is None


def test_nothing_reported_stays_unknown(user, instrument):
    record = record_funding(instrument, ReportingPeriodFactory(), acting_user=user)
    assert (record.requirements_usd, record.mobilized_usd, record.gap_usd, record.gap_percent) == (None, None, None, None)


def test_recording_again_updates_the_same_record_with_history(user, instrument):
    period = ReportingPeriodFactory()
    record_funding(instrument, period, requirements_usd=100, acting_user=user)
    record = record_funding(instrument, period, requirements_usd=120, acting_user=user, reason="Revised budget")
    assert FundingRecord.objects.count() == 1
    latest, first = record.history.all()
    assert (first.requirements_usd, latest.requirements_usd) == (Decimal("100.00"), Decimal("120.00"))
    assert latest.history_user == user and latest.history_change_reason == "Revised budget"


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ({"requirements_usd": "-5"}, "Ensure this value is greater than or equal to 0"),
        ({"mobilized_core_usd": "ten"}, "'ten' is not an amount in USD"),
        ({"mobilized_core_usd": "NaN"}, "'NaN' is not an amount in USD"),
        ({"pledged_usd": "5"}, "Unknown amount(s) ['pledged_usd']"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(user, instrument, amounts, message):
    with pytest.raises(ValidationError) as caught:
        record_funding(instrument, ReportingPeriodFactory(), acting_user=user, **amounts)
    assert any(message in text for text in caught.value.messages)
    assert not FundingRecord.objects.exists()
