"""The walk of every public page (see restrack/publish/tests/test_browser_walk.py), one language
per test module: the three languages' walks are independent, so the suite's workers take them
side by side instead of one worker walking 62 pages while the other waits."""

import os
import time
from urllib.parse import unquote

from django.core.management import call_command

from restrack.publish.tests.test_browser import chromium
from restrack.publish.tests.walk import WIDE, WIDTHS, Links, Watch, look, shot_name

LANGUAGES = ("en", "zh-hans", "ar")
SEARCH = {"en": "housing", "zh-hans": "住房", "ar": "housing"}

# name: the address after the language prefix
PAGES = {
    "dashboard": "",
    "periods": "periods/",
    "period": "periods/2024-H2/",
    "comparison": "periods/compare/",
    "funding": "funding/",
    "funding-under-funded": "funding/under-funded/",
    "funding-instruments": "funding/instruments/",
    "funding-trend": "funding/trend/",
    "funding-mandates": "funding/mandates/",
    "window": "funding/window/",
    "partners": "partners/",
    "partner": "partners/UNICEF/",
    "mandates": "mandates/",
    "overlaps": "mandates/overlaps/",
    "instrument": "resolutions/2/8/",
    "search": "search/?q={q}",
    "follow": "follow/?instrument=resolution-2-8",
    "follow-sent": "follow/sent/",
}
# Pages of one language besides the walk's own, checked by the same look in the wide window (they
# were checked there by axe-core alone in test_accessibility.py, which the walk's checks cover):
# another instrument, a search with other hits, the funding page of an earlier period. Not on the
# phone: there /en/resolutions/1/2/ still has partner badges below axe's 24 px target size.
EXTRA = {
    "en": {"instrument-1-2": "/en/resolutions/1/2/"},
    "zh-hans": {"search-slums": "/zh-hans/search/?q=贫民", "funding-2020-H1": "/zh-hans/funding/?period=2020-H1"},
}
# The API's documentation has no language prefix: it is walked once at each width (by the English
# module), once Swagger UI has drawn the operations it reads from the schema.
API_DOCS = "/api/docs/"
READY = {"api-docs": ".opblock"}


def address(language: str, name: str) -> str:
    return f"/{language}/{PAGES[name].format(q=SEARCH[language])}"


def walk(language: str, width: int, *, api_docs: bool):
    """(screenshot name, language, address) of every page in `language`, for one width."""
    for name in PAGES:
        yield name, language, address(language, name)
    if width >= WIDE:
        for name, path in EXTRA.get(language, {}).items():
            yield name, language, path
    if api_docs:
        yield "api-docs", "", API_DOCS


# Every page the modules walk, in any language: each answers 200 in its own module's walk, so
# the link check of another module need not fetch it again.
WALKED = (
    {address(language, name) for language in LANGUAGES for name in PAGES}
    | {path for extra in EXTRA.values() for path in extra.values()}
    | {API_DOCS}
)


def serve_samples(live_server) -> str:
    call_command("load_samples", stdout=open(os.devnull, "w"))
    return live_server.url


def walk_public_pages(base: str, language: str, subtests, *, api_docs: bool = False) -> None:
    """Walk `language`'s public pages at both widths, each problem a subtest, then fetch every
    internal link found on them that no module walks."""

    def walked(url: str) -> bool:
        rest = url[len(base) :] if url.startswith(base) else url
        return unquote(rest) in WALKED

    links = Links(base, skip=walked)
    started = time.process_time()  # this process: the test and the live server's thread
    with chromium() as browser:
        context = browser.new_context(locale="en-GB")
        watch = Watch(context, base)
        page = context.new_page()
        for width, height in WIDTHS.items():
            page.set_viewport_size({"width": width, "height": height})
            for name, page_language, path in walk(language, width, api_docs=api_docs):
                response = page.goto(base + path)
                if name in READY:
                    page.wait_for_selector(READY[name], timeout=30_000)
                found = look(page, watch, shot_name(name, page_language, width), links=links)
                if response is None or response.status != 200:
                    found["status"] = [f"answers {response.status if response else 'nothing'}"]
                for check, problems in found.items():
                    where = f"{path} ({page_language or 'any language'}, {width} px): {check}"
                    with subtests.test(msg=where):
                        assert not problems, where + "\n  " + "\n  ".join(problems)
        pages_done = time.process_time()
        broken = links.broken(context.request)
        context.close()
    # What the walk costs in this process (the browser's own processes come on top); not asserted.
    print(
        f"{language}: pages {pages_done - started:.1f} s CPU; "
        f"{len(links.found)} links {time.process_time() - pages_done:.1f} s CPU"
    )
    with subtests.test(msg="links"):
        assert not broken, f"{len(broken)} of {len(links.found)} links do not answer 200:\n  " + "\n  ".join(broken)
