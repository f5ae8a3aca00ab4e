"""The funding import page in a real browser (Debian's chromium): a test that commits for real, in
a module of its own (the suite runs such tests after the others, whole modules at a time)."""

import os
import re
from decimal import Decimal

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.funding.models import FundingRecord
from restrack.funding.tests.test_import import xlsx_bytes
from restrack.funding.tests.test_import_page import HEADER, URL
from restrack.publish.tests.test_browser import CHROMIUM, SCREENSHOTS, chromium
from restrack.registry.selectors import find_instrument
from restrack.reporting.tests.factories import ReportingPeriodFactory


@pytest.fixture(autouse=True)
def uploads_kept_in_tmp(settings, tmp_path):
    settings.VAR_DIR = tmp_path


@pytest.mark.browser
@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_finance_officer_imports_an_xlsx_in_the_browser(live_server, tmp_path):
    """Sign in, upload a workbook with a formula, read the preview, confirm, land on the sheet."""
    ReportingPeriodFactory(label="2024-H2")
    UserFactory(username="fatima", role="finance_officer")  # password: the factory's
    workbook = tmp_path / "funding.xlsx"
    workbook.write_bytes(
        xlsx_bytes(
            {
                0: HEADER.split(","),
                1: ["resolution 2/6", "2024-H2", None, 100000.1],
                2: ["resolution 2/3", "2024-H2", 450000, 450000],
            },
            formulas=[(1, 2, "=1858000+0.55", 1858000.55)],
        )
    )
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
        page.goto(live_server.url + URL)
        page.fill("#id_username", "fatima")
        page.fill("#id_password", "a-long-test-password")
        page.click("main button[type=submit]")
        page.wait_for_url(re.compile(r"/en/work/funding/import/$"))
        page.set_input_files("#id_file", str(workbook))
        page.click("text=Check the file")
        page.wait_for_selector("[data-import-preview]")
        assert page.locator("tr[data-kind=new]").count() == 2
        assert "$1,858,000.55" in page.locator('tr[data-row="2"]').inner_text()
        page.screenshot(path=str(SCREENSHOTS / "funding-import-preview.png"), full_page=True)
        page.click("text=Confirm and record these figures")
        page.wait_for_url(re.compile(r"/en/work/funding/periods/2024-H2/$"))
        page.screenshot(path=str(SCREENSHOTS / "funding-import-done.png"), full_page=True)
    assert FundingRecord.objects.get(instrument=find_instrument("resolution 2/6")).requirements_usd == Decimal(
        "1858000.55"
    )
    assert FundingRecord.objects.count() == 2
