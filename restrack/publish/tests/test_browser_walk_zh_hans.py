"""Every public page in Chinese at 1,280 and 390 px: the walk of test_browser_walk.py (see there
and restrack/publish/tests/public_walk.py), in a module of its own so that another worker takes it."""

import pytest

from restrack.publish.tests.public_walk import serve_samples, walk_public_pages
from restrack.publish.tests.test_browser import pytestmark as browser_marks

pytestmark = [*browser_marks, pytest.mark.heavy]


@pytest.fixture
def samples_served(live_server):
    return serve_samples(live_server)


def test_every_public_page_in_chinese_at_two_widths(samples_served, subtests):
    walk_public_pages(samples_served, "zh-hans", subtests)
