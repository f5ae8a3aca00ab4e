"""Money per mandate: figures recorded against operative paragraphs, the instrument's figures kept
as their sum (and refused directly while paragraphs hold them), the gap per mandate on the funding
page's "By mandate" tab and in the API, published periods only for the public."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from restrack.core.tests.api_helpers import client_as
from restrack.funding.actions import record_funding, record_paragraph_funding
from restrack.funding.models import FundingRecord, ParagraphFunding
from restrack.registry.models import Instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def paragraphs(finance_officer):
    from restrack.accounts.tests.factories import UserFactory
    from restrack.registry.actions import add_operative_paragraph

    instrument = Instrument.objects.get(kind="resolution", number="2/10")
    coordinator = UserFactory(role="coordinator")
    return [add_operative_paragraph(instrument, number, acting_user=coordinator) for number in ("3", "4(a)")]


def test_the_instruments_figures_are_the_sum_of_its_paragraphs(finance_officer, paragraphs):
    period = ReportingPeriodFactory(label="2031-H1", state=PeriodState.OPEN)
    three, four_a = paragraphs
    record_paragraph_funding(
        three, period, requirements_usd="1,000,000", mobilized_core_usd="250000", acting_user=finance_officer
    )
    record_paragraph_funding(four_a, period, requirements_usd="500000.50", acting_user=finance_officer)
    record = FundingRecord.objects.get(instrument=three.instrument, period=period)
    assert record.requirements_usd == Decimal("1500000.50")
    assert record.mobilized_core_usd == Decimal("250000.00") and record.mobilized_other_usd is None
    assert ParagraphFunding.objects.get(paragraph=three).figures.gap == Decimal("750000.00")
    assert ParagraphFunding.objects.get(paragraph=four_a).figures.gap is None  # nothing mobilized reported
    record_paragraph_funding(four_a, period, mobilized_other_usd="100000", acting_user=finance_officer)
    record.refresh_from_db()
    assert record.mobilized_other_usd == Decimal("100000.00") and record.requirements_usd == Decimal("1500000.50")
    with pytest.raises(ValidationError, match=r"sum of its operative paragraphs' figures \(OP 3, 4\(a\)\)"):
        record_funding(three.instrument, period, requirements_usd="9", acting_user=finance_officer)
    record_funding(
        three.instrument, period, note="Figures per mandate.", acting_user=finance_officer
    )  # the note may change


def test_a_published_periods_figures_need_a_reason(finance_officer, paragraphs):
    period = ReportingPeriodFactory(label="2031-H2", state=PeriodState.PUBLISHED)
    with pytest.raises(ValidationError, match="say why"):
        record_paragraph_funding(paragraphs[0], period, requirements_usd="10", acting_user=finance_officer)
    assert not ParagraphFunding.objects.exists()


def test_the_gap_per_mandate_on_the_funding_page_and_in_the_api(client, finance_officer, paragraphs):
    published = ReportingPeriodFactory(label="2031-H2", state=PeriodState.PUBLISHED)
    draft = ReportingPeriodFactory(label="2032-H1", state=PeriodState.OPEN)
    for period in (published, draft):
        record_paragraph_funding(
            paragraphs[0],
            period,
            requirements_usd="1000000",
            mobilized_core_usd="400000",
            acting_user=finance_officer,
            reason="Certified figures",
        )
    page = client.get("/en/funding/mandates/?period=2031-H2").content.decode()
    assert 'data-mandate-funding="resolution-2-10:3"' in page and "$600K" in page
    assert "/en/funding/mandates/" in client.get("/en/funding/").content.decode()  # its tab
    public = client_as().get("/api/v1/funding/paragraphs/?instrument=resolution-2-10").json()["results"]
    assert [(row["paragraph"], row["period"], row["gap_usd"], row["gap_percent"]) for row in public] == [
        ("3", "2031-H2", "600000.00", 60)
    ]
    assert len(client_as(finance_officer).get("/api/v1/funding/paragraphs/").json()["results"]) == 2
    created = client_as(finance_officer).post(
        "/api/v1/funding/paragraphs/",
        {"instrument": "resolution 2/10", "paragraph": "4 (a)", "period": "2032-H1", "requirements_usd": "10"},
        format="json",
    )
    assert created.status_code == 201, created.content
    missing = client_as(finance_officer).post(
        "/api/v1/funding/paragraphs/",
        {"instrument": "resolution 2/10", "paragraph": "9", "period": "2032-H1"},
        format="json",
    )
    assert missing.status_code == 400 and "no operative paragraph 9" in missing.content.decode()
    assert client_as().post("/api/v1/funding/paragraphs/", {}, format="json").status_code == 401
