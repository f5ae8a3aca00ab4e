"""E-mail to the people each step concerns, sent once the step has committed; the reminders
command a scheduler runs; and the request id that ties a workflow log entry to its request."""

import io
import re
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import CommandError, call_command
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone

from restrack.accounts.actions import set_user_role
from restrack.accounts.system_user import get_system_user
from restrack.core.events import events_about
from restrack.core.models import Event
from restrack.core.request_id import HEADER, RequestIdMiddleware, current_request_id
from restrack.core.tests.event_helpers import kinds
from restrack.registry.selectors import find_instrument
from restrack.reporting import actions
from restrack.reporting.actions import update_reporting_period
from restrack.reporting.log import LogLine
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db

SITE = "https://restrack.example.org"


class FailingBackend(BaseEmailBackend):
    """A mail server that is down."""

    def send_messages(self, messages):
        raise ConnectionRefusedError("the mail server is down")


@pytest.fixture
def people(shared_people):
    return shared_people


@pytest.fixture
def period(shared_period):
    return shared_period


@pytest.fixture
def opened(people, period):
    """As conftest's opened (the e-mail it sends is not part of the test)."""
    actions.open_period(period, acting_user=people["coordinator"])
    period.refresh_from_db()
    return period


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = SITE


def link(update):
    path = reverse("reporting:update", args=[update.pk])
    assert path.startswith("/")
    return SITE + path


def by_recipient(mailoutbox):
    mails = {}
    for mail in mailoutbox:
        (address,) = mail.to
        assert address not in mails, f"{address} got two mails"
        mails[address] = mail
    return mails


def test_opening_mails_each_focal_point_once_with_links_to_their_drafts(
    people, period, mailoutbox, django_capture_on_commit_callbacks
):
    system = get_system_user()
    set_user_role(
        "focal",
        "focal_point",
        instruments=[find_instrument("resolution 2/6"), find_instrument("resolution 2/8")],
        acting_user=system,
    )
    with django_capture_on_commit_callbacks(execute=True):
        actions.open_period(period, acting_user=people["coordinator"])
    mails = by_recipient(mailoutbox)
    assert set(mails) == {"focal@example.org", "focal2@example.org"}
    mail = mails["focal@example.org"]
    assert mail.subject == "Restrack: reporting period 2025-H1 is open for your inputs"
    assert "Please submit your updates by 15 May 2025." in mail.body
    for reference in ("resolution 2/6", "resolution 2/8"):
        assert f"- {reference.capitalize()}: {link(draft_of(period, reference))}\n" in mail.body
    assert "2/7" not in mail.body
    assert link(draft_of(period, "resolution 2/7")) in mails["focal2@example.org"].body
    assert Event.objects.get(kind="period.opened").data == {"drafts": 16, "notified": 2}


def test_each_review_step_mails_the_people_it_concerns(people, opened, mailoutbox, django_capture_on_commit_callbacks):
    draft = draft_of(opened, "resolution 2/6")
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_update(draft, acting_user=people["focal"])
    (submitted,) = mailoutbox
    assert submitted.to == ["reviewer@example.org"]
    assert submitted.subject == "Restrack: the update on resolution 2/6 for 2025-H1 is ready for review"
    assert "focal submitted the update" in submitted.body and link(draft) in submitted.body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.return_update(draft, comment="Add the 2025 figures.\nAnd the partners.", acting_user=people["reviewer"])
    (returned,) = mailoutbox
    assert returned.to == ["focal@example.org"]
    assert "was returned for changes" in returned.subject
    assert "Add the 2025 figures.\nAnd the partners." in returned.body and link(draft) in returned.body

    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_update(draft, acting_user=people["coordinator"])  # now the author
        actions.approve_update(draft, acting_user=people["reviewer"])
    assert [mail.to for mail in mailoutbox] == [
        ["reviewer@example.org"],
        ["coordinator@example.org"],
        ["focal@example.org"],
    ]
    assert all("was approved" in mail.subject for mail in mailoutbox[1:])
    assert "reviewer approved the update on resolution 2/6 for 2025-H1" in mailoutbox[2].body


def test_a_refused_step_sends_nothing(people, opened, mailoutbox, django_capture_on_commit_callbacks):
    draft = draft_of(opened, "resolution 2/6")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(PermissionDenied):
            actions.submit_update(draft, acting_user=people["focal2"])
        with pytest.raises(ValidationError):
            actions.approve_update(draft, acting_user=people["reviewer"])
        with pytest.raises(ValidationError):
            actions.open_period(opened, acting_user=people["coordinator"])  # already open
        with pytest.raises(PermissionDenied):
            actions.send_reminders(opened, acting_user=people["focal"])
    assert callbacks == [] and mailoutbox == []


