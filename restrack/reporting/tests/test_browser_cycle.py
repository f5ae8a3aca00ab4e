"""One whole reporting cycle in a real browser (Debian's chromium driven by Playwright): the
coordinator opens a period, two focal points draft (one in two tabs, meeting the stale-save
refusal), a reviewer returns with comments, the focal point fixes and resubmits, the reviewer
approves, the coordinator publishes, and the public page shows the new text. Screenshots of each
step are kept in var/screenshots/cycle-*.png."""

import os
import re

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from restrack.accounts.actions import set_user_role
from restrack.accounts.system_user import get_system_user
from restrack.core.events import events_about
from restrack.core.tests.event_helpers import kinds_by
from restrack.publish.tests.test_browser import SCREENSHOTS, chromium, sign_in
from restrack.publish.tests.test_browser import pytestmark as browser_marks
from restrack.registry.actions import add_operative_paragraph
from restrack.registry.selectors import find_instrument
from restrack.reporting.models import ProgressUpdate

PASSWORD = "Cycle-test-password-2026"

pytestmark = [*browser_marks, pytest.mark.heavy]


@pytest.fixture
def browser(live_server):
    call_command("load_samples", "--reports-only", stdout=open(os.devnull, "w"))
    system = get_system_user()
    for name, role, instruments in [
        ("coordinator", "coordinator", []),
        ("reviewer", "reviewer", []),
        ("focal", "focal_point", ["resolution 2/6"]),
        ("focal2", "focal_point", ["resolution 2/7"]),
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
    with chromium() as browser:
        browser.base_url = live_server.url
        yield browser


def signed_in(browser, username):
    return sign_in(browser, browser.base_url, username, PASSWORD)


def shot(page, name):
    page.screenshot(path=str(SCREENSHOTS / f"cycle-{name}.png"), full_page=True)


def open_update(page, reference_text):
    page.goto(page.url.split("/en/")[0] + "/en/work/")
    page.get_by_role("link", name=reference_text).first.click()
    page.wait_for_selector("h1")


def wait_saved(page):
    """Until every change made so far is saved (the editor's form says data-state="saved"). A wait for
    a state, not a timing: the CI machine's two cores also run the rest of the suite, and an autosave
    on PostgreSQL once took over 15 s there."""
    try:
        page.wait_for_selector('#update-editor[data-state="saved"]', timeout=45000)
    except Exception:
        shot(page, "failure")
        raise


def test_a_whole_period_in_the_browser(browser):
    coordinator = signed_in(browser, "coordinator")
    coordinator.click("nav >> text=Work")
    coordinator.click("text=New period")
    label = coordinator.input_value("#id_label")
    assert label == "2026-H2"
    coordinator.fill("#id_input_deadline", "2026-12-15")
    coordinator.click("text=Create the period")
    coordinator.click("text=Open for inputs")
    assert "focal points will be e-mailed" in coordinator.inner_text("[data-consequences]")
    coordinator.click("[data-confirm-step]")
    coordinator.wait_for_selector("text=is open; a draft is ready")
    assert coordinator.locator("tr[data-instrument]").count() == 16
    shot(coordinator, "1-board-opened")

    # Focal point 1 drafts resolution 2/6 in Chinese: edits a carried-over paragraph, adds one, moves it up.
    focal = signed_in(browser, "focal")
    open_update(focal, "Resolution 2/6 — 2026-H2")
    assert focal.locator("[data-entry]").count() == 3 and focal.locator("[data-carried-over]").count() == 3
    first = focal.locator("[data-entry] textarea").first
    first.fill(first.input_value() + "2026 年，又有 5 个国家加入。")
    wait_saved(focal)
    focal.click("text=Add a paragraph")
    focal.locator("[data-entry] textarea").last.fill("人居署于 2026 年 9 月在内罗毕举办了地方自愿审查培训。")
    focal.locator("[data-entry]").last.locator("[data-move=up]").click()
    wait_saved(focal)
    shot(focal, "2-editor")

    # The same focal point in a second tab, opened before the first tab's last saves: refused, not overwritten.
    second_tab = focal.context.new_page()
    second_tab.goto(focal.url)
    first_tab_text = "第一个标签页的修改。"
    focal.locator("[data-entry] textarea").nth(1).fill(first_tab_text)
    wait_saved(focal)
    second_tab.locator("[data-entry] textarea").nth(2).fill("第二个标签页的修改。")
    second_tab.wait_for_selector("[data-conflict]", timeout=15000)
    assert "someone else changed this update" in second_tab.inner_text("[data-conflict]")
    shot(second_tab, "3-conflict")
    second_tab.click("text=Save mine over theirs")
    wait_saved(second_tab)
    second_tab.close()
    focal.reload()
    assert focal.locator("[data-entry] textarea").nth(2).input_value() == "第二个标签页的修改。"
    focal.click("[data-submit-update]")
    focal.wait_for_selector("text=Submitted for review")
    assert focal.get_attribute("[data-workflow-state]", "data-workflow-state") == "submitted"

    # Focal point 2 drafts resolution 2/7 (in English) and submits.
    focal2 = signed_in(browser, "focal2")
    open_update(focal2, "Resolution 2/7 — 2026-H2")
    focal2.click('[aria-label="Content language"] >> text=English')
    focal2.wait_for_url(re.compile(r"lang=en"))
    if focal2.locator("[data-entry]").count() == 0:
        focal2.click("text=Add a paragraph")
    focal2.locator("[data-entry] textarea").first.fill("Made-up: the work is held back by a lack of voluntary funding.")
    wait_saved(focal2)
    # The proposal and its sentences follow the paragraphs as they are saved, without a reload.
    said = '[data-status-proposal="constrained"] q:has-text("held back by a lack of voluntary funding")'
    focal2.wait_for_selector(said, state="attached")
    focal2.locator("[data-entry] textarea").first.fill("UN-Habitat trained 40 city officials in data collection.")
    focal2.wait_for_selector(said, state="detached")
    wait_saved(focal2)
    focal2.click("[data-submit-update]")
    focal2.wait_for_selector("text=Submitted for review")

    # The reviewer returns 2/6 with a comment on one paragraph, approves 2/7.
    reviewer = signed_in(browser, "reviewer")
    open_update(reviewer, "Resolution 2/6 — 2026-H2")
    reviewer.locator("textarea[name^=paragraph-comment-]").nth(1).fill("请说明培训的参加人数。")
    reviewer.fill("#id_comment", "请补充参加人数。")
    reviewer.click("text=Return with comments")
    reviewer.wait_for_selector("text=Returned to the focal points")
    open_update(reviewer, "Resolution 2/7 — 2026-H2")
    reviewer.click("text=Approve")
    reviewer.wait_for_selector("text=Approved.")

    # The focal point sees the comments next to the paragraph, fixes it and resubmits.
    focal.reload()
    assert "请补充参加人数。" in focal.inner_text("[data-return-comment]")
    commented = focal.locator("[data-entry]").nth(1)
    assert "请说明培训的参加人数。" in commented.inner_text()
    shot(focal, "4-returned")
    commented.locator("textarea").fill("人居署于 2026 年 9 月在内罗毕举办了地方自愿审查培训，共有 35 名官员参加。")
    wait_saved(focal)
    focal.click("[data-submit-update]")
    focal.wait_for_selector("text=Submitted for review")

    reviewer.goto(browser.base_url + "/en/work/")
    reviewer.get_by_role("link", name="Resolution 2/6 — 2026-H2").click()
    reviewer.click("text=Approve")
    reviewer.wait_for_selector("text=Approved.")

    # The coordinator publishes; the public sees the new text.
    coordinator.goto(browser.base_url + f"/en/work/periods/{label}/")
    shot(coordinator, "5-board-approved")
    coordinator.click("[data-publish]")
    assert "14 of 16 updates are not approved" in coordinator.inner_text("[data-warnings]")
    shot(coordinator, "5b-publish-confirmation")
    coordinator.click("[data-confirm-step]")
    coordinator.wait_for_selector("text=is published")
    assert coordinator.locator("[data-not-published]").count() == 14
    assert "overdue" not in coordinator.inner_text("main")
    visitor = browser.new_page()
    visitor.goto(browser.base_url + "/en/resolutions/2/6/")
    section = visitor.locator(f"#update-{label}")
    assert "共有 35 名官员参加" in section.inner_text()
    assert "2026 年，又有 5 个国家加入。" in section.inner_text()
    shot(visitor, "6-public")

    update = ProgressUpdate.objects.get(period__label=label, instrument=find_instrument("resolution 2/6"))
    assert update.workflow_state == "published" and update.author.username == "focal"
    actions = kinds_by(update)
    assert actions[0] == ("drafted", "focal") and actions[-2:] == [
        ("approved", "reviewer"),
        ("published", "coordinator"),
    ]
    assert ("returned", "reviewer") in actions and actions.count(("submitted", "focal")) == 2
    assert all(event.request_id for event in events_about(update))
    assert get_user_model().objects.get(username="focal").assignments.count() == 1


# The frictions of issue 17, each where a person meets it. These start from the reference
# instruments the migrations load and people made here (no sample reports: quicker).


@pytest.fixture
def cycle(live_server):
    """coordinator, reviewer and focal (resolution 2/6), and 2025-H1 opened with a deadline."""
    from restrack.reporting import actions as reporting_actions

    system = get_system_user()
    people = {}
    for name, role, instruments in [
        ("coordinator", "coordinator", []),
        ("reviewer", "reviewer", []),
        ("focal", "focal_point", ["resolution 2/6"]),
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
        people[name] = user
    add_operative_paragraph(
        find_instrument("resolution 2/6"),
        "4",
        text={
            "en": "Requests the Executive Director to support local and regional governments in their voluntary reviews"
        },
        acting_user=system,
    )
    period = reporting_actions.create_reporting_period(
        "2025-H1", input_deadline="2025-05-15", acting_user=people["coordinator"]
    )
    reporting_actions.open_period(period, acting_user=people["coordinator"])
    with chromium() as browser:
        browser.base_url = live_server.url
        browser.people = people
        browser.period = period
        yield browser


def refuse_leave_prompts(page):
    """Fail the test if the page asks "Leave site?" (a beforeunload dialog); other dialogs are dismissed."""
    prompts = []

    def on_dialog(dialog):
        prompts.append(dialog.type)
        dialog.dismiss() if dialog.type != "beforeunload" else dialog.accept()

    page.on("dialog", on_dialog)
    return prompts


def test_submitting_for_review_leaves_the_editor_without_a_leave_site_prompt(cycle):
    """Issue 17 item 2: Submit for review, and Save now, straight after typing, navigate without
    the browser's "Leave site? Changes may not be saved"."""
    focal = signed_in(cycle, "focal")
    prompts = refuse_leave_prompts(focal)
    update = ProgressUpdate.objects.get(period=cycle.period, instrument=find_instrument("resolution 2/6"))
    focal.goto(cycle.base_url + f"/en/work/updates/{update.pk}/?lang=en")
    if focal.locator("[data-entry]").count() == 0:
        focal.click("text=Add a paragraph")
    # Leaving with a change not yet sent still asks: the protection stays where it is needed.
    focal.locator("[data-entry] textarea").first.fill("Typed, then the tab is left at once.")
    focal.goto(cycle.base_url + "/en/work/")
    assert prompts == ["beforeunload"]
    prompts.clear()
    focal.goto(cycle.base_url + f"/en/work/updates/{update.pk}/?lang=en")
    if focal.locator("[data-entry]").count() == 0:
        focal.click("text=Add a paragraph")
    # Save now, typed a moment ago (the autosave has not run yet): a plain submission.
    focal.locator("[data-entry] textarea").first.fill("UN-Habitat trained 40 city officials.")
    focal.click("text=Save now")
    focal.wait_for_selector("text=Saved: version")
    # Submit for review while the last keystrokes are still unsent.
    focal.locator("[data-entry] textarea").first.fill("UN-Habitat trained 45 city officials in data collection.")
    focal.click("[data-submit-update]")
    focal.wait_for_selector("text=Submitted for review")
    assert prompts == []
    update.refresh_from_db()
    assert update.workflow_state == "submitted"
    assert update.entries.get().text_en == "UN-Habitat trained 45 city officials in data collection."


def test_partners_by_name_labelled_paragraphs_and_commitments_for_the_reviewer(cycle):
    """Issue 17 items 11 and 6: the focal point picks partners by name from a search field (chips,
    no Ctrl-click list of codes) and sees what each operative paragraph is; the reviewer then sees
    the partners by name, the paragraphs labelled, and the update's commitments."""
    focal = signed_in(cycle, "focal")
    errors = []
    focal.on("pageerror", lambda error: errors.append(str(error)))
    update = ProgressUpdate.objects.get(period=cycle.period, instrument=find_instrument("resolution 2/6"))
    focal.goto(cycle.base_url + f"/en/work/updates/{update.pk}/?lang=en")
    if focal.locator("[data-entry]").count() == 0:
        focal.click("text=Add a paragraph")
    entry = focal.locator("[data-entry]").first
    entry.locator("textarea").fill("UN-Habitat and UNICEF trained 40 city officials.")
    assert entry.locator("select[data-partner-picker]").is_hidden()
    search = entry.locator("[data-partner-search]")
    assert search.get_attribute("list") == "partner-choices"
    search.fill("United Nations Children's Fund (UNICEF)")
    chip = entry.locator("[data-partner-chip=UNICEF]")
    chip.wait_for()
    assert "United Nations Children's Fund" in chip.inner_text()
    first_op = entry.locator("[data-op-label]").first
    assert first_op.inner_text() == "OP 4"
    assert first_op.get_attribute("title") == (
        "Operative paragraph 4: Requests the Executive Director to support local and regional governments in their…"
    )
    first_op.click()
    wait_saved(focal)
    shot(focal, "partner-picker")
    assert errors == []
    focal.click("text=Add a commitment")
    focal.locator("[data-commitment] textarea").last.fill("UN-Habitat will publish the training guide.")
    focal.locator("[data-commitment] input[name$='-due']").last.fill("2026-06")
    wait_saved(focal)
    focal.click("[data-submit-update]")
    focal.wait_for_selector("text=Submitted for review")
    saved = update.entries.get()
    assert [partner.code for partner in saved.partners.all()] == ["UNICEF"]
    assert saved.operative_paragraphs.count() == 1

    reviewer = signed_in(cycle, "reviewer")
    reviewer.goto(cycle.base_url + f"/en/work/updates/{update.pk}/?lang=en")
    assert "United Nations Children's Fund (UNICEF)" in reviewer.inner_text("[data-partner-names]")
    assert reviewer.locator("[data-op-label]").first.get_attribute("title").startswith("Operative paragraph ")
    commitments = reviewer.locator("[data-commitments-read-only]")
    assert "UN-Habitat will publish the training guide." in commitments.inner_text()
    assert commitments.locator("textarea, input, select").count() == 0
    shot(reviewer, "review-commitments")


def test_the_coordinator_corrects_the_period_and_publishes_after_a_confirmation(cycle):
    """Issue 17 items 4 and 3: the period's deadline is corrected on its settings page (an absurd
    one refused, saying why), the next Board session added there; publishing asks first, saying
    how many updates will not be published, and the board then calls them not published, not overdue."""
    coordinator = signed_in(cycle, "coordinator")
    label = cycle.period.label
    coordinator.goto(cycle.base_url + f"/en/work/periods/{label}/")
    assert coordinator.locator("text=updates overdue").count() == 1
    coordinator.click("[data-period-settings-link]")
    coordinator.fill("#id_input_deadline", "2019-01-01")
    coordinator.click("[data-save-settings]")
    assert "is before period 2025-H1 starts (2025-01-01)" in coordinator.inner_text("#id_input_deadline-error")
    shot(coordinator, "settings-refused")
    coordinator.fill("#id_input_deadline", "2025-06-15")
    coordinator.fill("#id_introduction_zh_hans", "本报告介绍决议的执行情况。")
    coordinator.click("[data-save-settings]")
    coordinator.wait_for_selector("text=The settings of 2025-H1 are saved.")
    assert "inputs due 2025-06-15" in coordinator.inner_text("main")
    coordinator.click("[data-period-settings-link]")
    coordinator.fill("#id_year", "2031")
    coordinator.fill("#id_order", "1")
    coordinator.click("text=Add the session and report to it")
    coordinator.wait_for_selector("text=Session 1 of 2031 of the Executive Board is added")
    assert "2031" in coordinator.locator("#id_board_session option:checked").inner_text()

    coordinator.goto(cycle.base_url + f"/en/work/periods/{label}/")
    total = ProgressUpdate.objects.filter(period=cycle.period).count()
    coordinator.click("[data-publish]")
    warnings = coordinator.inner_text("[data-warnings]")
    assert f"{total} of {total} updates are not approved (draft: {total}) and will not be published" in warnings
    shot(coordinator, "publish-confirmation")
    coordinator.click("[data-confirm-step]")
    coordinator.wait_for_selector("text=is published")
    assert coordinator.locator("[data-not-published]").count() == total
    assert "overdue" not in coordinator.inner_text("main table")
    assert coordinator.locator("tr.table-danger").count() == 0
