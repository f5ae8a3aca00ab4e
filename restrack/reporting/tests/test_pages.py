"""The working pages through the test client: what each role sees and may do (the permission
matrix of the web pages), the editor's saves (autosave answers, stale saves refused with what
changed), review with paragraph comments, and the period board."""

import pytest
from django.core import mail
from django.urls import reverse

from restrack.accounts.actions import set_user_role
from restrack.accounts.system_user import get_system_user
from restrack.core.events import events_about
from restrack.core.models import Event
from restrack.registry.selectors import find_instrument
from restrack.reporting import actions
from restrack.reporting.actions import EntryDraft, save_draft
from restrack.reporting.models import ProgressUpdate, ReportingPeriod
from restrack.reporting.tests.conftest import draft_of
from restrack.reporting.tests.editing import editor_post
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "focal", "focal2", "reviewer", "coordinator", "administrator"]
UPDATE_ACTIONS = ["view", "save", "submit", "return", "approve"]
STATES = ["draft", "submitted", "approved"]


@pytest.fixture
def people(shared_people):
    """The module's shared setting (see conftest): the samples and people are built once."""
    return shared_people


@pytest.fixture
def opened(shared_opened):
    return shared_opened


@pytest.fixture
def staged(people, opened):
    """An update of a different instrument for every (action, state) pair, each already in that
    state and with a paragraph; `focal` is the focal point of all of them, `focal2` of none."""
    coordinator = people["coordinator"]
    pool = list(opened.updates.exclude(instrument=find_instrument("resolution 2/7")).order_by("instrument"))
    set_user_role("focal", "focal_point", instruments=[u.instrument for u in pool], acting_user=get_system_user())
    staged = {}
    for (action, state), update in zip([(a, s) for a in UPDATE_ACTIONS for s in STATES], pool, strict=False):
        if not update.entries.exists():
            save_draft(
                update,
                version=update.version,
                entries=[EntryDraft(text={"en": "Progress was made."})],
                acting_user=coordinator,
            )
        if state in ("submitted", "approved"):
            actions.submit_update(update, acting_user=coordinator)
        if state == "approved":
            actions.approve_update(update, acting_user=people["reviewer"])
        staged[action, state] = ProgressUpdate.objects.get(pk=update.pk)
    return staged


def expected(role: str, action: str, state: str) -> str:
    if role == "anonymous" or (role == "viewer" and state == "draft"):
        return "missing"
    if action == "view":
        return "ok"
    if action in ("save", "submit"):
        if role in ("focal", "coordinator", "administrator"):
            return "ok" if state == "draft" else "refused"
        return "forbidden"
    if role in ("reviewer", "coordinator", "administrator"):
        return "ok" if state == "submitted" else "refused"
    return "forbidden"


def perform(client, action, update):
    url = lambda name: reverse(f"reporting:{name}", args=[update.pk])  # noqa: E731
    if action == "view":
        return client.get(url("update"))
    if action == "save":
        return client.post(url("update_save"), editor_post(update, "Edited in the matrix."), HTTP_HX_REQUEST="true")
    if action == "return":
        return client.post(url("update_return"), {"comment": "Please add figures."})
    return client.post(url(f"update_{action}"))


def outcome(response, action, before: ProgressUpdate) -> str:
    if response.status_code == 404:
        return "missing"
    if response.status_code == 403:
        return "forbidden"
    after = ProgressUpdate.objects.get(pk=before.pk)
    done = {
        "view": response.status_code == 200,
        "save": response.status_code == 200 and after.version > before.version,
        "submit": after.workflow_state == "submitted" and before.workflow_state != "submitted",
        "return": after.workflow_state == "returned",
        "approve": after.workflow_state == "approved" and before.workflow_state != "approved",
    }[action]
    if done:
        return "ok"
    assert after.version == before.version, f"{action} was refused but changed the update"
    return "refused"


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_update_pages(client, people, staged, role):
    if role != "anonymous":
        client.force_login(people[role])
    results = {}
    for (action, state), update in staged.items():
        results[action, state] = outcome(perform(client, action, update), action, update)
    wanted = {(action, state): expected(role, action, state) for action, state in staged}
    assert results == wanted


