"""The funding pages in a real browser (Debian's chromium driven by Playwright): a finance officer
enters a period's figures in the sheet and saves them, records a contribution to the Urban Action
Funding Window and an allocation from it, and sees the balance and its chart. Screenshots are kept
in var/screenshots/funding-*.png."""

import os

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.models import FundingRecord, WindowAllocation
from restrack.publish.tests.test_browser import SCREENSHOTS, chromium, sign_in
from restrack.publish.tests.test_browser import pytestmark as browser_marks
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = browser_marks
PASSWORD = "Funding-test-password-2026"


@pytest.fixture
def page(live_server):
    UserFactory(username="fatima", role="finance_officer", password=PASSWORD)
    ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)
    with chromium() as browser:
        yield sign_in(browser, live_server.url, "fatima", PASSWORD, width=1366)


def open_funding(page):
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Edit funding", exact=True).click()
    page.wait_for_selector("h1 >> text=Funding figures")


def cell(page, reference, field):
    return page.locator(f'tr[data-instrument="{reference}"] input[type=text][name$="-{field}"]')


def scrolls_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"funding-{name}.png"), full_page=True)


def test_a_finance_officer_enters_figures_and_keeps_the_window_books(page):
    open_funding(page)
    page.click('tr[data-period="2025-H1"] th a')
    page.wait_for_selector("text=stay private until the period is published")
    cell(page, "resolution 2/6", "requirements_usd").fill("1,858,000")
    cell(page, "resolution 2/6", "mobilized_core_usd").fill("100000.10")
    cell(page, "resolution 2/6", "mobilized_window_usd").fill("250000")
    page.get_by_label("Note, resolution 2/6").fill("Made-up figures for the test")
    cell(page, "decision 1/3", "requirements_usd").fill("500000")
    cell(page, "decision 1/3", "mobilized_other_usd").fill("$600,000")
    page.click("[data-save-sheet]")
    page.wait_for_selector("text=Saved (2 instruments added)")
    row = page.locator('tr[data-instrument="resolution 2/6"]')
    assert "$1,507,999.90" in row.inner_text() and "81 %" in row.inner_text()
    assert "surplus $100,000.00" in page.locator('tr[data-instrument="decision 1/3"]').inner_text()
    assert FundingRecord.objects.count() == 2
    assert not scrolls_sideways(page)
    shot(page, "sheet")

    open_funding(page)
    page.click("text=Urban Action Funding Window")
    page.click("text=Record a contribution")
    page.fill("#id_donor", "Government of Norway (made up)")
    page.fill("#id_received_on", "2025-02-01")
    page.fill("#id_amount", "1,000,000")
    page.click("text=Record the contribution")
    page.wait_for_selector("text=is recorded: USD 1,000,000.00")

    page.click("main >> text=Allocate")
    assert "The window can spare $1,000,000.00 today" in page.locator("[data-spare]").inner_text()
    page.select_option("#id_instrument", str(find_instrument("resolution 2/6").pk))
    page.fill("#id_allocated_on", "2025-03-01")
    page.fill("#id_amount_usd", "250000")
    page.fill("#id_purpose", "Urban planning labs (made up)")
    page.click("main button[type=submit]")
    page.wait_for_selector("text=USD 250,000.00 allocated to resolution 2/6.")
    assert page.locator("[data-balance-now]").inner_text() == "$750,000.00"
    assert WindowAllocation.objects.count() == 1
    page.wait_for_selector('[data-chart="balance"][data-drawn="true"]')
    assert page.locator('[data-chart="balance"] svg').count() == 1
    assert page.locator('#reconciliation tr[data-matches="true"]').count() == 1  # allocated and reported agree
    assert not scrolls_sideways(page)
    shot(page, "window")
    assert os.path.getsize(SCREENSHOTS / "funding-window.png") > 10_000
