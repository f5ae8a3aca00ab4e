"""A period's introduction is reviewed like an update (issue 20): a coordinator writes and submits
it, a reviewer returns it with a comment or approves it, an edit makes it a draft again; on the
working pages, through the API, and the report says when it goes out unapproved."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from restrack.core.concurrency import StaleRecord
from restrack.core.events import events_about
from restrack.core.tests.api_helpers import client_as
from restrack.reporting import actions
from restrack.reporting.choices import IntroductionState
from restrack.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(shared_people):
    return shared_people


@pytest.fixture
def written(people, shared_period):
    return actions.update_reporting_period(
        shared_period, introduction={"en": "1. The report covers...", "zh-hans": "1. 本报告述及……"},
        acting_user=people["coordinator"],
    )  # fmt: skip


def reload(period):
    return ReportingPeriod.objects.get(pk=period.pk)


def test_written_submitted_returned_rewritten_and_approved(people, written):
    assert written.introduction_state == IntroductionState.DRAFT
    period = actions.submit_introduction(written, acting_user=people["coordinator"], version=written.version)
    assert period.introduction_state == IntroductionState.SUBMITTED
    period = actions.return_introduction(
        period, comment="Name the Board session.", acting_user=people["reviewer"], version=period.version
    )
    assert period.introduction_state == IntroductionState.DRAFT
    period = actions.update_reporting_period(
        period, introduction={"en": "1. The report, for the Board's session..."}, acting_user=people["coordinator"]
    )
    period = actions.submit_introduction(period, acting_user=people["coordinator"])
    period = actions.approve_introduction(period, acting_user=people["reviewer"])
    assert reload(period).introduction_state == IntroductionState.APPROVED
    kinds = [event.kind for event in events_about(period)]
    assert kinds.count("period.introduction_submitted") == 2
    returned = next(event for event in events_about(period) if event.kind == "period.introduction_returned")
    assert returned.reason == "Name the Board session." and returned.actor == people["reviewer"]
    # Every step is in the period's history, with who.
    states = [(row.introduction_state, row.history_user) for row in period.history.order_by("history_id")]
    assert (IntroductionState.APPROVED, people["reviewer"]) in states


def test_an_edit_makes_an_approved_introduction_a_draft_again_but_not_other_settings(people, written):
    period = actions.approve_introduction(
        actions.submit_introduction(written, acting_user=people["coordinator"]), acting_user=people["reviewer"]
    )
    period = actions.update_reporting_period(period, input_deadline="2025-06-01", acting_user=people["coordinator"])
    assert period.introduction_state == IntroductionState.APPROVED
    period = actions.update_reporting_period(
        period, introduction={"zh-hans": "1. 本报告述及……"}, acting_user=people["coordinator"]
    )  # the same text: nothing to review again
    assert period.introduction_state == IntroductionState.APPROVED
    period = actions.update_reporting_period(
        period, introduction={"zh-hans": "1. 本报告涵盖……"}, acting_user=people["coordinator"]
    )
    assert period.introduction_state == IntroductionState.DRAFT


def test_refusals_say_why(people, written, shared_period):
    with pytest.raises(ValidationError, match="is draft: it cannot be approved now"):
        actions.approve_introduction(written, acting_user=people["reviewer"])
    with pytest.raises(PermissionDenied):
        actions.submit_introduction(written, acting_user=people["reviewer"])  # reviewers do not write it
    with pytest.raises(PermissionDenied):
        actions.submit_introduction(written, acting_user=people["focal"])
    submitted = actions.submit_introduction(written, acting_user=people["coordinator"])
    with pytest.raises(PermissionDenied):
        actions.approve_introduction(submitted, acting_user=people["focal"])
    with pytest.raises(ValidationError, match="needs a comment"):
        actions.return_introduction(submitted, comment=" ", acting_user=people["reviewer"])
    with pytest.raises(StaleRecord):
        actions.approve_introduction(submitted, acting_user=people["reviewer"], version=submitted.version - 1)
    assert reload(submitted).introduction_state == IntroductionState.SUBMITTED


def test_an_empty_introduction_cannot_be_submitted(people):
    period = actions.create_reporting_period("2026-H1", acting_user=people["coordinator"])
    with pytest.raises(ValidationError, match="is empty: write it in the period's settings"):
        actions.submit_introduction(period, acting_user=people["coordinator"])


def test_the_review_page_takes_each_step(client, people, written):
    url = reverse("reporting:period_introduction", args=[written.label])
    client.force_login(people["coordinator"])
    page = client.get(url).content.decode()
    assert "1. The report covers..." in page and "data-submit-introduction" in page
    assert "data-approve-introduction" not in page
    client.post(url, {"step": "submit", "version": written.version})
    client.force_login(people["reviewer"])
    page = client.get(url).content.decode()
    assert 'data-introduction-state="submitted"' in page and "data-approve-introduction" in page
    response = client.post(url, {"step": "return", "comment": "Shorter, please.", "version": reload(written).version})
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert 'data-introduction-state="draft"' in page and "Shorter, please." in page
    client.force_login(people["focal"])
    assert client.get(url).status_code == 403
    board = reverse("reporting:period_board", args=[written.label])
    assert "data-introduction-link" not in client.get(board).content.decode()
    client.force_login(people["reviewer"])
    assert "data-introduction-link" in client.get(board).content.decode()


def test_the_api_takes_each_step_and_shows_the_state(people, written):
    base = f"/api/v1/periods/{written.label}/introduction"
    coordinator, reviewer = client_as(people["coordinator"]), client_as(people["reviewer"])
    answer = coordinator.post(f"{base}/submit/", {"version": written.version}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["introduction_state"] == "submitted"
    stale = reviewer.post(f"{base}/approve/", {"version": written.version}, format="json")
    assert stale.status_code == 409
    refused = reviewer.post(f"{base}/return/", {}, format="json")
    assert refused.status_code == 400 and "needs a comment" in refused.content.decode()
    assert client_as(people["focal"]).post(f"{base}/approve/", {}, format="json").status_code == 403
    answer = reviewer.post(f"{base}/approve/", {}, format="json")
    assert answer.json()["introduction_state"] == "approved"
    assert client_as(people["viewer"]).get(f"/api/v1/periods/{written.label}/").status_code in (200, 404)


def test_the_closing_chapter_is_reviewed_with_the_introduction(people, written):
    period = actions.approve_introduction(
        actions.submit_introduction(written, acting_user=people["coordinator"]), acting_user=people["reviewer"]
    )
    period = actions.update_reporting_period(
        period,
        closing_title={"en": "Action by the Executive Board"},
        closing={"en": "The Board may wish to take note of the report."},
        acting_user=people["coordinator"],
    )
    assert period.introduction_state == IntroductionState.DRAFT
    assert reload(period).closing_title_en == "Action by the Executive Board"
    with pytest.raises(ValidationError, match="The closing chapter's title is 301 characters long"):
        actions.update_reporting_period(period, closing_title={"en": "x" * 301}, acting_user=people["coordinator"])


def test_the_settings_page_writes_the_closing_chapter(client, people, written):
    client.force_login(people["coordinator"])
    url = reverse("reporting:period_settings", args=[written.label])
    page = client.get(url).content.decode()
    assert 'name="closing_title_en"' in page and 'name="closing_zh_hans"' in page
    data = {
        "input_deadline": written.input_deadline.isoformat(),
        "board_session": "",
        "start_date": written.start_date.isoformat(),
        "end_date": written.end_date.isoformat(),
        "reason": "",
        "version": written.version,
        "introduction_en": written.introduction_en,
        "introduction_zh_hans": written.introduction_zh_hans,
        "closing_title_en": "Conclusions and recommendations",
        "closing_en": "1. The Board may wish to take note.",
    }
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    period = reload(written)
    assert (period.closing_title_en, period.closing_en) == (
        "Conclusions and recommendations",
        "1. The Board may wish to take note.",
    )
    answer = client_as(people["coordinator"]).get(f"/api/v1/periods/{period.label}/").json()
    assert answer["closing_title"]["en"] == "Conclusions and recommendations"


def test_the_review_page_shows_the_closing_chapter_and_refuses_a_garbled_version(client, people, written):
    period = actions.update_reporting_period(
        written, closing={"en": "The Board may wish to take note."}, acting_user=people["coordinator"]
    )
    url = reverse("reporting:period_introduction", args=[period.label])
    client.force_login(people["coordinator"])
    page = client.get(url).content.decode()
    assert "data-closing-chapter" in page and "The Board may wish to take note." in page
    response = client.post(url, {"step": "submit", "version": "x7"}, follow=True)
    assert "is not a number" in response.content.decode()
    assert reload(period).introduction_state == IntroductionState.DRAFT
