"""What every page shares, in a real browser (Debian's chromium under Playwright): the layout at
1280 and 390 px in English, Chinese and Arabic (no horizontal overflow, the dashboard's table within
its container, titles clamped), Arabic right to left with Bootstrap's RTL stylesheet, the navbar's
search box signed in, text in another script not slanted, the favicon, and the page a too-large
form gets. Screenshots are kept in var/screenshots/chrome-*.png."""

import os
import re

import pytest
from django.core.management import call_command

from restrack.publish.tests.test_browser import CHROMIUM, SCREENSHOTS, chromium, sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed (apt-get install chromium)"
    ),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

LANGUAGES = ("en", "zh-hans", "ar")
WIDTHS = (1280, 390)


def watch(page):
    """Failed requests and console errors of `page`, as they happen."""
    problems = []
    page.on("response", lambda r: r.status >= 400 and problems.append(f"{r.status} {r.url}"))
    page.on("console", lambda m: m.type == "error" and problems.append(f"console: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"script: {error}"))
    return problems


OVERFLOW = "document.documentElement.scrollWidth - document.documentElement.clientWidth"
TABLE = """() => {
  const table = document.querySelector('#instruments');
  const wrapper = table.parentElement;
  const overdue = table.querySelector('thead th:last-child').getBoundingClientRect();
  const clamps = [...table.querySelectorAll('.line-clamp')].map(e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight));
  return {table: table.getBoundingClientRect().width, wrapper: wrapper.clientWidth,
          overdueLeft: overdue.left, overdueRight: overdue.right, width: window.innerWidth,
          lines: Math.max(...clamps)};
}"""


@pytest.fixture
def browser_with_samples(live_server):
    call_command("load_samples", stdout=open(os.devnull, "w"))
    with chromium() as browser:
        browser.base_url = live_server.url
        yield browser


def test_public_pages_fit_at_1280_and_390_px_in_three_languages(browser_with_samples):
    browser = browser_with_samples
    for language in LANGUAGES:
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 900}, locale="en-GB")
            problems = watch(page)
            for path in ("", "funding/", "periods/", "partners/", "resolutions/2/7/"):
                page.goto(f"{browser.base_url}/{language}/{path}")
                page.wait_for_load_state("load")
                assert page.evaluate(OVERFLOW) <= 0, f"/{language}/{path} at {width} px scrolls sideways"
            page.goto(f"{browser.base_url}/{language}/")
            page.wait_for_selector('[data-chart="status"][data-drawn="true"]')
            page.screenshot(path=str(SCREENSHOTS / f"chrome-dashboard-{language}-{width}.png"), full_page=True)
            if width == 1280:
                table = page.evaluate(TABLE)
                assert table["table"] <= table["wrapper"] + 1, table  # the whole table is in its container
                assert 0 <= table["overdueLeft"] and table["overdueRight"] <= table["width"], table
                assert table["lines"] <= 3.5, table  # titles are clamped to three lines
            assert not problems, problems  # the favicon, every script and stylesheet answer
            page.close()