def test_a_failing_mail_server_does_not_undo_the_step(
    people, opened, settings, caplog, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = f"{__name__}.FailingBackend"
    draft = draft_of(opened, "resolution 2/6")
    with django_capture_on_commit_callbacks(execute=True):
        actions.submit_update(draft, acting_user=people["focal"])
    draft.refresh_from_db()
    assert draft.workflow_state == "submitted"
    assert kinds(draft, "submitted")
    assert "Could not send submitted mail to reviewer@example.org" in caplog.text


def test_the_reminders_action_mails_focal_points_and_logs_it(
    people, opened, mailoutbox, django_capture_on_commit_callbacks
):
    draft = draft_of(opened, "resolution 2/6")
    actions.submit_update(draft, acting_user=people["focal"])
    with pytest.raises(PermissionDenied):
        actions.send_reminders(opened, acting_user=people["reviewer"])
    with django_capture_on_commit_callbacks(execute=True):
        assert actions.send_reminders(opened, acting_user=people["coordinator"]) == 1
    (mail,) = mailoutbox  # focal's only update is submitted: nothing to remind them of
    assert mail.to == ["focal2@example.org"]
    assert mail.subject == "Restrack reminder: your updates for 2025-H1 are not yet submitted"
    assert f"- Resolution 2/7 (draft): {link(draft_of(opened, 'resolution 2/7'))}" in mail.body
    event = Event.objects.get(kind="period.reminded")
    assert (event.actor, event.target, event.data) == (people["coordinator"], opened, {"people": 1, "updates": 15})
    assert LogLine(event, None).note == "1 focal points reminded of 15 updates."


def remind(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_send_reminders_command(people, opened, mailoutbox, django_capture_on_commit_callbacks):
    out = remind("--period", "2025-h1", "--dry-run")
    assert "2025-H1 (deadline 2025-05-15): would remind 2 focal points of 16 updates [dry run: nothing sent]" in out
    assert "focal <focal@example.org>: resolution 2/6 (draft)" in out
    assert "focal2 <focal2@example.org>: resolution 2/7 (draft)" in out
    assert "nobody to remind of: resolution 1/1" in out
    assert mailoutbox == [] and not Event.objects.filter(kind="period.reminded").exists()

    with django_capture_on_commit_callbacks(execute=True):
        out = remind("--period", "2025-H1")
    assert "2025-H1 (deadline 2025-05-15): reminded 2 focal points of 16 updates\n" in out
    assert sorted(mail.to[0] for mail in mailoutbox) == ["focal2@example.org", "focal@example.org"]
    event = Event.objects.get(kind="period.reminded")
    assert event.actor == get_system_user()  # scheduled: the system account, which holds the administrator role

    with django_capture_on_commit_callbacks(execute=True):
        remind("--period", "2025-H1", "--as", "coordinator")
    assert Event.objects.filter(kind="period.reminded").last().actor == people["coordinator"]
    with pytest.raises(CommandError, match="viewer is not a coordinator or administrator"):
        remind("--period", "2025-H1", "--as", "viewer")
    with pytest.raises(CommandError, match="No user 'nobody'"):
        remind("--as", "nobody")


def test_send_reminders_command_by_deadline(people, opened, mailoutbox, django_capture_on_commit_callbacks):
    today = timezone.localdate()
    update_reporting_period(opened, input_deadline=today + timedelta(days=10), acting_user=people["coordinator"])
    assert remind().startswith("No open period has its deadline for inputs within 7 days or past")
    assert "2025-H1" in remind("--days", "10", "--dry-run")
    update_reporting_period(opened, input_deadline=today - timedelta(days=3), acting_user=people["coordinator"])
    with django_capture_on_commit_callbacks(execute=True):
        out = remind("--days", "0")
    assert f"2025-H1 (deadline {today - timedelta(days=3):%Y-%m-%d}): reminded 2 focal points" in out
    assert len(mailoutbox) == 2
    update_reporting_period(opened, input_deadline=None, acting_user=people["coordinator"])
    assert remind().startswith("No open period")  # no deadline: only reminded when named


def test_send_reminders_command_refuses_unknown_and_closed_periods(people, period, mailoutbox):
    with pytest.raises(CommandError, match=r"No reporting period '2031-H1'; the latest are 2025-H1, 2024-H2"):
        remind("--period", "2031-H1")
    with pytest.raises(CommandError, match="Period 2025-H1 is planned: reminders are sent only while a period is open"):
        remind("--period", "2025-H1")
    with pytest.raises(CommandError, match="Period 2024-H2 is published"):
        remind("--period", "2024-H2", "--dry-run")
    assert mailoutbox == [] and not Event.objects.filter(kind__in=["period.reminded", "period.opened"]).exists()


def respond_with_a_step(people, update):
    def view(request):
        actions.submit_update(update, acting_user=people["focal"])
        return HttpResponse(current_request_id())

    return RequestIdMiddleware(view)


def test_the_request_id_lands_in_the_workflow_log(people, opened):
    draft = draft_of(opened, "resolution 2/6")
    response = respond_with_a_step(people, draft)(RequestFactory().post("/"))
    request_id = response[HEADER]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id) and response.content.decode() == request_id
    assert events_about(draft).get().request_id == request_id
    assert current_request_id() == ""  # outside the request again
    actions.return_update(draft, comment="Not yet.", acting_user=people["reviewer"])
    assert Event.objects.get(kind="update.returned").request_id == ""


def test_a_sensible_incoming_request_id_is_kept_and_a_bad_one_replaced(people, opened):
    draft = draft_of(opened, "resolution 2/6")
    middleware = RequestIdMiddleware(lambda request: HttpResponse(current_request_id()))
    kept = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="proxy-7f3a.b2:91"))
    assert kept[HEADER] == kept.content.decode() == "proxy-7f3a.b2:91"
    for bad in ("short", "x" * 65, "id with spaces", "<script>alert(1)</script>", "ïd-ünicode-123"):
        replaced = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID=bad))
        assert re.fullmatch(r"[0-9a-f]{32}", replaced[HEADER]) and replaced.content.decode() == replaced[HEADER]
    response = respond_with_a_step(people, draft)(RequestFactory().post("/", HTTP_X_REQUEST_ID="lb-0123456789abcdef"))
    assert response[HEADER] == "lb-0123456789abcdef"
    assert events_about(draft).get().request_id == "lb-0123456789abcdef"
