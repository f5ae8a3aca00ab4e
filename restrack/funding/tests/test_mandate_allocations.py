"""Window allocations to one operative paragraph (a mandate): recorded through the one action from
the coordinator's form and the API, refused for a paragraph of another instrument, listed with
the paragraph on the window's pages, in its exports and on the "By mandate" funding tab, and
shown with the paragraph's figures under the paragraph on the instrument page."""

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from restrack.core.tests.api_helpers import client_as
from restrack.funding.actions import allocate_from_window, record_contribution, record_paragraph_funding
from restrack.funding.models import WindowAllocation
from restrack.registry.models import Instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def mandates(finance_officer):
    from restrack.accounts.tests.factories import UserFactory
    from restrack.registry.actions import add_operative_paragraph

    coordinator = UserFactory(role="coordinator")
    instrument = Instrument.objects.get(kind="resolution", number="2/10")
    other = Instrument.objects.get(kind="resolution", number="2/6")
    record_contribution(
        acting_user=finance_officer, donor="Made-up donor", received_on=date(2031, 1, 5), amount="900000"
    )
    return (
        add_operative_paragraph(instrument, "3", acting_user=coordinator),
        add_operative_paragraph(instrument, "4(a)", acting_user=coordinator),
        add_operative_paragraph(other, "7", acting_user=coordinator),
    )


def test_an_allocation_to_a_mandate_belongs_to_its_instrument(finance_officer, mandates):
    three, four_a, elsewhere = mandates
    allocation = allocate_from_window(
        acting_user=finance_officer, paragraph=four_a, allocated_on=date(2031, 2, 1), amount_usd="150000"
    )
    assert allocation.instrument == four_a.instrument and str(allocation).startswith("resolution 2/10 OP 4(a)")
    with pytest.raises(ValidationError, match=r"OP 7 is not a paragraph of resolution 2/10"):
        allocate_from_window(
            acting_user=finance_officer,
            instrument=three.instrument,
            paragraph=elsewhere,
            allocated_on=date(2031, 2, 2),
            amount_usd="10",
        )
    assert WindowAllocation.objects.count() == 1


def test_the_coordinators_form_allocates_to_a_paragraph_or_says_it_does_not_exist(client, finance_officer, mandates):
    client.force_login(finance_officer)
    fields = {
        "instrument": mandates[0].instrument.pk,
        "allocated_on": "2031-02-01",
        "amount_usd": "120,000",
        "purpose": "Made-up pilots",
    }
    refused = client.post(reverse("funding:allocation_new"), {**fields, "paragraph": "9"})
    assert refused.status_code == 400
    assert "resolution 2/10 has no operative paragraph 9" in refused.content.decode()
    assert not WindowAllocation.objects.exists()
    client.post(reverse("funding:allocation_new"), {**fields, "paragraph": "OP 4 (a)"})
    allocation = WindowAllocation.objects.get()
    assert allocation.paragraph == mandates[1]
    books = client.get(reverse("funding:window")).content.decode()
    assert "data-paragraph>OP4(a)</span>" in books.replace('<bdi dir="ltr">', "").replace("</bdi>", "")
    form = client.get(reverse("funding:allocation_edit", args=[allocation.pk])).content.decode()
    assert 'name="paragraph" value="4(a)"' in form


def test_the_api_the_exports_and_the_public_pages_name_the_mandate(client, finance_officer, mandates):
    three, four_a, _elsewhere = mandates
    created = client_as(finance_officer).post(
        "/api/v1/funding/window/allocations/",
        {"instrument": "resolution 2/10", "paragraph": "3", "allocated_on": "2031-03-01", "amount_usd": "50000"},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["paragraph"] == "3"
    missing = client_as(finance_officer).post(
        "/api/v1/funding/window/allocations/",
        {"instrument": "resolution 2/10", "paragraph": "12", "allocated_on": "2031-03-01", "amount_usd": "1"},
        format="json",
    )
    assert missing.status_code == 400 and "no operative paragraph 12" in missing.content.decode()
    allocate_from_window(
        acting_user=finance_officer, instrument=three.instrument, allocated_on=date(2031, 3, 2), amount_usd="7000"
    )
    listed = client_as().get("/api/v1/funding/window/allocations/").json()["results"]
    assert [item["paragraph"] for item in listed] == ["3", None]
    ledger = client_as().get("/api/v1/funding/window/ledger/").json()["lines"]
    assert ledger[1]["description"] == "resolution 2/10, OP 3"
    exported = client_as().get("/api/v1/funding/window/allocations/export.csv")
    csv = b"".join(exported.streaming_content).decode().lstrip("\ufeff").splitlines()
    assert csv[0].split(",")[:4] == ["id", "instrument", "title", "paragraph"]
    assert ",3,2031-03-01,50000.00," in csv[1]
    window = client.get("/en/funding/window/").content.decode()
    assert "#op-3" in window

    period = ReportingPeriodFactory(
        label="2031-H1", start_date=date(2031, 1, 1), end_date=date(2031, 6, 30), state=PeriodState.PUBLISHED
    )
    record_paragraph_funding(
        three,
        period,
        requirements_usd="1000000",
        mobilized_core_usd="400000",
        acting_user=finance_officer,
        reason="Certified figures",
    )
    tab = client.get("/en/funding/mandates/?period=2031-H1").content.decode()
    row = tab[tab.index('data-mandate-funding="resolution-2-10:3"') :]
    assert 'data-window-allocated><span title="$50,000.00">$50K</span>' in row[: row.index("</tr>")]
    page = client.get(three.instrument.get_absolute_url()).content.decode()
    money = page[page.index('data-mandate-money="2031-H1"') :]
    money = money[: money.index('id="op-4a"')]
    assert "$1,000K" in money and "$600K" in money and "$50K" in money
    assert "from the Urban Action Funding Window" in money
    zh = client.get(three.instrument.get_absolute_url().replace("/en/", "/zh-hans/")).content.decode()
    assert 'data-mandate-money="2031-H1"' in zh and "城市行动供资窗口" in zh
    assert Decimal(listed[0]["amount_usd"]) == Decimal("50000.00")
