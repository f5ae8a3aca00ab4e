"""Amounts typed by people, through every way in: the funding sheet, a CSV and an XLSX import and the
API read them with the one parser (restrack.core.amounts), so `1,5` is never stored as 15.00: text
that could be read two ways is refused everywhere with the same message naming both readings, and
the sheet shows amounts with the separators of its language and reads them back unchanged."""

import html
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse
from django.utils import translation
from rest_framework.test import APIClient

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.actions import record_funding
from restrack.funding.importing import FundingImportError, import_funding_file
from restrack.funding.models import FundingRecord
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

HEADER = [
    "instrument",
    "period",
    "requirements_usd",
    "mobilized_core_usd",
    "mobilized_earmarked_usd",
    "mobilized_window_usd",
    "mobilized_other_usd",
    "note",
]
AMBIGUOUS = (
    "'1,5' could be 1.5 or 15: a comma separates thousands in some languages and decimals in others. "
    "Write the one you mean as 1.5 or 15."
)


@pytest.fixture
def period():
    return ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)


@pytest.fixture
def officer(db):
    return UserFactory(username="fatima", role="finance_officer")


@pytest.fixture
def client(client, officer):
    client.force_login(officer)
    return client


def record(reference="resolution 2/6", label="2025-H1"):
    return FundingRecord.objects.get(instrument=find_instrument(reference), period__label=label)


# The sheet -------------------------------------------------------------------------------------


def sheet_url(period, language="en"):
    with translation.override(language):
        return reverse("funding:sheet", args=[period.label])


def sheet_data(client, url) -> dict:
    """What the browser posts for the sheet as loaded: every input, and (hidden) what each held."""
    page = client.get(url)
    assert page.status_code == 200
    data = {}
    for form in page.context["rows"]:
        for name in form.fields:
            data[f"{form.prefix}-{name}"] = data[f"initial-{form.prefix}-{name}"] = form.initial.get(name, "")
    return data


def post_sheet(client, url, figures: dict[str, str], reference="resolution 2/6"):
    data = sheet_data(client, url)
    prefix = f"i{find_instrument(reference).pk}"
    for name, value in figures.items():
        data[f"{prefix}-{name}"] = value
    return client.post(url, data)


def cell_error(response, reference, name) -> str:
    prefix = f"i{find_instrument(reference).pk}"
    found = re.search(rf'id="id_{prefix}-{name}_error"[^>]*>(.*?)</', response.content.decode(), re.S)
    assert found, "no error next to the cell"
    return html.unescape(found[1]).strip()


def test_the_sheet_refuses_1_5_naming_both_readings_next_to_the_cell(client, period):
    response = post_sheet(client, sheet_url(period), {"requirements_usd": "1,5", "mobilized_core_usd": "1"})
    assert response.status_code == 400
    assert not FundingRecord.objects.exists()  # not 15.00: nothing at all
    assert cell_error(response, "resolution 2/6", "requirements_usd") == AMBIGUOUS
    page = html.unescape(response.content.decode())
    assert f"resolution 2/6</a>, resource requirements (USD): {AMBIGUOUS}" in page  # the summary names the cell


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("1,500,000", "1500000.00"),
        ("1 500 000", "1500000.00"),
        ("1\u202f500\u202f000.25", "1500000.25"),
        ("1.500.000,50", "1500000.50"),
        ("USD 24,000,000", "24000000.00"),
        ("１５０万", "1500000.00"),
    ],
)
def test_the_sheet_reads_what_people_type(client, period, typed, stored):
    response = post_sheet(client, sheet_url(period), {"requirements_usd": typed})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert record().requirements_usd == Decimal(stored)


def test_the_sheet_refusal_is_in_chinese_on_the_chinese_page(client, period):
    response = post_sheet(client, sheet_url(period, "zh-hans"), {"requirements_usd": "1,5"})
    assert response.status_code == 400
    message = cell_error(response, "resolution 2/6", "requirements_usd")
    assert "1.5" in message and "15" in message and "could be" not in message


@pytest.mark.parametrize(("language", "shown"), [("en", "1,500,000.50"), ("fr", "1\u00a0500\u00a0000,50")])
def test_the_sheet_shows_amounts_in_its_language_and_reads_them_back_unchanged(
    client, period, officer, language, shown
):
    record_funding(find_instrument("resolution 2/6"), period, acting_user=officer, requirements_usd="1500000.50")
    url = sheet_url(period, language)
    page = client.get(url)
    prefix = f"i{find_instrument('resolution 2/6').pk}"
    assert page.context["rows"][0].initial  # the rows are there
    assert f'name="{prefix}-requirements_usd" value="{shown}"' in page.content.decode()
    # Saved again as shown (each cell also typed again, so it counts as changed): the same figure.
    response = post_sheet(client, url, {"requirements_usd": shown})
    assert response.status_code == 302
    assert record().requirements_usd == Decimal("1500000.50")
    assert record().history.count() == 1


# Imports ---------------------------------------------------------------------------------------


def csv_bytes(*rows) -> bytes:
    lines = [",".join(HEADER), *(",".join(f'"{value}"' for value in row) for row in rows)]
    return ("\n".join(lines) + "\n").encode()


