"""Amounts as a person types them into the funding sheet, in a real browser (Debian's chromium
driven by Playwright): `1,5` is refused next to its cell with both readings, in English and in
Chinese, instead of being stored as 15.00; `1.500.000,50` is saved as 1,500,000.50 and shown back
with the page's separators. Screenshots in var/screenshots/funding-amount-*.png."""

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.models import FundingRecord
from restrack.publish.tests.test_browser import SCREENSHOTS, chromium, sign_in
from restrack.publish.tests.test_browser import pytestmark as browser_marks
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = browser_marks
PASSWORD = "Amounts-test-password-2026"


@pytest.fixture
def page(live_server):
    UserFactory(username="fatima", role="finance_officer", password=PASSWORD)
    ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)
    with chromium() as browser:
        yield sign_in(browser, live_server.url, "fatima", PASSWORD, width=1366)


def cell(page, reference, field):
    return page.locator(f'tr[data-instrument="{reference}"] input[type=text][name$="-{field}"]')


def save(page):
    page.click("[data-save-sheet]")
    page.wait_for_load_state()


def test_a_decimal_comma_is_refused_next_to_its_cell_and_an_unambiguous_amount_is_saved(page, live_server):
    page.goto(f"{live_server.url}/en/work/funding/periods/2025-H1/")
    cell(page, "resolution 2/6", "requirements_usd").fill("1,5")
    save(page)
    error = page.locator('tr[data-instrument="resolution 2/6"] .invalid-feedback').first
    assert error.inner_text().strip() == (
        "'1,5' could be 1.5 or 15: a comma separates thousands in some languages and decimals in others. "
        "Write the one you mean as 1.5 or 15."
    )
    assert "Nothing was saved" in page.locator("#sheet-errors").inner_text()
    assert not FundingRecord.objects.exists()
    page.screenshot(path=str(SCREENSHOTS / "funding-amount-refused.png"), full_page=False)

    cell(page, "resolution 2/6", "requirements_usd").fill("1.500.000,50")
    save(page)
    page.wait_for_selector("text=Saved (1 instrument added)")
    assert cell(page, "resolution 2/6", "requirements_usd").input_value() == "1,500,000.50"
    assert str(FundingRecord.objects.get().requirements_usd) == "1500000.50"


def test_the_chinese_sheet_refuses_it_in_chinese(page, live_server):
    page.goto(f"{live_server.url}/zh-hans/work/funding/periods/2025-H1/")
    cell(page, "resolution 2/6", "mobilized_core_usd").fill("1,5")
    save(page)
    error = page.locator('tr[data-instrument="resolution 2/6"] .invalid-feedback').first
    assert error.inner_text().strip().startswith("'1,5' 既可读作 1.5，也可读作 15")
    assert not FundingRecord.objects.exists()
    page.screenshot(path=str(SCREENSHOTS / "funding-amount-refused-zh.png"), full_page=False)
