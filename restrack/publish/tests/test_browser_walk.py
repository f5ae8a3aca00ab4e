"""Every public page as a visitor meets it, in Debian's chromium: English, Chinese and Arabic, in a
1,280 px window and on a 390 px phone, with the sample reports and funding. On each page: the
charts drawn, axe-core with no serious or critical violation, no horizontal overflow, no console
error, no request leaving the server; then every internal link found on any of them answers 200.
Full-page screenshots are kept in var/screenshots/walk/<page>-<language>-<width>.png.

This module walks the English pages and the API's documentation;
test_browser_walk_zh_hans.py and test_browser_walk_ar.py walk the same pages in Chinese and
Arabic (restrack/publish/tests/public_walk.py: one module per language, so the suite's workers
walk them side by side). A link to a page one of them walks is checked by that walk, not fetched again.

One browser and one page for each language's walk, and each problem is reported on its own (a
subtest per page, language, width and check), so one run lists everything still wrong."""

import pytest

from restrack.publish.tests.public_walk import serve_samples, walk_public_pages
from restrack.publish.tests.test_browser import pytestmark as browser_marks

pytestmark = [*browser_marks, pytest.mark.heavy]


@pytest.fixture
def samples_served(live_server):
    return serve_samples(live_server)


def test_every_public_page_in_english_and_the_api_docs_at_two_widths(samples_served, subtests):
    walk_public_pages(samples_served, "en", subtests, api_docs=True)
