"""A whole six-monthly cycle walked through the pages as the people do it, in Debian's chromium: the
coordinator creates and opens a period; the focal point, on the Chinese interface, drafts in
Chinese, cites an operative paragraph, adds a commitment and submits; the reviewer returns it with
a comment on the paragraph; the focal point fixes it and resubmits; the reviewer approves; the
coordinator publishes (through the confirmation, when one is asked for) and writes the Executive
Director's report, downloading the DOCX; a visitor reads the new text on the public page.

Each person has a browser context of their own, watched (console errors, requests leaving the
server, "Leave site?" prompts), and every page of the walk is checked as the public walk checks
its pages (axe-core, overflow, charts; restrack/publish/tests/walk.py), each problem reported on
its own without stopping the walk. Screenshots: var/screenshots/walk/cycle-*.png."""

import datetime
import os
import re

import pytest
from django.core.management import call_command

from restrack.accounts.actions import set_user_role
from restrack.accounts.system_user import get_system_user
from restrack.publish.tests.test_browser import chromium
from restrack.publish.tests.test_browser import pytestmark as browser_marks
from restrack.publish.tests.walk import WALK_SCREENSHOTS, Watch, look, person, through_confirmation
from restrack.registry.selectors import find_instrument
from restrack.reporting.models import ProgressUpdate

pytestmark = [*browser_marks, pytest.mark.heavy]
PASSWORD = "Walk-the-cycle-2026"
INSTRUMENT = "resolution 2/6"

NEW_PARAGRAPH = "人居署于 2026 年 11 月在内罗毕举办了地方自愿审查培训。"
FIXED_PARAGRAPH = "人居署于 2026 年 11 月在内罗毕举办了地方自愿审查培训，共有 35 名城市官员参加。"
COMMITMENT = "在 2027 年第二季度前再培训 50 名城市官员。"


@pytest.fixture
def served(live_server):
    call_command("load_samples", "--reports-only", stdout=open(os.devnull, "w"))
    system = get_system_user()
    for name, role, instruments in [
        ("amina", "coordinator", []),
        ("li.wei", "focal_point", [INSTRUMENT]),
        ("omar", "reviewer", []),
    ]:
        user = set_user_role(
            name,
            role,
            email=f"{name}@example.org",
            acting_user=system,
            instruments=[find_instrument(reference) for reference in instruments],
        )
        user.set_password(PASSWORD)
        user.save()
    return live_server.url


class Walk:
    """The people of the walk and the problems their pages show (a subtest each)."""

    def __init__(self, browser, base, subtests):
        self.browser, self.base, self.subtests = browser, base, subtests
        self.watches: dict[str, Watch] = {}
        self.pages: dict = {}  # each person's page, for screenshots when the walk breaks
        self.step = 0

    def person(self, username, language="en"):
        page, watch = person(self.browser, self.base, username, PASSWORD, language=language)
        self.watches[username], self.pages[username] = watch, page
        return page

    def check(self, page, who, what):
        """Look at the page `who` has in front of them (see walk.look), each problem a subtest."""
        self.step += 1
        name = f"cycle-{self.step:02d}-{what}"
        for check, problems in look(page, self.watches[who], name).items():
            where = f"{name} ({who}, {page.url.removeprefix(self.base)}): {check}"
            with self.subtests.test(msg=where):
                assert not problems, where + "\n  " + "\n  ".join(problems)

    def expect(self, condition, message):
        """A check a person makes with their eyes that need not stop the walk."""
        with self.subtests.test(msg=message):
            assert condition, message


def wait_saved(page):
    """Until every change so far is saved (the editor's form says data-state="saved")."""
    page.wait_for_selector('#update-editor[data-state="saved"]', timeout=30_000)


def open_update(page, language, reference_number):
    """From the person's workspace, the update of the instrument numbered `reference_number`."""
    page.goto(page.url.split(f"/{language}/")[0] + f"/{language}/work/")
    page.locator('main a[href*="/work/updates/"]', has_text=reference_number).first.click()
    page.wait_for_selector("[data-workflow-state]")


def state(page):
    return page.get_attribute("[data-workflow-state]", "data-workflow-state")


def test_a_whole_cycle_walked_through_the_pages(served, subtests):
    deadline = datetime.date.today() + datetime.timedelta(days=14)
    with chromium() as browser:
        walk = Walk(browser, served, subtests)
        try:
            label = walk_the_cycle(walk, browser, served, deadline)
        except Exception:
            WALK_SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            for who, page in walk.pages.items():
                page.screenshot(path=str(WALK_SCREENSHOTS / f"cycle-failed-{who}.png"), full_page=True)
            raise

    update = ProgressUpdate.objects.get(period__label=label, instrument=find_instrument(INSTRUMENT))
    assert update.workflow_state == "published" and update.author.username == "li.wei"
    cited = update.entries.get(text_zh_hans=FIXED_PARAGRAPH)
    assert cited.operative_paragraphs.count() == 1
    assert [commitment.description_zh_hans for commitment in cited.commitments_made.all()] == [COMMITMENT]


