"""The coordinator's report page in a real browser (Debian's chromium driven by Playwright): from
the period board to the preview, the report drawn in its frame, a PDF asked for (a job, followed
by the progress area) and downloaded. Screenshot in var/screenshots/report-preview.png."""

import io

import pytest
from django.core.management import call_command

from restrack.accounts.tests.factories import UserFactory
from restrack.publish.tests.test_browser import SCREENSHOTS, chromium, sign_in
from restrack.publish.tests.test_browser import pytestmark as browser_marks

pytestmark = browser_marks
PASSWORD = "Report-test-password-2026"


@pytest.fixture
def page(live_server):
    call_command("load_samples", "--reports-only", stdout=io.StringIO())
    UserFactory(username="chen", role="coordinator", password=PASSWORD)
    with chromium() as browser:
        yield sign_in(browser, live_server.url, "chen", PASSWORD, width=1440, height=1000, accept_downloads=True)


def test_a_coordinator_previews_the_report_and_downloads_the_pdf(page, live_server, tmp_path):
    page.goto(live_server.url + "/en/work/periods/2024-H2/")
    page.click("[data-report-link]")
    page.wait_for_selector("h1 >> text=Executive Director's report for 2024-H2")
    assert page.input_value("#id_symbol") == "HSP/EB.2024/20"
    page.fill("#id_agenda_item", "6")
    page.check("#id_funding_annex")
    page.click("[data-report-form] button[type=submit]")
    frame = page.frame_locator("[data-report-frame]")
    frame.locator("text=执行主任的报告").first.wait_for()
    assert frame.locator("text=第 2/10 号决议").count() >= 1
    assert frame.locator("#para-49").count() == 1
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / "report-preview.png"), full_page=False)
    # The button asks a worker for the file (a job); the progress area below offers it once written.
    page.click("[data-downloads] >> text=Download PDF")
    offered = page.wait_for_selector("[data-report-jobs] [data-job-file]", timeout=120_000)
    with page.expect_download() as download:
        offered.click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.name == "HSP-EB.2024-20-zh.pdf" and saved.read_bytes().startswith(b"%PDF-")
