"""Every public page as a visitor meets it, in Debian's chromium: English, Chinese and Arabic, in a
1,280 px window and on a 390 px phone, with the sample reports and funding. On each page: the
charts drawn, axe-core with no serious or critical violation, no horizontal overflow, no console
error, no request leaving the server; then every internal link found on any of them answers 200.
Full-page screenshots are kept in var/screenshots/walk/<page>-<language>-<width>.png.

One browser and one page for the whole walk, and each problem is reported on its own (a subtest
per page, language, width and check), so one run lists everything still wrong."""

import os
import time

import pytest
from django.core.management import call_command

from restrack.publish.tests.test_browser import chromium
from restrack.publish.tests.test_browser import pytestmark as browser_marks
from restrack.publish.tests.walk import WIDTHS, Links, Watch, look, shot_name

pytestmark = browser_marks

LANGUAGES = ("en", "zh-hans", "ar")
SEARCH = {"en": "housing", "zh-hans": "住房", "ar": "housing"}

# name: the address after the language prefix
PAGES = {
    "dashboard": "",
    "periods": "periods/",
    "period": "periods/2024-H2/",
    "comparison": "periods/compare/",
    "funding": "funding/",
    "window": "funding/window/",
    "partners": "partners/",
    "partner": "partners/UNICEF/",
    "instrument": "resolutions/2/8/",
    "search": "search/?q={q}",
}
# The API's documentation has no language prefix: it is walked once at each width, once Swagger UI
# has drawn the operations it reads from the schema.
API_DOCS = "/api/docs/"
READY = {"api-docs": ".opblock"}


def walk():
    """(screenshot name, address) of every page, every language, for one width."""
    for language in LANGUAGES:
        for name, path in PAGES.items():
            yield name, language, f"/{language}/{path.format(q=SEARCH[language])}"
    yield "api-docs", "", API_DOCS


@pytest.fixture
def samples_served(live_server):
    call_command("load_samples", stdout=open(os.devnull, "w"))
    return live_server.url


def test_every_public_page_in_three_languages_at_two_widths(samples_served, subtests):
    base = samples_served
    links = Links(base)
    started = time.process_time()  # this process: the test and the live server's thread
    with chromium() as browser:
        context = browser.new_context(locale="en-GB")
        watch = Watch(context, base)
        page = context.new_page()
        for width, height in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            for name, language, path in walk():
                response = page.goto(base + path)
                if name in READY:
                    page.wait_for_selector(READY[name], timeout=30_000)
                found = look(page, watch, shot_name(name, language, width), links=links)
                if response is None or response.status != 200:
                    found["status"] = [f"answers {response.status if response else 'nothing'}"]
                for check, problems in found.items():
                    where = f"{path} ({language or 'any language'}, {width} px): {check}"
                    with subtests.test(msg=where):
                        assert not problems, where + "\n  " + "\n  ".join(problems)
        walked = time.process_time()
        broken = links.broken(context.request)
        context.close()
    # What the walk costs in this process (the browser's own processes come on top); not asserted.
    print(f"pages: {walked - started:.1f} s CPU; {len(links.found)} links: {time.process_time() - walked:.1f} s CPU")
    with subtests.test(msg="links"):
        assert not broken, f"{len(broken)} of {len(links.found)} links do not answer 200:\n  " + "\n  ".join(broken)
