"""Following by e-mail without an account: ask, confirm by the mailed link (double opt-in; links
expire), get a digest when a period is published, funding and overdue alerts, stop with one
click; rate limits; the address never shown. Built on factories (no sample report)."""

import datetime
import re

import pytest
from django.core import mail
from django.core.signing import TimestampSigner

from restrack.accounts.tests.factories import UserFactory
from restrack.core.guard import writes_allowed
from restrack.core.models import Event
from restrack.follow import notify
from restrack.follow.actions import end_following
from restrack.follow.models import Notice, Subscription
from restrack.registry.models import Instrument, Partner
from restrack.reporting.actions import publish_period
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.tests.factories import (
    CommitmentFactory,
    ProgressUpdateFactory,
    ReportingPeriodFactory,
    UpdateEntryFactory,
)

pytestmark = pytest.mark.django_db
ADDRESS = "reader@example.org"
LINK = re.compile(r"http://\S+/follow/(?:confirm|stop)/\S+/")


def two_six():
    return Instrument.objects.get(kind="resolution", number="2/6")


def ask(client, capture, address: str = ADDRESS, query: str = "?instrument=resolution-2-6", language="en", **data):
    with capture(execute=True):
        return client.post(f"/{language}/follow/{query}", {"email": address, **data})


def links(message) -> list[str]:
    return LINK.findall(message.body)


def follow(client, capture, address: str = ADDRESS, query: str = "?instrument=resolution-2-6", **data) -> Subscription:
    """Ask and confirm; the subscription."""
    mail.outbox.clear()
    assert ask(client, capture, address, query, **data).status_code == 302
    confirm_link = links(mail.outbox[-1])[0]
    with capture(execute=True):
        assert client.post(confirm_link.split("testserver", 1)[-1]).status_code == 200
    mail.outbox.clear()
    return Subscription.objects.get(
        email=address, confirmed_at__isnull=False, target__startswith=query[1:].split("=")[0] or "tracker"
    )