@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix_of_period_pages(client, people, role):
    if role != "anonymous":
        client.force_login(people[role])
    coordinating = role in ("coordinator", "administrator")
    create = client.post(reverse("reporting:period_create"), {"label": "2025-H2", "input_deadline": "2025-11-15"})
    if role == "anonymous":
        assert create.status_code == 302 and "/accounts/login/" in create["Location"]
    else:
        assert create.status_code == (302 if coordinating else 403)
    assert ReportingPeriod.objects.filter(label="2025-H2").exists() == coordinating
    period = ReportingPeriodFactory(label="2025-H2")
    for step, state_after in (("open", "open"), ("remind", "open"), ("publish", "published")):
        # Opening and publishing run only when confirmed on their confirmation page (issue 17 item 3).
        response = client.post(reverse(f"reporting:period_{step}", args=[period.label]), {"confirm": "yes"})
        period.refresh_from_db()
        if coordinating:
            assert response.status_code == 302 and period.state == state_after
        else:
            assert response.status_code in (302, 403) and period.state == "planned"
            assert response.status_code == 403 or "/accounts/login/" in response["Location"]


def test_anonymous_visitors_see_published_updates_only(client, people, opened):
    published = ProgressUpdate.objects.filter(workflow_state="published").first()
    assert client.get(reverse("reporting:update", args=[published.pk])).status_code == 200
    assert client.get(reverse("reporting:update", args=[draft_of(opened, "resolution 2/6").pk])).status_code == 404
    assert client.get(reverse("reporting:workspace")).status_code == 302