def test_arabic_is_a_right_to_left_interface_language(browser_with_samples):
    browser = browser_with_samples
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    problems = watch(page)
    page.goto(browser.base_url + "/en/")
    page.click('a[hreflang="ar"]')  # the language switcher offers it
    page.wait_for_url(re.compile(r"/ar/$"))
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    assert page.evaluate("[...document.styleSheets].some(s => (s.href || '').includes('bootstrap.rtl'))")
    navigation = page.get_by_role("navigation", name="الرئيسية")
    for word in ("القرارات", "التمويل", "فترات الإبلاغ", "الشركاء"):
        assert navigation.get_by_role("link", name=word, exact=True).is_visible()
    assert page.locator('a[hreflang="ar"][aria-current="true"]').inner_text() == "العربيّة"  # Django's name_local
    assert page.get_by_role("columnheader", name=re.compile("الالتزامات المتأخرة")).is_visible()
    # Figures are left-to-right runs, isolated, aligned to the end of the cell; grouped with commas.
    cell = page.locator("#instruments td.text-number").first
    assert cell.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).unicodeBidi]") == ["ltr", "isolate"]
    assert re.search(r"\$\d{1,3}(,\d{3})*K", page.locator("#instruments tbody").inner_text())
    # The charts are mirrored: the value axis on the right; the legend does not run into the plot.
    page.wait_for_selector('[data-chart="gap"][data-drawn="true"]')
    page.screenshot(path=str(SCREENSHOTS / "chrome-dashboard-ar-1280.png"), full_page=True)
    page.goto(browser.base_url + "/ar/periods/2024-H2/")
    page.screenshot(path=str(SCREENSHOTS / "chrome-period-ar-1280.png"), full_page=True)
    assert not problems, problems


def test_text_in_another_script_is_not_slanted(browser_with_samples):
    page = browser_with_samples.new_page(viewport={"width": 1280, "height": 900})
    page.goto(browser_with_samples.base_url + "/en/")
    styles = page.evaluate("""() => ['zh-Hans', 'ar', 'fr'].map(lang => {
        const span = document.createElement('span');
        span.className = 'fallback'; span.lang = lang; span.textContent = 'x';
        document.querySelector('main').appendChild(span);
        return getComputedStyle(span).fontStyle;
    })""")
    assert styles == ["normal", "normal", "italic"]


@pytest.fixture
def browser(live_server):
    with chromium() as browser:
        browser.base_url = live_server.url
        yield browser


def test_signed_in_the_navbar_search_keeps_a_usable_width(browser):
    from restrack.accounts.tests.factories import UserFactory

    UserFactory(username="coordinator-with-a-long-name", role="coordinator")
    for width in (1280, 992, 390):
        page = sign_in(browser, browser.base_url, "coordinator-with-a-long-name", "a-long-test-password", width=width)
        search = page.locator("#site-search").bounding_box()
        assert search["width"] >= 150, (width, search)
        assert page.evaluate(OVERFLOW) <= 0, width
        page.screenshot(path=str(SCREENSHOTS / f"chrome-navbar-signed-in-{width}.png"))
        page.context.close()


def test_a_huge_paste_gets_a_page_saying_the_limit(browser):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    problems = watch(page)
    page.goto(browser.base_url + "/en/accounts/login/")
    page.fill("#id_username", "someone")
    page.evaluate("document.querySelector('#id_password').value = 'x'.repeat(10 * 1024 * 1024)")
    page.click("main button[type=submit]")
    page.wait_for_load_state("load")
    assert page.locator("h1").inner_text() == "Too large"
    assert "at most 2.5 MB" in page.locator("main").inner_text()
    assert page.get_by_role("navigation", name="Main").is_visible()  # in the site's layout
    page.screenshot(path=str(SCREENSHOTS / "chrome-too-large.png"))
    # Nothing failed but the refused request itself (which the console reports too).
    assert problems[0] == f"413 {browser.base_url}/en/accounts/login/"
    assert all("413" in problem for problem in problems), problems


def test_on_a_phone_the_menu_folds_and_the_search_stays(browser):
    page = browser.new_page(viewport={"width": 390, "height": 844}, locale="en-GB")
    page.goto(browser.base_url + "/en/")
    header = page.locator("header").bounding_box()
    assert header["height"] <= 130, header  # the name and the menu button, then the search box
    assert page.locator("#site-search").is_visible()
    partners = page.get_by_role("link", name="Partners", exact=True)
    assert not partners.is_visible()
    page.get_by_role("button", name="Menu").click()
    partners.wait_for(state="visible")
    assert page.get_by_role("link", name="中文", exact=False).first.is_visible()
    page.screenshot(path=str(SCREENSHOTS / "chrome-phone-menu-open.png"))
    page.close()
