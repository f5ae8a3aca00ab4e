"""The cycle's irreversible steps ask first, saying what will happen (issue 17 item 3): opening a
period and publishing it go through a confirmation page; a POST without the confirmation changes
nothing; after publishing, the board says which updates were not published instead of calling
them overdue."""

import datetime

import pytest
from django.urls import reverse

from restrack.registry.models import Instrument
from restrack.reporting import actions
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(shared_people):
    return shared_people


def approve(period, reference, people):
    draft = draft_of(period, reference)
    actions.submit_update(draft, acting_user=people["focal"] if reference.endswith("2/6") else people["focal2"])
    actions.approve_update(draft, acting_user=people["reviewer"])


def test_publishing_says_what_will_happen_and_needs_the_confirmation(client, people, shared_opened):
    period = shared_opened
    approve(period, "resolution 2/6", people)
    total = period.updates.count()
    client.force_login(people["coordinator"])
    board = client.get(reverse("reporting:period_board", args=[period.label])).text
    publish_url = reverse("reporting:period_publish", args=[period.label])
    assert f'href="{publish_url}" data-publish' in board  # the board's button leads to the confirmation

    page = client.get(publish_url).text
    assert f"1 of {total} updates is approved: it will be public on the tracker at once" in page
    assert f"{total - 1} of {total} updates are not approved (draft: {total - 1}) and will not be published" in page
    assert "The period will be frozen" in page
    assert f"Yes, publish 1 approved update and freeze {period.label}" in page

    # A POST without the confirmation (an old form, a script) publishes nothing and shows the page.
    response = client.post(publish_url)
    assert response.status_code == 302 and response["Location"] == publish_url
    period.refresh_from_db()
    assert period.state == "open"

    response = client.post(publish_url, {"confirm": "yes"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.state == "published"


def test_after_publishing_the_board_says_not_published_instead_of_overdue(client, people, shared_opened):
    period = shared_opened
    assert period.input_deadline < datetime.date.today()
    approve(period, "resolution 2/6", people)
    client.force_login(people["coordinator"])
    before = client.get(reverse("reporting:period_board", args=[period.label])).text
    assert "overdue by" in before
    client.post(reverse("reporting:period_publish", args=[period.label]), {"confirm": "yes"})
    after = client.get(reverse("reporting:period_board", args=[period.label])).text
    assert "overdue" not in after and "table-danger" not in after
    left = period.updates.exclude(workflow_state="published").count()
    assert f"{left} updates were not approved when the period was published and stay unpublished" in after
    assert after.count("data-not-published>") == left
    # The confirmation page of a published period offers nothing to press.
    page = client.get(reverse("reporting:period_publish", args=[period.label])).text
    assert "only an open or closed period can be published" in page and "data-confirm-step" not in page


def test_opening_says_how_many_drafts_and_e_mails_and_warns_of_a_past_deadline(client, people):
    # A period of its own: the module's 2025-H1 is opened by the tests that use shared_opened.
    period = actions.create_reporting_period("2025-H2", input_deadline="2025-11-15", acting_user=people["coordinator"])
    client.force_login(people["coordinator"])
    open_url = reverse("reporting:period_open", args=[period.label])
    page = client.get(open_url).text
    active = Instrument.objects.filter(is_active=True).count()
    assert f"A draft will be made for each of the {active} active instruments" in page
    assert "2 focal points will be e-mailed the list of their drafts." in page
    assert "The deadline for inputs, 2025-11-15, has passed: every draft will be overdue at once." in page
    assert client.post(open_url).status_code == 302
    assert ReportingPeriod.objects.get(pk=period.pk).state == "planned"
    client.post(open_url, {"confirm": "yes"})
    assert ReportingPeriod.objects.get(pk=period.pk).state == "open"


@pytest.mark.parametrize("role", ["focal", "reviewer", "viewer"])
def test_only_coordinators_reach_the_confirmations(client, people, shared_period, role):
    client.force_login(people[role])
    for step in ("open", "publish"):
        assert client.get(reverse(f"reporting:period_{step}", args=[shared_period.label])).status_code == 403