def test_autosave_answers_with_the_new_version_and_the_ids_of_new_paragraphs(client, people, opened):
    draft = draft_of(opened, "resolution 2/6")
    client.force_login(people["focal"])
    data = editor_post(draft, None, language="zh-hans")
    data["entry"].append("new-abc")
    data["entry-new-abc-text"] = "新增的一段。"
    response = client.post(reverse("reporting:update_save", args=[draft.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    draft.refresh_from_db()
    added = draft.entries.get(position=4)
    assert added.text_zh_hans == "新增的一段。"
    assert f'id="update-version" value="{draft.version}" hx-swap-oob="true"' in body
    assert f'id="entry-new-abc-id" value="{added.pk}" hx-swap-oob="true"' in body
    again = client.post(
        reverse("reporting:update_save", args=[draft.pk]),
        {**data, "version": draft.version, "entry-new-abc-id": added.pk},
        HTTP_HX_REQUEST="true",
    )
    assert "All changes saved." in again.content.decode()
    assert draft.entries.count() == 4  # the second save did not add the paragraph twice


def test_a_stale_save_is_refused_and_shows_what_changed(client, people, opened):
    draft = draft_of(opened, "resolution 2/6")
    stale = editor_post(draft, "我在另一个标签页里写的文字。", language="zh-hans")
    first = draft.entries.order_by("position").first()
    save_draft(
        draft,
        version=draft.version,
        acting_user=people["coordinator"],
        entries=[
            EntryDraft(id=e.pk, text={"zh-hans": e.text_zh_hans.replace("22 个国家", "23 个国家")})
            for e in draft.entries.order_by("position")
        ],
    )
    client.force_login(people["focal"])
    response = client.post(reverse("reporting:update_save", args=[draft.pk]), stale, HTTP_HX_REQUEST="true")
    assert response.status_code == 409
    body = response.content.decode()
    assert "<del>22</del><ins>23</ins>" in body
    assert 'data-adopt-version="2"' in body and "coordinator" in body
    first.refresh_from_db()
    assert "23 个国家" in first.text_zh_hans and "另一个标签页" not in first.text_zh_hans
    page = client.post(reverse("reporting:update_save", args=[draft.pk]), stale)
    assert page.status_code == 409 and "我在另一个标签页里写的文字。" in page.content.decode()


def test_submitting_from_the_editor_saves_first(client, people, opened, mailoutbox):
    draft = draft_of(opened, "resolution 2/6")
    client.force_login(people["focal"])
    response = client.post(
        reverse("reporting:update_submit", args=[draft.pk]),
        editor_post(draft, "Final text.", status="under_implementation"),
        HTTP_HX_REQUEST="true",
    )
    assert response["HX-Redirect"].startswith(reverse("reporting:update", args=[draft.pk]))
    draft.refresh_from_db()
    assert draft.workflow_state == "submitted" and draft.status == "under_implementation"
    assert draft.entries.order_by("position").first().text_en == "Final text."


def test_a_returned_update_shows_the_comments_next_to_the_paragraphs(client, people, opened):
    draft = draft_of(opened, "resolution 2/6")
    actions.submit_update(draft, acting_user=people["focal"])
    second = draft.entries.order_by("position")[1]
    client.force_login(people["reviewer"])
    review = client.get(reverse("reporting:update", args=[draft.pk])).content.decode()
    assert f'name="paragraph-comment-{second.pk}"' in review and "Approve" in review
    client.post(
        reverse("reporting:update_return", args=[draft.pk]),
        {"comment": "Update the figures.", f"paragraph-comment-{second.pk}": "Which cities?"},
    )
    client.force_login(people["focal"])
    editor = client.get(reverse("reporting:update", args=[draft.pk])).content.decode()
    assert "Update the figures." in editor and "Which cities?" in editor
    section = editor.split(f'data-key="{second.pk}"')[1].split("</section>")[0]
    assert "Which cities?" in section  # next to its paragraph


def test_returning_without_a_comment_is_refused_with_a_message(client, people, opened):
    draft = draft_of(opened, "resolution 2/6")
    actions.submit_update(draft, acting_user=people["focal"])
    client.force_login(people["reviewer"])
    response = client.post(reverse("reporting:update_return", args=[draft.pk]), {"comment": " "}, follow=True)
    assert "returned update needs a comment" in response.content.decode()
    draft.refresh_from_db()
    assert draft.workflow_state == "submitted"


def test_the_board_shows_overdue_updates_and_sends_reminders(
    client, people, opened, mailoutbox, django_capture_on_commit_callbacks
):
    actions.submit_update(draft_of(opened, "resolution 2/7"), acting_user=people["focal2"])
    client.force_login(people["coordinator"])
    board = client.get(reverse("reporting:period_board", args=[opened.label])).content.decode()
    row_26 = board.split('data-instrument="resolution 2/6"')[1].split("</tr>")[0]
    row_27 = board.split('data-instrument="resolution 2/7"')[1].split("</tr>")[0]
    assert "overdue by" in row_26 and "focal" in row_26  # the deadline 2025-05-15 has passed
    assert "overdue" not in row_27 and "focal2" in row_27  # submitted
    assert 'class="table-danger"' in board.split('data-instrument="resolution 2/6"')[0].rsplit("<tr", 1)[1]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reporting:period_remind", args=[opened.label]), follow=True)
    assert "Reminders sent" in response.content.decode()
    assert [message.to for message in mail.outbox] == [["focal@example.org"]]
    assert Event.objects.filter(kind="period.reminded", target_id=opened.pk).exists()


def test_creating_a_period_explains_bad_input(client, people):
    client.force_login(people["coordinator"])
    form = client.get(reverse("reporting:period_create")).content.decode()
    assert 'value="2026-H2"' in form  # today (2026-11-21) is in the second half of 2026
    response = client.post(reverse("reporting:period_create"), {"label": "2025-H3"})
    assert response.status_code == 200 and "is not a reporting period" in response.content.decode()
    assert ReportingPeriod.objects.filter(label="2025-H1").exists()  # made by the module's shared setting
    response = client.post(reverse("reporting:period_create"), {"label": "2025-H1"})
    assert "already exists" in response.content.decode()


def test_a_step_records_the_request_id(client, people, opened):
    draft = draft_of(opened, "resolution 2/6")
    client.force_login(people["focal"])
    response = client.post(reverse("reporting:update_submit", args=[draft.pk]), HTTP_X_REQUEST_ID="trace-0123456789")
    assert response["X-Request-ID"] == "trace-0123456789"
    assert events_about(draft).get(kind="update.submitted").request_id == "trace-0123456789"
