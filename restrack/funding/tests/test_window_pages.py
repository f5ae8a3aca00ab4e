"""The Urban Action Funding Window's pages through the test client: recording contributions and
allocations, the refusals of the actions shown on the form with nothing written, the ledger and
balance, and the reconciliation of the books with the reported window funding."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from restrack.funding.actions import allocate_from_window, record_contribution, record_funding
from restrack.funding.models import WindowAllocation, WindowContribution
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, finance_officer):
    client.force_login(finance_officer)
    return client


def contribute(user, amount, day, **fields):
    return record_contribution(
        acting_user=user, **{"donor": "Government of Norway", "received_on": day, "amount": amount, **fields}
    )


def allocate(user, reference, amount, day):
    return allocate_from_window(
        acting_user=user, instrument=find_instrument(reference), allocated_on=day, amount_usd=amount
    )


def test_a_contribution_in_usd_is_worth_its_amount(signed_in):
    response = signed_in.post(
        reverse("funding:contribution_new"),
        {
            "donor": "Government of Norway",
            "received_on": "2024-01-15",
            "currency": "usd",
            "amount": "1,000,000.00",
            "kind": "new",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("funding:window")
    contribution = WindowContribution.objects.get()
    assert (contribution.currency, contribution.amount, contribution.amount_usd) == (
        "USD",
        Decimal("1000000.00"),
        Decimal("1000000.00"),
    )
    html = response.content.decode()
    assert "The contribution from Government of Norway is recorded: USD 1,000,000.00." in html
    assert "data-balance-now>$1,000,000.00<" in html


def test_a_contribution_in_another_currency_needs_its_usd_value(signed_in):
    data = {"donor": "Sida", "received_on": "2024-03-01", "currency": "SEK", "amount": "2750000", "kind": "new"}
    response = signed_in.post(reverse("funding:contribution_new"), data)
    assert response.status_code == 400 and not WindowContribution.objects.exists()
    assert "Give the value in USD on the day the money was received" in response.content.decode()
    signed_in.post(reverse("funding:contribution_new"), {**data, "amount_usd": "250,000.00"})
    contribution = WindowContribution.objects.get()
    assert (contribution.amount, contribution.amount_usd) == (Decimal("2750000.00"), Decimal("250000.00"))


def test_a_transfer_needs_the_agreement_reference(signed_in):
    url = reverse("funding:contribution_new")
    assert "Required for a transfer of a project balance" in signed_in.get(url).content.decode()
    response = signed_in.post(
        url, {"donor": "Norway", "received_on": "2024-01-15", "currency": "USD", "amount": "100", "kind": "transfer"}
    )
    assert response.status_code == 400 and not WindowContribution.objects.exists()
    assert 'id="id_agreement_reference_error"' in response.content.decode()
    assert "needs the reference of the donor agreement" in response.content.decode()


def test_allocating_and_what_the_window_can_spare(signed_in, finance_officer):
    today = timezone.localdate()
    contribute(finance_officer, "300000.00", today - timedelta(days=30))
    page = signed_in.get(reverse("funding:allocation_new")).content.decode()
    assert "The window can spare $300,000.00 today" in page
    response = signed_in.post(
        reverse("funding:allocation_new"),
        {
            "instrument": find_instrument("resolution 2/6").pk,
            "allocated_on": (today - timedelta(days=1)).isoformat(),
            "amount_usd": "120,000",
            "purpose": "Urban planning labs",
        },
        follow=True,
    )
    html = response.content.decode()
    assert "USD 120,000.00 allocated to resolution 2/6." in html
    assert "data-balance-now>$180,000.00<" in html and "data-spare-today>$180,000.00<" in html
    assert WindowAllocation.objects.get().amount_usd == Decimal("120000.00")


def test_an_allocation_beyond_the_balance_is_refused_on_the_form(signed_in, finance_officer):
    contribute(finance_officer, "300000.00", date(2024, 1, 15))
    response = signed_in.post(
        reverse("funding:allocation_new"),
        {"instrument": find_instrument("resolution 2/6").pk, "allocated_on": "2024-02-01", "amount_usd": "300000.01"},
    )
    assert response.status_code == 400
    assert not WindowAllocation.objects.exists()
    html = response.content.decode()
    assert (
        "The allocation of USD 300,000.01 to resolution 2/6 on 2024-02-01 exceeds what the window can spare on "
        "that date: USD 300,000.00"
    ) in html
    assert "allocate at most USD 300,000.00." in html
    assert 'value="300000.01"' in html  # the figures typed are kept


def test_withdrawing_a_contribution_allocations_rely_on_is_refused(signed_in, finance_officer):
    contribution = contribute(finance_officer, "300000.00", date(2024, 1, 15))
    allocation = allocate(finance_officer, "resolution 2/6", "200000.00", date(2024, 2, 1))
    url = reverse("funding:contribution_withdraw", args=[contribution.pk])
    response = signed_in.post(url, {"reason": "Recorded twice"})
    assert response.status_code == 400 and WindowContribution.objects.filter(pk=contribution.pk).exists()
    assert (
        "This change would leave the window overdrawn by USD 200,000.00 on 2024-02-01, when USD 200,000.00 was "
        "allocated to resolution 2/6. Cancel or reduce that allocation first."
    ) in response.content.decode()

    response = signed_in.post(reverse("funding:allocation_cancel", args=[allocation.pk]), {"reason": ""})
    assert response.status_code == 400 and "Say why this allocation is cancelled." in response.content.decode()
    signed_in.post(reverse("funding:allocation_cancel", args=[allocation.pk]), {"reason": "Project postponed"})
    assert not WindowAllocation.objects.exists()
    response = signed_in.post(url, {"reason": "Recorded twice"}, follow=True)
    assert not WindowContribution.objects.exists()
    assert "is withdrawn" in response.content.decode()
    assert WindowContribution.history.filter(history_type="-").get().history_change_reason == "Recorded twice"


def test_corrections_need_a_reason_and_keep_it(signed_in, finance_officer):
    contribution = contribute(finance_officer, "1000.00", date(2024, 1, 15))
    url = reverse("funding:contribution_edit", args=[contribution.pk])
    page = signed_in.get(url).content.decode()
    assert 'value="1,000.00"' in page and 'value="Government of Norway"' in page
    data = {
        "donor": "Government of Norway",
        "received_on": "2024-01-15",
        "currency": "USD",
        "amount": "1500",
        "amount_usd": "1,000.00",
        "kind": "new",
    }
    response = signed_in.post(url, data)
    assert response.status_code == 400 and "Say why this contribution is corrected." in response.content.decode()
    signed_in.post(url, {**data, "reason": "Second instalment included"})
    contribution.refresh_from_db()
    assert (contribution.amount, contribution.amount_usd) == (Decimal("1500.00"), Decimal("1500.00"))
    assert contribution.history.first().history_change_reason == "Second instalment included"


def test_the_ledger_lists_every_movement_with_the_balance_after(signed_in, finance_officer):
    norway = contribute(finance_officer, "1000000.00", date(2024, 1, 15))
    contribute(
        finance_officer,
        "2750000.00",
        date(2024, 3, 1),
        donor="Sida",
        currency="SEK",
        amount_usd="250000.00",
        kind="transfer",
        agreement_reference="SIDA-2019-044",
    )
    allocation = allocate(finance_officer, "resolution 2/6", "400000.00", date(2024, 2, 1))
    response = signed_in.get(reverse("funding:window"))
    html = response.content.decode()
    assert [(line.day, line.balance_usd) for line in response.context["lines"]] == [
        (date(2024, 1, 15), Decimal("1000000.00")),
        (date(2024, 2, 1), Decimal("600000.00")),
        (date(2024, 3, 1), Decimal("850000.00")),
    ]
    assert "SEK\u00a02,750,000.00" in html and "SIDA-2019-044" in html and "transfer of a project balance" in html
    assert "−$400,000.00" in html and "$850,000.00" in html
    for url in (
        reverse("funding:contribution_edit", args=[norway.pk]),
        reverse("funding:contribution_withdraw", args=[norway.pk]),
        reverse("funding:allocation_edit", args=[allocation.pk]),
        reverse("funding:allocation_cancel", args=[allocation.pk]),
    ):
        assert f'href="{url}"' in html
    assert response.context["chart"][:3] == [
        {"day": "2024-01-15", "balance": 1000000.0},
        {"day": "2024-02-01", "balance": 600000.0},
        {"day": "2024-03-01", "balance": 850000.0},
    ]
    assert 'data-chart="balance"' in html and 'id="balance-data"' in html and "Figures as a table" in html


def test_reconciliation_flags_a_difference(signed_in, finance_officer):
    h1 = ReportingPeriodFactory(label="2024-H1", state=PeriodState.PUBLISHED)
    h2 = ReportingPeriodFactory(label="2024-H2", state=PeriodState.OPEN)
    contribute(finance_officer, "1000000.00", date(2024, 1, 15))
    allocate(finance_officer, "resolution 2/6", "400000.00", date(2024, 2, 1))
    allocate(finance_officer, "resolution 2/6", "100000.00", date(2024, 9, 1))
    record_funding(
        find_instrument("resolution 2/6"),
        h1,
        mobilized_window_usd="400000.00",
        acting_user=finance_officer,
        reason="Test",
    )
    record_funding(find_instrument("resolution 2/6"), h2, mobilized_window_usd="450000.00", acting_user=finance_officer)
    record_funding(find_instrument("resolution 2/7"), h2, mobilized_window_usd="5000.00", acting_user=finance_officer)
    response = signed_in.get(reverse("funding:window"))
    rows = {(row.instrument.reference, row.period.label): row for row in response.context["reconciliation"]}
    assert set(rows) == {("resolution 2/6", "2024-H1"), ("resolution 2/6", "2024-H2"), ("resolution 2/7", "2024-H2")}
    assert rows["resolution 2/6", "2024-H1"].matches
    assert rows["resolution 2/6", "2024-H2"].difference == Decimal("-50000.00")  # reported 450,000, allocated 500,000
    assert rows["resolution 2/7", "2024-H2"].difference == Decimal("5000.00")  # reported, never allocated
    html = response.content.decode()
    assert 'data-instrument="resolution 2/6" data-period="2024-H2" data-matches="false"' in html
    assert 'data-instrument="resolution 2/6" data-period="2024-H1" data-matches="true"' in html
    assert "2 differences to look at." in html
    assert "Reconciliation checks that two records of the same money agree" in html
