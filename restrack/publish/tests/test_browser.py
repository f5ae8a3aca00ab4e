"""The tracker in a real browser: Debian's chromium driven by Playwright. Screenshots are kept
in var/screenshots/ as test artifacts."""

import os
import re
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(settings.VAR_DIR) / "screenshots"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(
    browser, base_url: str, username: str, password: str, *, width: int = 1280, height: int = 900, **context_options
):
    """A new page of `browser`, signed in as `username` through the login form (English pages)."""
    context = browser.new_context(viewport={"width": width, "height": height}, locale="en-GB", **context_options)
    page = context.new_page()
    page.goto(base_url + "/en/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("main button[type=submit]")
    page.wait_for_url(re.compile(r"/en/$"))
    return page


@contextmanager
def chromium():
    """Debian's chromium under Playwright's sync API, for a test with a live server."""
    from playwright.sync_api import sync_playwright

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    # The DJANGO_ALLOW_ASYNC_UNSAFE dance: Playwright's sync API runs an event loop in this thread.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM,
                headless=True,
                args=[
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                ],
            )
            yield browser
            # Queries a test makes run inside Playwright's greenlet, on a connection of their own;
            # close it, or PostgreSQL cannot drop the test database while that session lingers.
            connections.close_all()
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def browser_page(live_server):
    call_command("load_samples", stdout=open(os.devnull, "w"))
    with chromium() as browser:
        page = browser.new_page(viewport={"width": 1366, "height": 900}, locale="en-GB")
        page.base_url = live_server.url
        yield page


def test_dashboard_filters_language_instrument_and_chart(browser_page):
    page = browser_page
    page.goto(page.base_url + "/")
    assert page.url.endswith("/en/")
    assert page.locator("tr[data-instrument]").count() == 16
    page.wait_for_selector('[data-chart="status"][data-drawn="true"]')
    status_chart = page.locator('[data-chart="status"][data-source="status-data"]')
    assert status_chart.get_attribute("data-drawn") == "true" and status_chart.locator("svg").count() == 1
    page.screenshot(path=str(SCREENSHOTS / "dashboard-en.png"), full_page=True)

    page.select_option("#id_kind", "decision")
    page.click("text=Apply")
    page.wait_for_url(re.compile(r"kind=decision"))
    assert page.locator("tr[data-instrument]").count() == 1

    page.goto(page.base_url + "/en/")
    page.click('a[hreflang="zh-Hans"]')
    page.wait_for_url(re.compile(r"/zh-hans/$"))
    assert page.locator("html").get_attribute("lang") == "zh-Hans"
    assert page.get_by_text("资金缺口").first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "dashboard-zh-hans.png"), full_page=True)

    page.click('tr[data-instrument="resolution 1/2"] th a')
    page.wait_for_url(re.compile(r"/zh-hans/resolutions/1/2/$"))
    assert page.locator("#update-2024-H2").is_visible() and page.locator("#update-2020-H1").is_visible()
    page.click('a[hreflang="en"]')
    page.wait_for_url(re.compile(r"/en/resolutions/1/2/$"))  # the switcher keeps the page
    page.screenshot(path=str(SCREENSHOTS / "instrument-1-2-en.png"), full_page=True)


def test_keyboard_reaches_the_content_first(browser_page):
    page = browser_page
    page.goto(page.base_url + "/en/")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.getAttribute('href')") == "#content"


def test_chinese_search(browser_page):
    page = browser_page
    page.goto(page.base_url + "/zh-hans/")
    page.fill("#site-search", "热点信号灯")
    page.press("#site-search", "Enter")
    page.wait_for_selector("#search-results")
    results = page.locator("#search-results li")
    assert results.count() >= 4
    assert "mark" in results.first.inner_html()
    assert page.locator("#search-results").get_by_text(re.compile("2/4")).first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "search-zh-hans.png"), full_page=True)


def test_funding_charts_are_drawn(browser_page):
    from restrack.accounts.tests.factories import UserFactory
    from restrack.publish.tests.funding_samples import load_sample_funding, load_sample_window

    user = UserFactory(username="browser-finance", role="finance_officer")
    load_sample_funding(user)
    load_sample_window(user)
    page = browser_page
    charts = {
        "/en/": ["gap", "status", "shares"],
        "/en/funding/": ["shares", "funding_trend"],
        "/en/funding/window/": ["balance"],
        "/en/resolutions/1/4/": ["instrument_funding"],
        "/zh-hans/funding/": ["shares", "funding_trend"],
    }
    for path, names in charts.items():
        page.goto(page.base_url + path)
        for name in names:
            page.wait_for_selector(f'[data-chart="{name}"][data-drawn="true"]')
            # A page may hold several charts of one kind (the dashboard's gap by instrument and by
            # session); each is drawn once.
            drawn = page.locator(f'[data-chart="{name}"][data-drawn="true"]').all()
            assert drawn and all(chart.locator("svg").count() == 1 for chart in drawn)
        shot = path.strip("/").replace("/", "-") or "dashboard"
        page.screenshot(path=str(SCREENSHOTS / f"funding-public-{shot}.png"), full_page=True)
    page.goto(page.base_url + "/en/")
    assert "surplus" in page.locator('tr[data-instrument="resolution 2/8"]').inner_text()
    page.get_by_role("link", name="Funding analysis").click()
    page.wait_for_url(re.compile(r"/en/funding/\?period=2024-H2$"))
    page.select_option("#id_period", "2020-H1")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"period=2020-H1"))
    assert page.get_by_role("heading", name="Funding figures as of 2020-H1").is_visible()
