"""The history page of a progress update in chromium: accessible in English and Chinese, the
word differences visible, and its columns stacked on a phone. (Its own module: it needs a live
server and committed data, which the history page tests' shared setting cannot give.)"""

import pytest

from restrack.publish.tests.test_browser import browser_page  # noqa: F401  (the fixture)
from restrack.publish.tests.test_browser import pytestmark as browser_marks
from restrack.reporting import actions
from restrack.reporting.actions import EntryDraft
from restrack.reporting.tests.conftest import draft_of
from restrack.reporting.tests.test_history_page import entries_of, save, url, zh


@browser_marks[0]
@browser_marks[1]
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_history_page_in_a_browser_is_accessible_and_stacks_on_small_screens(browser_page):
    from restrack.accounts.actions import set_user_role
    from restrack.accounts.system_user import get_system_user
    from restrack.publish.tests.test_browser import SCREENSHOTS
    from restrack.publish.tests.walk import axe_violations
    from restrack.registry.selectors import find_instrument
    from restrack.reporting.actions import create_reporting_period

    system = get_system_user()
    coordinator = set_user_role("coordinator", "coordinator", acting_user=system)
    focal = set_user_role("focal", "focal_point", instruments=[find_instrument("resolution 2/6")], acting_user=system)
    reviewer = set_user_role("reviewer", "reviewer", acting_user=system)
    period = create_reporting_period("2025-H1", acting_user=coordinator)
    actions.open_period(period, acting_user=coordinator)
    update = draft_of(period, "resolution 2/6")
    first, second, third = entries_of(update)
    save(
        update,
        focal,
        [
            (third.pk, {}),
            (first.pk, {"en": "UN-Habitat supports 25 countries."}),
            (second.pk, {"zh-hans": zh(second).replace("能力建设", "技术援助")}),
            EntryDraft(text={"zh-hans": "新增的段落：人居署在乌干达开展工作。"}),
        ],
        status="under_implementation",
    )
    actions.submit_update(update, acting_user=focal)
    actions.approve_update(update, acting_user=reviewer)
    actions.publish_period(period, acting_user=coordinator)

    page = browser_page
    for path in (url(update, "?from=1&to=2"), url(update, "?from=1&to=2", language="zh-hans")):
        page.goto(page.base_url + path)
        assert axe_violations(page) == [], path
    page.goto(page.base_url + url(update, "?from=1&to=2"))
    assert page.locator("del").first.is_visible() and page.locator("ins").first.is_visible()
    assert page.locator("del").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
    assert (
        page.locator(".history-diff ins").first.evaluate("e => getComputedStyle(e).textDecorationLine") == "underline"
    )
    page.screenshot(path=str(SCREENSHOTS / "update-history-en.png"), full_page=True)

    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page.base_url + url(update, "?from=1&to=2"))
    card = page.locator('[data-kind="changed"]').first
    earlier, later = card.locator(".col-md-6").nth(0).bounding_box(), card.locator(".col-md-6").nth(1).bounding_box()
    assert later["y"] >= earlier["y"] + earlier["height"] - 1  # stacked, not side by side
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")  # no sideways scrolling
    page.screenshot(path=str(SCREENSHOTS / "update-history-phone.png"), full_page=True)
