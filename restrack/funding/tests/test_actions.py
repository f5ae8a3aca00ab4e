"""Recording funding figures: exact amounts, unknown kept unknown, clear refusals, history, and
several rows at once that are all written or none."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.actions import FundingRow, FundingSheetError, record_funding, record_funding_sheet
from restrack.funding.models import FundingRecord
from restrack.registry.models import Instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument():
    return Instrument.objects.get(kind="resolution", number="2/10")


def test_figures_are_exact_and_the_gap_is_computed(finance_officer, instrument):
    record = record_funding(
        instrument,
        ReportingPeriodFactory(),
        requirements_usd="1,858,000.00",
        mobilized_core_usd="100000.10",
        mobilized_window_usd=Decimal("757999.90"),
        acting_user=finance_officer,
    )
    record.refresh_from_db()
    assert record.requirements_usd == Decimal("1858000.00")
    assert record.mobilized_usd == Decimal("858000.00")
    assert record.gap_usd == Decimal("1000000.00")
    assert record.gap_percent == 54
    assert record.mobilized_earmarked_usd is None


def test_nothing_reported_stays_unknown(finance_officer, instrument):
    record = record_funding(instrument, ReportingPeriodFactory(), acting_user=finance_officer)
    assert (record.requirements_usd, record.mobilized_usd, record.gap_usd, record.gap_percent) == (
        None,
        None,
        None,
        None,
    )


def test_recording_again_updates_the_same_record_with_history(finance_officer, instrument):
    period = ReportingPeriodFactory()
    record_funding(instrument, period, requirements_usd=100, acting_user=finance_officer)
    record = record_funding(
        instrument, period, requirements_usd=120, acting_user=finance_officer, reason="Revised budget"
    )
    assert FundingRecord.objects.count() == 1
    latest, first = record.history.all()
    assert (first.requirements_usd, latest.requirements_usd) == (Decimal("100.00"), Decimal("120.00"))
    assert latest.history_user == finance_officer and latest.history_change_reason == "Revised budget"


def test_recording_the_same_figures_again_writes_no_history(finance_officer, instrument):
    period = ReportingPeriodFactory()
    record_funding(instrument, period, requirements_usd="100", note="Budget", acting_user=finance_officer)
    record = record_funding(instrument, period, requirements_usd="100.00", note="Budget", acting_user=finance_officer)
    assert record.history.count() == 1


def test_a_published_periods_figures_change_only_with_a_reason(finance_officer, instrument):
    period = ReportingPeriodFactory(state=PeriodState.PUBLISHED)
    with pytest.raises(ValidationError, match="The figures of 2024-H2 are public; say why"):
        record_funding(instrument, period, requirements_usd="100", acting_user=finance_officer)
    record = record_funding(
        instrument, period, requirements_usd="100", acting_user=finance_officer, reason="Certified figures"
    )
    assert record.history.get().history_change_reason == "Certified figures"


@pytest.mark.parametrize("role", [None, "viewer", "focal_point", "reviewer"])
def test_only_coordinators_and_finance_officers_record_figures(instrument, role):
    with pytest.raises(PermissionDenied, match="Only coordinators and finance officers"):
        record_funding(instrument, ReportingPeriodFactory(), requirements_usd="1", acting_user=UserFactory(role=role))
    assert not FundingRecord.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "administrator", "finance_officer"])
def test_funding_roles_record_figures(instrument, role):
    record_funding(instrument, ReportingPeriodFactory(), requirements_usd="1", acting_user=UserFactory(role=role))
    assert FundingRecord.objects.count() == 1


@pytest.mark.parametrize(
    ("amounts", "message"),
    [
        ({"requirements_usd": "-5"}, "-5 is negative; amounts are zero or more."),
        ({"mobilized_core_usd": "ten"}, "'ten' is not an amount in USD"),
        ({"mobilized_core_usd": "NaN"}, "'NaN' is not an amount in USD"),
        ({"mobilized_core_usd": "10.0005"}, "10.0005 has more than two decimal places"),
        ({"requirements_usd": "1e30"}, "1e30 is too large: amounts have at most 14 digits"),
        ({"requirements_usd": "100000000000000"}, "is too large"),
        ({"pledged_usd": "5"}, "Unknown amount(s) ['pledged_usd']"),
    ],
)
def test_bad_amounts_are_refused_and_nothing_is_written(finance_officer, instrument, amounts, message):
    with pytest.raises(ValidationError) as caught:
        record_funding(instrument, ReportingPeriodFactory(), acting_user=finance_officer, **amounts)
    assert any(message in text for text in caught.value.messages)
    assert not FundingRecord.objects.exists()


def test_a_sheet_with_one_bad_row_writes_nothing_and_names_every_problem(finance_officer):
    period = ReportingPeriodFactory()
    first, second = Instrument.objects.filter(kind="resolution", number__in=["2/1", "2/2"]).order_by("number")
    rows = [
        FundingRow(first, period, {"requirements_usd": "10", "mobilized_core_usd": "5"}, where="row 2"),
        FundingRow(second, period, {"requirements_usd": "x", "mobilized_core_usd": "-1"}, where="row 3"),
        FundingRow(first, period, {"requirements_usd": "10"}, where="row 4"),
    ]
    with pytest.raises(FundingSheetError) as caught:
        record_funding_sheet(rows, acting_user=finance_officer)
    assert [str(error) for error in caught.value.row_errors] == [
        "row 3, requirements_usd: 'x' is not an amount in USD.",
        "row 3, mobilized_core_usd: -1 is negative; amounts are zero or more.",
        "row 4, instrument: resolution 2/1 appears twice for 2024-H2 (first at row 2); keep one row.",
    ]
    assert not FundingRecord.objects.exists()


def test_a_dry_run_reports_the_changes_and_writes_nothing(finance_officer):
    period = ReportingPeriodFactory()
    first, second = Instrument.objects.filter(kind="resolution", number__in=["2/1", "2/2"]).order_by("number")
    record_funding(first, period, requirements_usd="10", acting_user=finance_officer)
    rows = [
        FundingRow(first, period, {"requirements_usd": "12"}),
        FundingRow(second, period, {"requirements_usd": "7"}),
    ]
    changes = record_funding_sheet(rows, acting_user=finance_officer, dry_run=True)
    assert [(c.kind, c.changed_fields) for c in changes] == [
        ("changed", ["requirements_usd"]),
        ("new", ["requirements_usd"]),
    ]
    assert [r.requirements_usd for r in FundingRecord.objects.all()] == [Decimal("10.00")]