def xlsx_bytes(*rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "funding"
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    output = io.BytesIO()
    workbook.save(output)
    return output.getvalue()


def problems_of(data, name, user):
    with pytest.raises(FundingImportError) as caught:
        import_funding_file(data, name, acting_user=user)
    return [(problem.row, problem.column, problem.message) for problem in caught.value.problems]


def test_a_csv_import_refuses_1_5_with_the_sheets_message_naming_row_and_column(officer, period):
    data = csv_bytes(["resolution 2/6", "2025-H1", "1,5", "", "", "", "", ""])
    assert problems_of(data, "figures.csv", officer) == [(2, "requirements_usd (column C)", AMBIGUOUS)]
    assert not FundingRecord.objects.exists()


def test_an_xlsx_import_refuses_1_5_typed_as_text_with_the_same_message(officer, period):
    data = xlsx_bytes(["resolution 2/6", "2025-H1", 2100000, "1,5", None, None, None, None])
    assert problems_of(data, "figures.xlsx", officer) == [(2, "mobilized_core_usd (column D)", AMBIGUOUS)]
    assert not FundingRecord.objects.exists()


def test_imports_read_what_people_type(officer, period):
    row = ["resolution 2/6", "2025-H1", "1.500.000,50", "1\u00a0000\u00a0000", "USD 24,000", "150万", "$1,500", ""]
    import_funding_file(csv_bytes(row), "figures.csv", acting_user=officer)
    figures = record()
    assert (
        figures.requirements_usd,
        figures.mobilized_core_usd,
        figures.mobilized_earmarked_usd,
        figures.mobilized_window_usd,
        figures.mobilized_other_usd,
    ) == (Decimal("1500000.50"), Decimal("1000000.00"), Decimal("24000.00"), Decimal("1500000.00"), Decimal("1500.00"))
    xlsx_row = ["resolution 2/7", "2025-H1", "1.500.000,50", 1000000.0, "USD 24,000", "150万", 1500, ""]
    import_funding_file(xlsx_bytes(xlsx_row), "figures.xlsx", acting_user=officer)
    figures = record("resolution 2/7")
    assert (figures.requirements_usd, figures.mobilized_core_usd, figures.mobilized_other_usd) == (
        Decimal("1500000.50"),
        Decimal("1000000.00"),
        Decimal("1500.00"),
    )


# The API ---------------------------------------------------------------------------------------


def api_post(officer, body):
    client = APIClient()
    client.force_authenticate(officer)
    return client.post(
        "/api/v1/funding/records/", {"instrument": "resolution 2/6", "period": "2025-H1", **body}, format="json"
    )


def test_the_api_refuses_1_5_with_the_same_message(officer, period):
    response = api_post(officer, {"requirements_usd": "1,5"})
    assert response.status_code == 400
    assert response.json()["requirements_usd"] == [AMBIGUOUS]
    assert not FundingRecord.objects.exists()


def test_the_api_reads_amounts_as_the_sheet_does(officer, period):
    response = api_post(officer, {"requirements_usd": "1.500.000,50", "mobilized_core_usd": 0.1, "note": "x"})
    assert response.status_code in (200, 201), response.json()
    assert response.json()["requirements_usd"] == "1500000.50"
    assert record().mobilized_core_usd == Decimal("0.10")


# Amounts shown -----------------------------------------------------------------------------------


def test_amounts_a_paragraph_states_are_shown_as_people_read_them(client):
    from restrack.reporting.tests.factories import ProgressUpdateFactory, UpdateEntryFactory

    update = ProgressUpdateFactory(
        instrument=find_instrument("resolution 2/6"),
        period=ReportingPeriodFactory(state=PeriodState.PUBLISHED),
        workflow_state=WorkflowState.PUBLISHED,
    )
    stated = {"value": 24000000, "currency": "USD", "text": "USD 24000000"}
    UpdateEntryFactory(
        update=update,
        text_en="Programmes of about USD 24000000 were funded.",
        facts={"en": {"dates": [], "amounts": [stated]}},
    )
    html = client.get("/en/resolutions/2/6/").content.decode()
    assert ">$24,000,000</span>" in html and ">USD 24000000<" not in html


def test_the_windows_books_show_amounts_with_separators(client, officer):
    from datetime import date

    from restrack.funding.actions import allocate_from_window, record_contribution

    record_contribution(
        donor="Sida",
        received_on=date(2024, 1, 10),
        currency="SEK",
        amount="12500000",
        amount_usd="1200000.50",
        kind="new",
        acting_user=officer,
    )
    allocate_from_window(
        instrument=find_instrument("resolution 2/6"),
        allocated_on=date(2024, 2, 1),
        amount_usd="400000",
        acting_user=officer,
    )
    html = client.get(reverse("funding:window")).content.decode()
    assert "SEK\u00a012,500,000.00" in html and "$400,000.00" in html and "$1,200,000.50" in html
    assert not re.search(r"\b\d{5,}\.\d\d\b", html)  # no amount without its thousands separators


def test_a_contribution_in_another_currency_may_name_it_in_its_amount(client, officer):
    from restrack.funding.models import WindowContribution

    response = client.post(
        reverse("funding:contribution_new"),
        {
            "donor": "Sida",
            "received_on": "2024-01-10",
            "currency": "sek",
            "amount": "SEK 2 750 000",
            "amount_usd": "$250,000.00",
            "kind": "new",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    contribution = WindowContribution.objects.get()
    assert (contribution.currency, contribution.amount, contribution.amount_usd) == (
        "SEK",
        Decimal("2750000.00"),
        Decimal("250000.00"),
    )
