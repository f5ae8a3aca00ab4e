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


PARAGRAPH_HEADER = "instrument,paragraph,period,requirements_usd,mobilized_core_usd,mobilized_earmarked_usd,"
PARAGRAPH_HEADER += "mobilized_window_usd,mobilized_other_usd,note"


def _sheet(*rows: str) -> bytes:
    return "\n".join([PARAGRAPH_HEADER, *rows, ""]).encode()


def test_a_spreadsheet_records_figures_per_paragraph_and_the_instrument_is_their_sum(finance_officer, paragraphs):
    from restrack.funding.importing import import_funding_file

    period = ReportingPeriodFactory(label="2031-H1", state=PeriodState.OPEN)
    data = _sheet(
        "resolution 2/10,OP 3,2031-H1,1000000,250000,,,,Housing pilots",
        "resolution 2/10,4 (a),2031-H1,500000.50,,,,,",
        "resolution 2/6,,2031-H1,10,5,,,,",
    )
    preview = import_funding_file(data, "mandates.csv", acting_user=finance_officer, dry_run=True)
    assert [(row.row, row.paragraph and row.paragraph.number, row.kind) for row in preview.rows] == [
        (2, "3", "new"),
        (3, "4(a)", "new"),
        (4, None, "new"),
    ]
    assert not ParagraphFunding.objects.exists() and not FundingRecord.objects.filter(period=period).exists()
    imported = import_funding_file(data, "mandates.csv", acting_user=finance_officer)
    assert imported.counts == {"new": 3, "changed": 0, "unchanged": 0}
    record = FundingRecord.objects.get(instrument=paragraphs[0].instrument, period=period)
    assert record.requirements_usd == Decimal("1500000.50") and record.mobilized_core_usd == Decimal("250000.00")
    assert ParagraphFunding.objects.get(paragraph=paragraphs[0]).note == "Housing pilots"
    again = import_funding_file(data, "mandates.csv", acting_user=finance_officer)
    assert again.counts == {"new": 0, "changed": 0, "unchanged": 3}
    # The instrument's own row, as an export of the tracker holds it, imports unchanged.
    own = _sheet("resolution 2/10,,2031-H1,1000000.50,250000,,,,")
    assert "sum of its operative paragraphs" in " ".join(_problems(own, finance_officer))
    exported = _sheet("resolution 2/10,,2031-H1,1500000.50,250000,,,,")
    assert import_funding_file(exported, "export.csv", acting_user=finance_officer).counts["unchanged"] == 1


def _problems(data, user):
    from restrack.funding.importing import FundingImportError, import_funding_file

    with pytest.raises(FundingImportError) as caught:
        import_funding_file(data, "mandates.csv", acting_user=user)
    return [str(problem) for problem in caught.value.problems]


def test_paragraph_rows_are_refused_with_their_row_and_column(finance_officer, paragraphs):
    ReportingPeriodFactory(label="2031-H1", state=PeriodState.OPEN)
    problems = _problems(
        _sheet(
            "resolution 2/10,9,2031-H1,1,,,,,",
            "resolution 2/10,4 a,2031-H1,1,,,,,",
            "resolution 2/10,3,2031-H1,1,,,,,",
            "resolution 2/10,OP3,2031-H1,2,,,,,",
            "resolution 2/10,,2031-H1,3,,,,,",
        ),
        finance_officer,
    )
    assert problems[0] == (
        "row 2, paragraph (column B): resolution 2/10 has no operative paragraph 9; add it to the registry or "
        "correct the number."
    )
    assert problems[1].startswith("row 3, paragraph (column B): '4 a' is not a valid operative paragraph number")
    assert problems[2] == (
        "row 5, paragraph (column B): resolution 2/10, OP 3 appears twice for 2031-H1 (first at row 4); keep one row."
    )
    assert problems[3].startswith("row 6, paragraph (column B): resolution 2/10 has figures per operative paragraph")
    assert len(problems) == 4
    assert not ParagraphFunding.objects.exists()


def test_a_published_period_by_paragraph_from_a_file_records_the_reason(finance_officer, paragraphs):
    from restrack.funding.importing import import_funding_file

    period = ReportingPeriodFactory(label="2031-H2", state=PeriodState.PUBLISHED)
    import_funding_file(
        _sheet("resolution 2/10,3,2031-H2,100,40,,,,"),
        "certified.csv",
        acting_user=finance_officer,
        reason="Certified figures",
    )
    paragraph_history = ParagraphFunding.objects.get(paragraph=paragraphs[0], period=period).history.first()
    record = FundingRecord.objects.get(instrument=paragraphs[0].instrument, period=period)
    assert paragraph_history.history_change_reason == "Certified figures"
    assert record.history.first().history_change_reason == "Certified figures"
    assert record.gap_usd == Decimal("60.00")
