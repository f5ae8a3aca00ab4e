"""Texts people type in the cycle are bounded (restrack.reporting.limits): a summary, paragraph,
commitment, comment or introduction longer than its limit is refused with a message naming it and
the limit, on the editor, the review page, the period's settings and the API (400 with the field)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from restrack.core.tests.api_helpers import client_as
from restrack.reporting import actions, limits
from restrack.reporting.tests.conftest import draft_of
from restrack.reporting.tests.editing import editor_post

pytestmark = pytest.mark.django_db

MEGABYTE = "x" * 1_000_000


@pytest.fixture
def people(shared_people):
    return shared_people


@pytest.fixture
def draft(shared_opened):
    return draft_of(shared_opened, "resolution 2/6")


def test_a_megabyte_summary_is_refused_through_the_api_with_the_field_and_the_limit(people, draft):
    response = client_as(people["focal"]).put(
        f"/api/v1/updates/{draft.pk}/", {"version": draft.version, "summary": {"en": MEGABYTE}}, format="json"
    )
    assert response.status_code == 400
    body = response.json()
    assert body["summary"] == ["The summary is 1,000,000 characters long; the limit is 2,000 characters. Shorten it."]
    assert "summary" in body["detail"]
    draft.refresh_from_db()
    assert draft.version == 1 and not draft.summary_en


def test_the_editor_says_which_paragraph_is_too_long_and_saves_nothing(client, people, draft):
    client.force_login(people["focal"])
    data = editor_post(draft, "y" * (limits.PARAGRAPH + 1), language="en")
    response = client.post(reverse("reporting:update_save", args=[draft.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 400
    assert "Paragraph 1 is 10,001 characters long; the limit is 10,000 characters." in response.text
    draft.refresh_from_db()
    assert draft.version == 1
    # At the limit it is saved.
    data = editor_post(draft, "y" * limits.PARAGRAPH, language="en")
    response = client.post(reverse("reporting:update_save", args=[draft.pk]), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.version == 2


def test_commitments_and_correction_comments_are_bounded(people, draft):
    too_long = "z" * (limits.COMMITMENT + 1)
    with pytest.raises(ValidationError) as refused:
        actions.save_draft(
            draft,
            version=draft.version,
            acting_user=people["focal"],
            commitments=[actions.CommitmentDraft(description={"en": too_long}, due="2026")],
        )
    assert refused.value.message_dict == {
        "commitments.0.description": [
            "Commitment 1 is 1,001 characters long; the limit is 1,000 characters. Shorten it."
        ]
    }
    with pytest.raises(ValidationError) as refused:
        actions.save_draft(
            draft, version=draft.version, acting_user=people["focal"], comment="c" * (limits.COMMENT + 1)
        )
    assert "comment" in refused.value.message_dict


def test_a_return_comment_and_a_paragraph_remark_are_bounded(people, draft):
    actions.submit_update(draft, acting_user=people["focal"])  # its paragraphs carried over from 2024-H2
    draft.refresh_from_db()
    reviewer = client_as(people["reviewer"])
    url = f"/api/v1/updates/{draft.pk}/return/"
    response = reviewer.post(url, {"comment": "w" * (limits.COMMENT + 1)}, format="json")
    assert response.status_code == 400
    assert response.json()["comment"] == [
        "The comment is 2,001 characters long; the limit is 2,000 characters. Shorten it."
    ]
    entry = draft.entries.first()
    response = reviewer.post(
        url,
        {"comment": "Add figures.", "paragraph_comments": {str(entry.pk): "r" * (limits.PARAGRAPH_COMMENT + 1)}},
        format="json",
    )
    assert response.status_code == 400 and "paragraph_comments" in response.json()
    draft.refresh_from_db()
    assert draft.workflow_state == "submitted"


def test_a_period_introduction_is_bounded(people, shared_opened):
    with pytest.raises(ValidationError) as refused:
        actions.update_reporting_period(
            shared_opened, acting_user=people["coordinator"], introduction={"en": "i" * (limits.INTRODUCTION + 1)}
        )
    assert list(refused.value.message_dict) == ["introduction"]
