"""Accessibility checked by axe-core (vendored from npm, run inside Debian's chromium): no serious
or critical violations, colour contrast included (WCAG 2 AA), on the main pages in both languages."""

import json
from pathlib import Path

from restrack.publish.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from restrack.publish.tests.test_browser import pytestmark as browser_marks  # noqa: F401  (same skips)

AXE = Path(__file__).resolve().parent / "assets" / "axe.min.js"

pytestmark = browser_marks


def violations(page, path):
    page.goto(page.base_url + path)
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})"
    )
    return [
        {"id": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]


PAGES = [
    "/en/",
    "/zh-hans/",
    "/en/resolutions/1/2/",
    "/zh-hans/periods/2024-H2/",
    "/en/periods/compare/",
    "/en/partners/UNICEF/",
    "/zh-hans/search/?q=贫民",
    "/ar/",
]


def test_no_serious_accessibility_violations(browser_page):
    # One browser and one import of the samples for every page: the pages, not the set-up, are tested.
    found = {path: problems for path in PAGES if (problems := violations(browser_page, path))}
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)


FUNDING_PAGES = [
    "/en/",
    "/en/funding/",
    "/zh-hans/funding/?period=2020-H1",
    "/en/funding/window/",
    "/en/resolutions/2/8/",
]


def test_funding_pages_have_no_serious_accessibility_violations(browser_page):
    from restrack.accounts.tests.factories import UserFactory
    from restrack.publish.tests.funding_samples import load_sample_funding, load_sample_window

    user = UserFactory(username="axe-finance", role="finance_officer")
    load_sample_funding(user)
    load_sample_window(user)
    found = {path: problems for path in FUNDING_PAGES if (problems := violations(browser_page, path))}
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)
