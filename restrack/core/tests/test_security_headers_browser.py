"""The Content-Security-Policy in a real browser (Debian's chromium): what it refuses shows as a
console error, which the walks of every page (restrack/publish/tests/walk.py) fail on; and what
only happens when a reader acts (a chart's tooltip on hover, the menu on a phone) is refused
nothing. The pages' own markup is checked without a browser in test_security_headers.py."""

import pytest

from restrack.publish.tests.public_walk import serve_samples
from restrack.publish.tests.test_browser import chromium
from restrack.publish.tests.test_browser import pytestmark as browser_marks
from restrack.publish.tests.walk import Watch

pytestmark = [*browser_marks]


@pytest.fixture
def samples_served(live_server):
    return serve_samples(live_server)


def test_what_the_policy_refuses_is_a_console_error_the_walks_report(samples_served):
    with chromium() as browser:
        context = browser.new_context()
        watch = Watch(context, samples_served)
        page = context.new_page()
        page.goto(samples_served + "/en/partners/")
        assert watch.take() == {}
        page.evaluate(
            """() => {
                document.body.insertAdjacentHTML("beforeend", '<p style="color: red">styled</p><img src="x" onerror="alert(1)">');
                const script = document.createElement("script");
                script.textContent = "window.ran = true";
                document.body.append(script);
            }"""
        )
        page.wait_for_timeout(300)
        refused = watch.take().get("console errors", [])
        assert not page.evaluate("() => window.ran === true")
        assert any("style" in error and "Content Security Policy" in error for error in refused), refused
        assert any("script" in error and "Content Security Policy" in error for error in refused), refused
        context.close()


def test_tooltips_and_the_phone_menu_are_refused_nothing(samples_served):
    with chromium() as browser:
        context = browser.new_context()
        watch = Watch(context, samples_served)
        page = context.new_page()
        page.goto(samples_served + "/en/funding/")
        page.wait_for_selector("[data-chart][data-drawn=true]")
        charts = page.locator("[data-chart][data-drawn=true]")
        for index in range(charts.count()):
            chart = charts.nth(index)
            chart.scroll_into_view_if_needed()
            box = chart.bounding_box()
            for x, y in ((0.5, 0.5), (0.4, 0.3), (0.6, 0.7)):
                page.mouse.move(box["x"] + box["width"] * x, box["y"] + box["height"] * y)
                page.wait_for_timeout(150)
        # A chart's height comes from its data-height, set by charts.js, not from a style attribute.
        tall = page.locator("[data-chart][data-height]").first
        assert tall.evaluate("e => e.getBoundingClientRect().height") >= int(tall.get_attribute("data-height"))
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(samples_served + "/en/")
        page.click(".navbar-toggler")
        page.wait_for_selector("#site-nav.show")
        assert watch.take() == {}
        context.close()