def test_asking_confirming_and_stopping(client, django_capture_on_commit_callbacks):
    page = client.get("/en/follow/?instrument=resolution-2-6")
    assert page.status_code == 200 and "Follow Resolution 2/6 by e-mail" in page.content.decode()
    response = ask(client, django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == "/en/follow/sent/"
    sent = client.get(response["Location"]).content.decode()
    assert "Check your inbox" in sent and ADDRESS not in sent
    (message,) = mail.outbox
    assert message.to == [ADDRESS] and message.subject == "Confirm: follow Resolution 2/6 on Restrack"
    (confirm_link,) = links(message)
    stop_link = message.extra_headers["List-Unsubscribe"].strip("<>")
    assert "/en/follow/stop/" in stop_link
    subscription = Subscription.objects.get()
    assert subscription.confirmed_at is None and subscription.language == "en"
    # Opening the link (as a mail scanner does) confirms nothing: the page asks.
    path = confirm_link.split("testserver", 1)[-1]
    assert "Yes, follow it" in client.get(path).content.decode()
    subscription.refresh_from_db()
    assert subscription.confirmed_at is None
    confirmed = client.post(path).content.decode()
    assert "You follow Resolution 2/6" in confirmed and ADDRESS not in confirmed
    subscription.refresh_from_db()
    assert subscription.confirmed_at is not None
    # Nothing in the event log names the address.
    events = Event.objects.filter(kind__startswith="follow.")
    assert {event.kind for event in events} == {"follow.requested", "follow.confirmed"}
    assert not any(ADDRESS in f"{event.target_repr} {event.reason} {event.data}" for event in events)
    # One click from the mail program (RFC 8058: a POST with no CSRF token) stops it.
    stop_path = stop_link.split("testserver", 1)[-1]
    assert "Stop following Resolution 2/6?" in client.get(stop_path).content.decode()
    client.handler.enforce_csrf_checks = True
    stopped = client.post(stop_path, {"List-Unsubscribe": "One-Click"})
    assert stopped.status_code == 200 and "You no longer follow Resolution 2/6" in stopped.content.decode()
    assert not Subscription.objects.exists()
    assert client.post(stop_path).status_code == 200  # again: nothing left, the same answer


def test_in_chinese_the_pages_and_the_mail(client, django_capture_on_commit_callbacks):
    assert client.get("/zh-hans/follow/").status_code == 200
    ask(client, django_capture_on_commit_callbacks, query="", language="zh-hans")
    (message,) = mail.outbox
    assert "确认" in message.subject and "/zh-hans/follow/confirm/" in message.body
    assert Subscription.objects.get().language == "zh-hans"


def test_an_expired_or_altered_link_confirms_nothing(client, django_capture_on_commit_callbacks, monkeypatch, settings):
    ask(client, django_capture_on_commit_callbacks)
    confirm_link = links(mail.outbox[0])[0]
    path = confirm_link.split("testserver", 1)[-1]
    assert client.post(path[:-3] + "xx/").status_code == 404
    later = datetime.datetime.now().timestamp() + (settings.RESTRACK_FOLLOW_CONFIRM_HOURS + 1) * 3600
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    expired = client.post(path)
    assert expired.status_code == 410 and "This link has expired" in expired.content.decode()
    assert Subscription.objects.get().confirmed_at is None


def test_asking_again_does_not_change_a_confirmed_following(client, django_capture_on_commit_callbacks):
    subscription = follow(client, django_capture_on_commit_callbacks, gap_threshold="40")
    ask(client, django_capture_on_commit_callbacks, gap_threshold="90")
    (message,) = mail.outbox
    assert message.subject == "You already follow Resolution 2/6 on Restrack"
    subscription.refresh_from_db()
    assert subscription.gap_threshold == 40 and Subscription.objects.count() == 1


@pytest.mark.parametrize(
    ("query", "data", "status", "words"),
    [
        ("?instrument=resolution-2-6", {"email": "not an address"}, 400, "Enter a valid email address."),
        ("?instrument=resolution-2-6", {"email": ADDRESS, "gap_threshold": "0"}, 400, "greater than or equal to 1"),
        ("", {"email": ADDRESS, "gap_threshold": "40"}, 302, ""),  # no threshold field for the tracker: ignored
        ("?instrument=resolution-99-1", {"email": ADDRESS}, 404, ""),
        ("?partner=NOBODY", {"email": ADDRESS}, 404, ""),
    ],
)
def test_bad_requests_say_what_is_wrong(client, query, data, status, words):
    response = client.post(f"/en/follow/{query}", data)
    assert response.status_code == status
    assert words in response.content.decode()
    if status != 302:
        assert not Subscription.objects.exists()


def test_rate_limits_per_network_and_per_address(client, settings, django_capture_on_commit_callbacks):
    from django.core.cache import cache

    cache.clear()
    settings.RESTRACK_FOLLOW_MAIL_RATE = "2/day"
    for _ in range(2):
        assert ask(client, django_capture_on_commit_callbacks).status_code == 302
    refused = ask(client, django_capture_on_commit_callbacks)
    assert refused.status_code == 429 and "several mails asking to confirm" in refused.content.decode()
    assert len(mail.outbox) == 2
    settings.RESTRACK_FOLLOW_MAIL_RATE = None
    settings.RESTRACK_FOLLOW_RATE = "3/hour"
    for number in range(3):
        assert ask(client, django_capture_on_commit_callbacks, f"other{number}@example.org").status_code == 302
    refused = ask(client, django_capture_on_commit_callbacks, "late@example.org")
    assert refused.status_code == 429 and "Too many requests" in refused.content.decode()
    assert not Subscription.objects.filter(email="late@example.org").exists()
    cache.clear()


def publish_a_period(capture, label="2031-H1", **update):
    """A period with an approved update of resolution 2/6 (and a paragraph naming UNODC), published."""
    coordinator = UserFactory(role="coordinator", email="coordinator@example.org")
    period = ReportingPeriodFactory(label=label, state=PeriodState.OPEN)
    with writes_allowed():
        made = ProgressUpdateFactory(period=period, workflow_state=WorkflowState.APPROVED, **update)
        entry = UpdateEntryFactory(update=made)
        entry.partners.add(Partner.objects.get_or_create(code="UNODC", defaults={"name_en": "UNODC"})[0])
    with capture(execute=True):
        publish_period(period, acting_user=coordinator)
    return period


def test_a_published_period_sends_each_follower_its_digest_once(client, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    instrument_follower = follow(client, capture, "one@example.org")
    tracker_follower = follow(client, capture, "all@example.org", "")
    partner_follower = follow(client, capture, "partner@example.org", "?partner=UNODC")
    with writes_allowed():
        Partner.objects.create(code="QUIET", name_en="Named by no paragraph")
    quiet = follow(client, capture, "quiet@example.org", "?partner=QUIET")
    period = publish_a_period(capture, status="under_implementation")
    digests = {message.to[0]: message for message in mail.outbox}
    assert set(digests) == {"one@example.org", "all@example.org", "partner@example.org"}
    one = digests["one@example.org"]
    assert one.subject == "Restrack: what changed on Resolution 2/6 in 2031-H1"
    assert re.search(r"Resolution 2/6: (first update|updated) \(1 paragraph\)", one.body)
    assert "/en/resolutions/2/6/?period=2031-H1#update-2031-H1" in one.body
    assert "/api/v1/period-changes/export.csv?period=2031-H1" in one.body
    assert one.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "Resolution 2/6" in digests["partner@example.org"].body
    assert "Resolution 2/6" in digests["all@example.org"].body
    told = Notice.objects.filter(kind="digest", about=f"period:{period.pk}")
    assert {notice.subscription for notice in told} == {instrument_follower, tracker_follower, partner_follower}
    assert quiet not in {notice.subscription for notice in told}
    mail.outbox.clear()
    with capture(execute=True):
        notify.period_published(period)  # a retried task tells nothing twice
    assert mail.outbox == []


def test_funding_gap_crossing_the_chosen_threshold_is_told(client, django_capture_on_commit_callbacks):
    from restrack.funding.actions import record_funding

    capture = django_capture_on_commit_callbacks
    period = publish_a_period(capture)
    finance = UserFactory(role="finance_officer")
    with capture(execute=True):
        record_funding(two_six(), period, requirements_usd="1000.00", mobilized_core_usd="900.00", acting_user=finance)
    follower = follow(client, capture, "money@example.org", gap_threshold="50")
    mail.outbox.clear()
    with capture(execute=True):  # 10 % → 70 %: above the follower's 50 % and the coordinators' default
        record_funding(two_six(), period, requirements_usd="1000.00", mobilized_core_usd="300.00", acting_user=finance)
    told = {message.to[0]: message for message in mail.outbox}
    assert told["money@example.org"].subject == "Restrack: the funding gap of Resolution 2/6 reached 70 %"
    assert "coordinator@example.org" in told
    mail.outbox.clear()
    with capture(execute=True):  # 70 % → 60 %: still above, nothing to tell
        record_funding(two_six(), period, requirements_usd="1000.00", mobilized_core_usd="400.00", acting_user=finance)
    assert mail.outbox == []
    with capture(execute=True):  # back below
        record_funding(two_six(), period, requirements_usd="1000.00", mobilized_core_usd="800.00", acting_user=finance)
    assert [message.subject for message in mail.outbox if message.to == [follower.email]] == [
        "Restrack: the funding gap of Resolution 2/6 fell to 20 %"
    ]
    mail.outbox.clear()
    with capture(execute=True):  # and up again, the same published record corrected once more
        record_funding(two_six(), period, requirements_usd="1000.00", mobilized_core_usd="100.00", acting_user=finance)
    assert [message.subject for message in mail.outbox if message.to == [follower.email]] == [
        "Restrack: the funding gap of Resolution 2/6 reached 90 %"
    ]


def test_a_crossing_nobody_watched_is_not_told_to_a_new_follower(client, django_capture_on_commit_callbacks):
    from restrack.funding.actions import record_funding

    capture = django_capture_on_commit_callbacks
    period = publish_a_period(capture)
    finance = UserFactory(role="finance_officer")
    with capture(execute=True):
        record_funding(two_six(), period, requirements_usd="1000.00", mobilized_core_usd="300.00", acting_user=finance)
    first = follow(client, capture, "first@example.org", gap_threshold="40")  # at 70 %: above
    with capture(execute=True):
        end_following(first, acting_user=finance)
        # 70 % → 20 % while nobody follows at 40 %
        record_funding(two_six(), period, requirements_usd="1000.00", mobilized_core_usd="800.00", acting_user=finance)
    follow(client, capture, "second@example.org", gap_threshold="40")  # at 20 %: below
    with capture(execute=True):
        record_funding(two_six(), period, requirements_usd="1000.00", mobilized_core_usd="750.00", acting_user=finance)
    assert [message.to for message in mail.outbox if "funding gap" in message.subject] == []


def test_one_address_follows_one_thing_once_whatever_its_case(client, django_capture_on_commit_callbacks):
    from django.db import IntegrityError, transaction

    follow(client, django_capture_on_commit_callbacks, "Reader@Example.org")
    ask(client, django_capture_on_commit_callbacks, "reader@example.ORG")
    assert Subscription.objects.count() == 1
    assert [message.subject for message in mail.outbox] == ["You already follow Resolution 2/6 on Restrack"]
    with writes_allowed(), pytest.raises(IntegrityError), transaction.atomic():
        Subscription.objects.create(
            email="READER@example.org",
            scope="instrument",
            instrument=two_six(),
            target=f"instrument:{two_six().pk}",
            language="en",
        )


def test_figures_of_a_period_not_yet_published_are_not_told(client, django_capture_on_commit_callbacks):
    from restrack.funding.actions import record_funding

    capture = django_capture_on_commit_callbacks
    follow(client, capture, "money@example.org", gap_threshold="50")
    draft = ReportingPeriodFactory(label="2032-H1", state=PeriodState.OPEN)
    with capture(execute=True):
        record_funding(
            two_six(),
            draft,
            requirements_usd="1000.00",
            mobilized_core_usd="1.00",
            acting_user=UserFactory(role="finance_officer"),
        )
    assert mail.outbox == []


def test_commitments_falling_overdue_are_told_once(client, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    UserFactory(role="coordinator", email="coordinator@example.org")
    follower = follow(client, capture, "dates@example.org")
    today = datetime.date.today()
    with writes_allowed():
        due = CommitmentFactory(due_date=today - datetime.timedelta(days=1), public=True)
        CommitmentFactory(
            due_date=follower.confirmed_at.date() - datetime.timedelta(days=3), public=True
        )  # before following
        CommitmentFactory(due_date=today + datetime.timedelta(days=5), public=True)  # not yet due
    with capture(execute=True):
        assert notify.commitments_overdue(today) == 2
    told = {message.to[0]: message for message in mail.outbox}
    assert told["dates@example.org"].subject == "Restrack: a commitment is overdue"
    assert due.description_en[:20] in told["dates@example.org"].body
    assert "2 commitments are overdue" in told["coordinator@example.org"].subject
    mail.outbox.clear()
    with capture(execute=True):
        assert notify.commitments_overdue(today) == 0
    assert mail.outbox == []


def test_the_daily_command_forgets_unconfirmed_requests(client, django_capture_on_commit_callbacks, settings):
    from io import StringIO

    from django.core.management import call_command

    ask(client, django_capture_on_commit_callbacks)
    with writes_allowed():
        Subscription.objects.update(
            created=Subscription.objects.get().created
            - datetime.timedelta(hours=settings.RESTRACK_FOLLOW_CONFIRM_HOURS + 1)
        )
    out = StringIO()
    call_command("send_follow_alerts", stdout=out)
    assert "Unconfirmed requests deleted: 1." in out.getvalue()
    assert not Subscription.objects.exists()


def test_the_pages_link_to_following(client, samples):
    assert 'href="/en/follow/?instrument=resolution-2-6"' in client.get("/en/resolutions/2/6/").content.decode()
    assert 'href="/en/follow/"' in client.get("/en/").content.decode()
    assert 'href="/en/follow/?partner=UNODC"' in client.get("/en/partners/UNODC/").content.decode()


def test_the_address_is_in_no_admin_api_or_export(admin_client, client, django_capture_on_commit_callbacks):
    from django.contrib import admin

    follow(client, django_capture_on_commit_callbacks, "secret-reader@example.org")
    assert Subscription not in admin.site._registry
    for address in ("/api/v1/", "/admin/", "/admin/core/event/"):
        assert "secret-reader" not in admin_client.get(address).content.decode()


def test_signing_uses_the_subscription_secret():
    signed = TimestampSigner(salt="restrack.follow.confirm").sign("abc")
    assert signed.startswith("abc:")


def test_the_whole_way_in_chinese(client, django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    page = client.get("/zh-hans/follow/?instrument=resolution-2-6").content.decode()
    assert "通过电子邮件关注第 2/6 号决议" in page
    with capture(execute=True):
        client.post("/zh-hans/follow/?instrument=resolution-2-6", {"email": ADDRESS})
    (confirm_link,) = links(mail.outbox[0])
    path = confirm_link.split("testserver", 1)[-1]
    assert "是，关注" in client.get(path).content.decode()
    assert "您已关注第 2/6 号决议" in client.post(path).content.decode()
    mail.outbox.clear()
    publish_a_period(capture, status="under_implementation")
    (digest,) = mail.outbox
    assert digest.subject == "Restrack：2031-H1 期间第 2/6 号决议的变化"
    assert (
        re.search("第 2/6 号决议：(首次更新|已更新)（1 个段落）", digest.body)
        and "/zh-hans/periods/2031-H1/" in digest.body
    )
    stop = digest.extra_headers["List-Unsubscribe"].strip("<>").split("testserver", 1)[-1]
    assert "停止关注第 2/6 号决议？" in client.get(stop).content.decode()
    assert "您已不再关注第 2/6 号决议" in client.post(stop).content.decode()
    assert not Subscription.objects.exists()


def test_the_workers_schedule_runs_the_daily_look(client, django_capture_on_commit_callbacks):
    from restrack.follow import tasks
    from restrack.jobs.queue import app

    entry = app.conf.beat_schedule["restrack.follow.daily"]
    assert entry["task"] == tasks.daily.name == "restrack.follow.daily"
    UserFactory(role="coordinator", email="coordinator@example.org")
    with writes_allowed():
        CommitmentFactory(due_date=datetime.date.today() - datetime.timedelta(days=2), public=True)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.daily()
    assert [message.to for message in mail.outbox] == [["coordinator@example.org"]]


def test_a_sheet_of_figures_is_looked_at_once(client, django_capture_on_commit_callbacks, monkeypatch):
    from restrack.follow import tasks
    from restrack.funding.actions import FundingRow, record_funding_sheet

    capture = django_capture_on_commit_callbacks
    period = publish_a_period(capture)
    draft = ReportingPeriodFactory(label="2032-H1", state=PeriodState.OPEN)
    looked = []
    monkeypatch.setattr(tasks, "run_soon", lambda task, *args: looked.append((task.name, args)))
    seven = Instrument.objects.get(kind="resolution", number="2/7")
    rows = [FundingRow(instrument, period, {"requirements_usd": "1000.00"}) for instrument in (two_six(), seven)]
    with capture(execute=True):
        record_funding_sheet(rows, acting_user=UserFactory(role="finance_officer"))
    assert looked == [("restrack.follow.gaps_changed", (sorted([two_six().pk, seven.pk]),))]
    looked.clear()
    with capture(execute=True):  # a period not yet published: nothing to look at
        record_funding_sheet(
            [FundingRow(two_six(), draft, {"requirements_usd": "5.00"})],
            acting_user=UserFactory(role="finance_officer"),
        )
    assert looked == []


def test_confirming_after_stopping_and_stopping_twice(client, django_capture_on_commit_callbacks):
    ask(client, django_capture_on_commit_callbacks)
    (confirm_link,) = links(mail.outbox[0])
    stop_link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    client.get(confirm_link.split("testserver", 1)[-1])  # the page with the button, still open
    subscription = Subscription.objects.get()
    end_following(subscription, acting_user=UserFactory())
    end_following(subscription, acting_user=UserFactory())  # a second click at once: nothing more
    assert Event.objects.filter(kind="follow.ended").count() == 1
    assert client.post(confirm_link.split("testserver", 1)[-1]).status_code == 404
    assert client.post(stop_link.split("testserver", 1)[-1]).status_code == 200


def test_the_form_has_no_csrf_token_and_refuses_posts_from_other_sites(client, django_capture_on_commit_callbacks):
    """The page is the same for every visitor (so the page cache keeps it); what protects the post is
    where the browser says it comes from."""
    page = client.get("/en/follow/?instrument=resolution-2-6")
    assert b"csrfmiddlewaretoken" not in page.content and not page.cookies
    client.handler.enforce_csrf_checks = True
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(
            "/en/follow/?instrument=resolution-2-6", {"email": ADDRESS}, HTTP_SEC_FETCH_SITE="cross-site"
        )
    assert refused.status_code == 403 and "sent from another website" in refused.content.decode()
    assert not Subscription.objects.exists() and not mail.outbox
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/en/follow/?instrument=resolution-2-6", {"email": ADDRESS}, HTTP_SEC_FETCH_SITE="same-origin"
        )
    assert sent.status_code == 302 and len(mail.outbox) == 1
    assert Subscription.objects.get().confirmed_at is None
