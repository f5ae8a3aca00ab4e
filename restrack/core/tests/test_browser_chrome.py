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
            # The dashboard, funding, periods and partners pages are walked in every language at
            # both widths with the same overflow check (restrack/publish/tests/test_browser_walk*.py);
            # this instrument is not.
            for path in ("resolutions/2/7/",):
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


# The characters of `e`'s text in the order they stand on screen, left to right: "2024-H2" when the
# label keeps its order, "H2-2024" when an Arabic page's bidi algorithm reorders its parts.
ON_SCREEN = """e => {
  const chars = [];
  const walker = document.createTreeWalker(e, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (let i = 0; i < node.length; i++) {
      const range = document.createRange(); range.setStart(node, i); range.setEnd(node, i + 1);
      const box = range.getBoundingClientRect();
      if (box.width) chars.push([box.left, node.data[i]]);
    }
  }
  return chars.sort((a, b) => a[0] - b[0]).map(c => c[1]).join('');
}"""
# The text of <main> a reader sees as the page's own: without what is marked as another language
# (lang other than Arabic), scripts and the charts' data.
OWN_TEXT = """() => {
  const main = document.querySelector('main').cloneNode(true);
  main.querySelectorAll('[lang]:not([lang="ar"]), script, style').forEach(e => e.remove());
  return main.textContent;
}"""
# The value axis's labels of a chart: the largest row of SVG texts with digits at one height.
AXIS_LABELS = """e => {
  const rows = {};
  e.querySelectorAll('svg text').forEach(t => {
    if (!/\\d/.test(t.textContent)) return;
    const box = t.getBoundingClientRect();
    (rows[Math.round(box.top)] = rows[Math.round(box.top)] || []).push({text: t.textContent, left: box.left, right: box.right});
  });
  const row = Object.values(rows).sort((a, b) => b.length - a.length)[0] || [];
  const chart = e.getBoundingClientRect();
  return {labels: row.sort((a, b) => a.left - b.left), left: chart.left, right: chart.right};
}"""


def test_arabic_pages_keep_labels_in_order_and_other_languages_left_to_right(browser_with_samples):
    browser = browser_with_samples
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    problems = watch(page)
    page.goto(browser.base_url + "/ar/resolutions/2/8/")
    # Periods, paragraph numbers and document symbols keep their order inside Arabic text.
    heading = page.locator('article[id="update-2024-H2"] .card-header h3')
    assert heading.evaluate(ON_SCREEN) == "2024-H2"
    assert heading.locator("bdi").evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert page.locator('#funding tr[data-period="2024-H2"] th').evaluate(ON_SCREEN) == "2024-H2"
    number = page.locator('li[id^="entry-"] span[title]').first
    assert re.fullmatch(r"\d+\.", number.evaluate(ON_SCREEN)), number.evaluate(ON_SCREEN)
    symbol = page.locator('li[id^="entry-"] a[href*="undocs.org"] bdi').first
    assert symbol.evaluate(ON_SCREEN) == "HSP/EB.2024/20"
    # Chinese paragraphs carry their lang and run left to right; so does the language's badge.
    chinese = page.locator('li[id^="entry-"] .fallback[lang="zh-Hans"]')
    assert chinese.count() >= 1
    assert set(chinese.evaluate_all("es => es.map(e => getComputedStyle(e).direction)")) == {"ltr"}
    assert page.locator('.badge[lang="zh-Hans"][dir="ltr"]').count() == chinese.count()
    # ... as whole paragraphs: aligned left, the paragraph number first (on the left).
    block = page.locator('li[id^="entry-"] .entry-text:has(> .fallback[lang="zh-Hans"])').first
    assert block.evaluate("e => [getComputedStyle(e).direction, getComputedStyle(e).textAlign]") == ["ltr", "left"]
    number_box = block.locator("span[title]").first.bounding_box()
    assert number_box["x"] - block.bounding_box()["x"] < 20, number_box
    # The English note on the sample figures keeps its full stop at its end (its right).
    note = page.locator("[data-funding-note] bdi").first
    assert note.evaluate("e => getComputedStyle(e).direction") == "ltr"
    assert note.evaluate(ON_SCREEN).replace(" ", "").endswith("data.")
    # The instrument, its body and its funding sources are named in Arabic.
    assert page.locator("h1").inner_text() == "القرار 2/8"
    assert "جمعية موئل الأمم المتحدة" in page.locator("main").inner_text()
    page.wait_for_selector('[data-chart="instrument_funding"][data-drawn="true"]')
    # The chart's periods take their own direction (FSI): under RLI "2024-H2" was drawn "H2-2024".
    period_label = page.evaluate(
        """() => echarts.getInstanceByDom(document.querySelector('[data-chart="instrument_funding"]'))
            .getOption().xAxis[0].axisLabel.formatter("2024-H2")"""
    )
    assert period_label == "\u20682024-H2\u2069"
    for path in ("resolutions/2/8/", "", "funding/", "decisions/1/3/"):
        page.goto(f"{browser.base_url}/ar/{path}")
        page.wait_for_load_state("load")  # deferred scripts, the charts among them, have run
        own = page.evaluate(OWN_TEXT)
        for english in (
            "Resolution",
            "Decision",
            "Earmarked",
            "Core (",
            "Fully funded",
            "Gap under",
            "Gap unknown",
            "UN-Habitat Assembly",
        ):
            assert english.lower() not in own.lower(), (path, english)
    # A status badge in the dashboard's table stays on one line, at both widths.
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(browser.base_url + "/ar/")
        heights = page.locator("#instruments td .badge").evaluate_all(
            "es => es.map(e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).fontSize))"
        )
        assert heights and max(heights) < 2.2, (width, heights)  # one line of text and its padding
        assert page.evaluate(OVERFLOW) <= 0, width
    assert not problems, problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_chart_axis_labels_neither_overlap_nor_are_cut(browser_with_samples, language):
    browser = browser_with_samples
    page = browser.new_page(viewport={"width": 1280, "height": 900}, locale="en-GB")
    for path, chart in (
        ("funding/", "body-data"),
        ("funding/", "trend-data"),
        ("", "gap-data"),
        ("", "session-gap-data"),
    ):
        page.goto(f"{browser.base_url}/{language}/{path}")
        element = page.locator(f'[data-source="{chart}"][data-drawn="true"]')
        element.wait_for()
        axis = element.evaluate(AXIS_LABELS)
        labels = axis["labels"]
        assert len(labels) >= 2, (path, chart, axis)
        for before, after in zip(labels, labels[1:], strict=False):
            assert before["right"] <= after["left"], (language, chart, labels)  # apart, not overlapping
        assert axis["left"] <= labels[0]["left"] and labels[-1]["right"] <= axis["right"], (language, chart, axis)
        # Compact amounts: "20M", "3.5 مليون", not "20,000,000".
        assert all(len(label["text"].strip("\u2067\u2069")) <= 10 for label in labels), labels
    page.screenshot(path=str(SCREENSHOTS / f"chrome-dashboard-charts-{language}-1280.png"), full_page=True)
    page.close()


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