def walk_the_cycle(walk, browser, base, deadline):
    """The walk itself (see the module's docstring); the period's label."""
    # The coordinator creates the period and opens it.
    coordinator = walk.person("amina")
    coordinator.get_by_role("link", name="Work", exact=True).first.click()
    coordinator.get_by_role("link", name="New period").click()
    label = coordinator.input_value("#id_label")
    coordinator.fill("#id_input_deadline", deadline.isoformat())
    walk.check(coordinator, "amina", "new-period")
    coordinator.get_by_role("button", name="Create the period").click()
    coordinator.wait_for_selector('[data-period-state="planned"]')
    opening = coordinator.locator("main").get_by_text(re.compile("^Open for inputs"))
    through_confirmation(coordinator, opening, '[data-period-state="open"]')
    assert coordinator.locator("tr[data-instrument]").count() == 16
    walk.check(coordinator, "amina", "board-opened")

    # The focal point, on the Chinese interface, drafts in Chinese.
    focal = walk.person("li.wei", language="zh-hans")
    open_update(focal, "zh-hans", "2/6")
    focal.locator('a[href="?lang=zh-hans"]').click()
    focal.wait_for_url("**?lang=zh-hans")
    assert state(focal) == "draft"
    first = focal.locator("[data-entry] textarea[name$='-text']").first
    first.fill(first.input_value() + "2026 年，又有 5 个国家加入。")
    wait_saved(focal)
    focal.locator("[data-add-entry]").click()
    added = focal.locator("[data-entry]").last
    added.locator("textarea[name$='-text']").fill(NEW_PARAGRAPH)
    # It cites an operative paragraph of the resolution.
    added.locator("input[type=checkbox][name$='-ops']").first.check()
    wait_saved(focal)
    # And adds a commitment, promised in the new paragraph.
    focal.locator("[data-add-commitment]").click()
    commitment = focal.locator("[data-commitment]").last
    commitment.locator("textarea[name$='-description']").fill(COMMITMENT)
    commitment.locator("input[name$='-due']").fill("2027-Q2")
    promised_in = commitment.locator("select[name$='-promised_in']")
    promised_in.select_option(index=promised_in.locator("option").count() - 1)
    wait_saved(focal)
    walk.check(focal, "li.wei", "editor-drafted")
    focal.locator("[data-submit-update]").click()
    focal.wait_for_selector('[data-workflow-state="submitted"]', timeout=30_000)
    walk.check(focal, "li.wei", "submitted")

    # The reviewer reads it, commitments included, and returns it with a comment on the new paragraph.
    reviewer = walk.person("omar")
    open_update(reviewer, "en", "2/6")
    walk.expect(
        COMMITMENT in reviewer.inner_text("main"),
        "the reviewer sees the commitment the focal point added on the review page",
    )
    walk.check(reviewer, "omar", "review")
    reviewer.locator("textarea[name^=paragraph-comment-]").last.fill("请说明培训的参加人数。")
    reviewer.fill("#id_comment", "请补充参加人数。")
    reviewer.get_by_role("button", name="Return with comments").click()
    reviewer.wait_for_selector('[data-workflow-state="returned"]')

    # The focal point sees the comments beside the paragraph, fixes it and resubmits.
    open_update(focal, "zh-hans", "2/6")
    assert "请补充参加人数。" in focal.inner_text("[data-return-comment]")
    commented = focal.locator("[data-entry]", has=focal.locator("[data-review-comment]"))
    assert commented.count() == 1 and "请说明培训的参加人数。" in commented.inner_text()
    walk.check(focal, "li.wei", "returned")
    commented.locator("textarea[name$='-text']").fill(FIXED_PARAGRAPH)
    wait_saved(focal)
    focal.locator("[data-submit-update]").click()
    focal.wait_for_selector('[data-workflow-state="submitted"]', timeout=30_000)

    # The reviewer approves.
    open_update(reviewer, "en", "2/6")
    reviewer.get_by_role("button", name="Approve").click()
    reviewer.wait_for_selector('[data-workflow-state="approved"]')
    walk.check(reviewer, "omar", "approved")

    # The coordinator publishes, through the confirmation the step asks for.
    coordinator.goto(f"{base}/en/work/periods/{label}/")
    asked = through_confirmation(coordinator, coordinator.locator("[data-publish]"), '[data-period-state="published"]')
    walk.expect(
        asked or walk.watches["amina"].confirms,
        "publishing asks the coordinator to confirm before it freezes the period",
    )
    walk.check(coordinator, "amina", "board-published")

    # And writes the Executive Director's report: the preview, then the DOCX.
    coordinator.locator("[data-report-link]").click()
    coordinator.wait_for_selector("[data-report-form]")
    coordinator.locator("[data-report-form] button[type=submit]").click()
    coordinator.wait_for_load_state()
    if coordinator.locator("[data-missing]").count():  # texts in no version of the report's language
        coordinator.check("#id_allow_missing")
        coordinator.locator("[data-report-form] button[type=submit]").click()
        coordinator.wait_for_load_state()
    frame = coordinator.frame_locator("[data-report-frame]")
    frame.locator("body").wait_for()
    walk.expect("共有 35 名城市官员参加" in frame.locator("body").inner_text(), "the report has the new paragraph")
    walk.check(coordinator, "amina", "report-preview")
    coordinator.locator("[data-downloads] button", has_text="DOCX").click()
    offered = coordinator.wait_for_selector("[data-report-jobs] [data-job-file]", timeout=120_000)
    with coordinator.expect_download() as download:
        offered.click()
    assert download.value.suggested_filename.endswith(".docx")
    with open(download.value.path(), "rb") as docx:
        assert docx.read(2) == b"PK"

    # A visitor reads the published text on the public page.
    visitor_context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    walk.watches["visitor"] = Watch(visitor_context, base)
    visitor = walk.pages["visitor"] = visitor_context.new_page()
    visitor.goto(f"{base}/zh-hans/resolutions/2/6/")
    section = visitor.locator(f"#update-{label}")
    assert FIXED_PARAGRAPH in section.inner_text()
    walk.check(visitor, "visitor", "public")

    for who, watch in walk.watches.items():
        seen = watch.take()
        walk.expect(not seen, f"nothing more went wrong behind {who}'s pages: {seen}")

    return label
