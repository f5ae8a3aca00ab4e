"""The review page shows what a reviewer decides on: the update's paragraphs and its commitments
(read only; issue 17 item 6), with what the access policy lets the reader see."""

import pytest
from django.urls import reverse

from restrack.reporting import actions
from restrack.reporting.actions import CommitmentDraft
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(shared_people):
    return shared_people


@pytest.fixture
def submitted(people, shared_opened):
    """2/6's draft with a new commitment promised in its first paragraph, submitted."""
    draft = draft_of(shared_opened, "resolution 2/6")
    first = draft.entries.order_by("position").first()
    actions.save_draft(
        draft,
        version=draft.version,
        acting_user=people["focal"],
        commitments=[
            CommitmentDraft(
                description={"en": "UN-Habitat will publish the guide by mid-2026."},
                due="2026-06",
                promised_in=first.pk,
            )
        ],
    )
    actions.submit_update(draft, acting_user=people["focal"])
    draft.refresh_from_db()
    return draft


def test_a_reviewer_sees_the_commitments_read_only(client, people, submitted):
    client.force_login(people["reviewer"])
    page = client.get(reverse("reporting:update", args=[submitted.pk]) + "?lang=en").text
    assert "Return with comments" in page
    section = page[page.index('id="commitments-heading"') :]
    assert "UN-Habitat will publish the guide by mid-2026." in section
    assert "2026-06" in section and "Paragraph 1" in section and "pending" in section
    assert "data-commitments-read-only" in section
    assert 'name="commitment"' not in page and "data-add-commitment" not in page  # nothing to edit


def test_the_focal_point_still_edits_commitments_in_the_editor(client, people, shared_opened):
    draft = draft_of(shared_opened, "resolution 2/7")
    client.force_login(people["focal2"])
    page = client.get(reverse("reporting:update", args=[draft.pk]) + "?lang=en").text
    assert "data-add-commitment" in page and "data-commitments-read-only" not in page
