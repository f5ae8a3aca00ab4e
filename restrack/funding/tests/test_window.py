"""The Urban Action Funding Window's books: contributions in and allocations out, the balance on
every date, and no allocation beyond what the window holds."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.actions import (
    allocate_from_window,
    cancel_allocation,
    record_contribution,
    withdraw_contribution,
)
from restrack.funding.models import WindowAllocation, WindowContribution
from restrack.funding.window import allocatable_on, balance_on, window_ledger
from restrack.registry.models import Instrument

pytestmark = pytest.mark.django_db


@pytest.fixture
def resolution():
    return Instrument.objects.get(kind="resolution", number="2/6")


def contribute(user, usd_amount, day, **fields):
    defaults = {"donor": "Government of Norway", "received_on": day, "amount": usd_amount, "currency": "USD"}
    return record_contribution(acting_user=user, **{**defaults, **fields})


def allocate(user, instrument, amount_usd, day):
    return allocate_from_window(acting_user=user, instrument=instrument, allocated_on=day, amount_usd=amount_usd)


def test_the_balance_over_time(finance_officer, resolution):
    contribute(finance_officer, "1000000.00", date(2024, 1, 15))
    contribute(
        finance_officer,
        "250000.00",
        date(2024, 3, 1),
        donor="Sida",
        currency="SEK",
        amount="2750000.00",
        amount_usd="250000.00",
    )
    allocate(finance_officer, resolution, "400000.00", date(2024, 2, 1))
    lines = window_ledger()
    assert [(line.day.isoformat(), line.amount_usd, line.balance_usd) for line in lines] == [
        ("2024-01-15", Decimal("1000000.00"), Decimal("1000000.00")),
        ("2024-02-01", Decimal("-400000.00"), Decimal("600000.00")),
        ("2024-03-01", Decimal("250000.00"), Decimal("850000.00")),
    ]
    assert balance_on(lines, date(2024, 2, 28)) == Decimal("600000.00")
    assert balance_on(lines, date(2023, 12, 31)) == Decimal("0.00")


def test_an_allocation_beyond_the_balance_is_refused_with_what_is_available(finance_officer, resolution):
    contribute(finance_officer, "300000.00", date(2024, 1, 15))
    with pytest.raises(ValidationError) as caught:
        allocate(finance_officer, resolution, "300000.01", date(2024, 2, 1))
    assert caught.value.messages == [
        "The allocation of USD 300,000.01 to resolution 2/6 on 2024-02-01 exceeds what the window can spare on "
        "that date: USD 300,000.00, after the allocations already made. Record the contribution that funds it "
        "first, or allocate at most USD 300,000.00."
    ]
    assert not WindowAllocation.objects.exists()
    allocate(finance_officer, resolution, "300000.00", date(2024, 2, 1))  # exactly the balance is fine


def test_an_allocation_before_the_money_arrives_is_refused(finance_officer, resolution):
    contribute(finance_officer, "300000.00", date(2024, 3, 1))
    with pytest.raises(ValidationError, match="that date: USD 0.00"):
        allocate(finance_officer, resolution, "1000.00", date(2024, 2, 1))
    allocate(finance_officer, resolution, "1000.00", date(2024, 3, 1))  # received and allocated the same day


def test_a_backdated_allocation_cannot_spend_what_later_allocations_hold(finance_officer, resolution):
    contribute(finance_officer, "100.00", date(2024, 1, 1))
    allocate(finance_officer, resolution, "80.00", date(2024, 5, 1))
    lines = window_ledger()
    assert allocatable_on(lines, date(2024, 2, 1)) == Decimal("20.00")
    with pytest.raises(ValidationError, match="at most USD 20.00"):
        allocate(finance_officer, resolution, "50.00", date(2024, 2, 1))


def test_withdrawing_or_lowering_a_contribution_that_allocations_rely_on_is_refused(finance_officer, resolution):
    first = contribute(finance_officer, "100.00", date(2024, 1, 1))
    allocate(finance_officer, resolution, "80.00", date(2024, 2, 1))
    with pytest.raises(ValidationError, match="overdrawn by USD 80.00 on 2024-02-01.*Cancel or reduce"):
        withdraw_contribution(first, acting_user=finance_officer, reason="Recorded in error")
    with pytest.raises(ValidationError, match="overdrawn by USD 30.00 on 2024-02-01"):
        record_contribution(first, acting_user=finance_officer, reason="Corrected amount", amount="50.00")
    first.refresh_from_db()
    assert first.amount_usd == Decimal("100.00") and WindowContribution.objects.count() == 1


def test_corrections_need_a_reason_and_are_in_the_history(finance_officer, resolution):
    contribution = contribute(finance_officer, "100.00", date(2024, 1, 1))
    allocation = allocate(finance_officer, resolution, "80.00", date(2024, 2, 1))
    with pytest.raises(ValidationError, match="Say why this allocation is corrected"):
        allocate_from_window(allocation, acting_user=finance_officer, amount_usd="70.00")
    allocate_from_window(allocation, acting_user=finance_officer, amount_usd="70.00", reason="Signed amount")
    cancel_allocation(allocation, acting_user=finance_officer, reason="Project cancelled")
    withdraw_contribution(contribution, acting_user=finance_officer, reason="Recorded twice")
    reasons = [h.history_change_reason for h in WindowAllocation.history.order_by("history_date")]
    assert reasons == ["Allocation recorded", "Signed amount", "Project cancelled"]
    assert window_ledger() == []


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"currency": "usd", "amount_usd": "90.00"}, "A contribution in USD is worth its amount: 100.00."),
        ({"currency": "EURO"}, "three-letter ISO 4217 code"),
        ({"kind": "transfer"}, "needs the reference of the donor agreement"),
        ({"amount": "0"}, "Ensure this value is greater than or equal to 0.01"),
        ({"amount": "-4"}, "-4 is negative"),
    ],
)
def test_contributions_are_checked(finance_officer, fields, message):
    with pytest.raises(ValidationError) as caught:
        contribute(finance_officer, "100.00", date(2024, 1, 1), **fields)
    assert any(message in text for text in caught.value.messages)
    assert not WindowContribution.objects.exists()


def test_a_transfer_of_a_project_balance_names_its_agreement(finance_officer):
    transfer = contribute(
        finance_officer,
        "120000.00",
        date(2024, 6, 30),
        kind="transfer",
        agreement_reference="DA-2021-017",
        donor="European Union",
        currency="EUR",
        amount="110000.00",
        amount_usd="120000.00",
    )
    assert transfer.get_kind_display() == "transfer of a project balance"


@pytest.mark.parametrize("role", ["focal_point", "reviewer", "viewer"])
def test_only_funding_roles_keep_the_books(resolution, role):
    contribute(UserFactory(role="coordinator"), "1.00", date(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        contribute(UserFactory(role=role), "1.00", date(2024, 1, 1))
    with pytest.raises(PermissionDenied):
        allocate(UserFactory(role=role), resolution, "1.00", date(2024, 1, 1))
    assert WindowContribution.objects.count() == 1 and not WindowAllocation.objects.exists()
