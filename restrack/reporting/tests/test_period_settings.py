"""A period is corrected on the working pages (issue 17 item 4): the coordinator changes its
deadline, Board session, dates and introduction per language through update_reporting_period,
which refuses dates that cannot be meant, and adds the next Executive Board session from there."""

import pytest
from django.urls import reverse

from restrack.core.events import events_about
from restrack.core.tests.api_helpers import client_as
from restrack.registry.models import Session
from restrack.reporting.actions import update_reporting_period
from restrack.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(shared_people):
    return shared_people


@pytest.fixture
def coordinator(client, people):
    client.force_login(people["coordinator"])
    return client


def settings_form(period, **changes) -> dict:
    data = {
        "input_deadline": period.input_deadline.isoformat() if period.input_deadline else "",
        "board_session": period.board_session_id or "",
        "start_date": period.start_date.isoformat(),
        "end_date": period.end_date.isoformat(),
        "reason": "",
    }
    data.update(changes)
    return data


def test_a_deadline_before_the_period_starts_is_refused_with_a_clear_message(coordinator, shared_period):
    url = reverse("reporting:period_settings", args=[shared_period.label])
    page = coordinator.get(url)
    assert page.status_code == 200 and 'value="2025-05-15"' in page.text
    response = coordinator.post(url, settings_form(shared_period, input_deadline="2019-01-01"))
    assert response.status_code == 400
    assert (
        "The deadline for inputs (2019-01-01) is before period 2025-H1 starts (2025-01-01): give a date within "
        "the period or after it." in response.text
    )
    response = coordinator.post(url, settings_form(shared_period, end_date="2024-12-31"))
    assert "The period cannot end (2024-12-31) before it starts (2025-01-01)." in response.text
    assert str(ReportingPeriod.objects.get(pk=shared_period.pk).input_deadline) == "2025-05-15"


def test_the_coordinator_corrects_the_deadline_and_the_introduction(coordinator, people, shared_period):
    url = reverse("reporting:period_settings", args=[shared_period.label])
    response = coordinator.post(
        url,
        settings_form(
            shared_period,
            input_deadline="2025-06-15",
            introduction_zh_hans="本报告介绍人居大会决议的执行情况。",
            reason="Deadline moved by the Bureau",
        ),
    )
    assert response.status_code == 302 and response["Location"].endswith(f"/periods/{shared_period.label}/")
    period = ReportingPeriod.objects.get(pk=shared_period.pk)
    assert str(period.input_deadline) == "2025-06-15"
    assert period.introduction_zh_hans == "本报告介绍人居大会决议的执行情况。"
    edited = [event for event in events_about(period) if event.kind == "period.edited"]
    assert edited and edited[-1].reason == "Deadline moved by the Bureau"
    assert edited[-1].data["fields"] == ["input_deadline", "introduction"]


def test_the_next_board_session_is_added_from_the_settings_page(coordinator, shared_period):
    url = reverse("reporting:period_settings", args=[shared_period.label])
    page = coordinator.get(url).text
    assert "Add an Executive Board session" in page
    add = reverse("reporting:period_add_session", args=[shared_period.label])
    response = coordinator.post(add, {"year": "2031", "order": "1", "start_date": "2031-03-25", "place": "Nairobi"})
    assert response.status_code == 302
    session = Session.objects.get(body__code="executive-board", year=2031, sequence_in_year=1)
    assert session.place == "Nairobi"
    assert ReportingPeriod.objects.get(pk=shared_period.pk).board_session == session
    assert f'<option value="{session.pk}" selected>' in coordinator.get(url).text
    again = coordinator.post(add, {"year": "2031", "order": "1"})
    assert again.status_code == 400 and "session 1 of 2031 is already recorded" in again.text
    wrong_year = coordinator.post(add, {"year": "2032", "order": "1", "start_date": "2031-03-25"})
    assert wrong_year.status_code == 400 and "The opening day is not in 2032." in wrong_year.text


@pytest.mark.parametrize("role", ["focal", "reviewer", "viewer"])
def test_only_coordinators_change_settings(client, people, shared_period, role):
    client.force_login(people[role])
    url = reverse("reporting:period_settings", args=[shared_period.label])
    assert client.get(url).status_code == 403
    assert client.post(url, settings_form(shared_period, input_deadline="2025-06-01")).status_code == 403


def test_the_api_refuses_an_absurd_deadline_too(people):
    response = client_as(people["coordinator"]).post(
        "/api/v1/periods/", {"label": "2027-H1", "input_deadline": "2019-01-01"}, format="json"
    )
    assert response.status_code == 400
    assert "before period 2027-H1 starts" in response.json()["input_deadline"][0]


def test_a_settings_form_opened_before_someone_saved_is_refused_and_shown_again(coordinator, people, shared_period):
    url = reverse("reporting:period_settings", args=[shared_period.label])
    version = coordinator.get(url).context["form"].initial["version"]
    update_reporting_period(
        shared_period, input_deadline="2025-06-30", version=version, acting_user=people["coordinator"]
    )
    # The form still says 2025-05-15 for the deadline: without the version it would put it back.
    stale = settings_form(shared_period, end_date="2025-06-29", version=version)
    stale["input_deadline"] = "2025-05-15"
    response = coordinator.post(url, stale)
    assert response.status_code == 409
    assert "since you opened it" in response.text and "2025-06-30" in response.text
    period = ReportingPeriod.objects.get(pk=shared_period.pk)
    assert (str(period.input_deadline), str(period.end_date)) == ("2025-06-30", "2025-06-30")
    # The page shown again carries the current version: saving it again is deliberate.
    assert response.context["form"]["version"].value() == str(version + 1)
    again = {**stale, "version": str(version + 1)}
    assert coordinator.post(url, again).status_code == 302
    period.refresh_from_db()
    assert (str(period.input_deadline), str(period.end_date)) == ("2025-05-15", "2025-06-29")
