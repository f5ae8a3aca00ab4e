"""The cycle's steps: role and state checks, carried-over drafts, publication, the workflow log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from restrack.accounts.actions import find_instrument
from restrack.reporting import workflow
from restrack.reporting.actions import update_progress_update
from restrack.reporting.models import WorkflowEvent
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db


def test_opening_creates_carried_over_drafts_for_every_active_instrument(people, period):
    drafts = workflow.open_period(period, acting_user=people["coordinator"])
    assert len(drafts) == 16
    period.refresh_from_db()
    assert period.state == "open"
    draft = draft_of(period, "resolution 2/6")
    entries = list(draft.entries.all())
    assert len(entries) == 3 and all(entry.carried_over for entry in entries)
    assert entries[1].text_zh_hans.startswith("根据第 4 (a)段")
    assert [op.number for op in entries[1].operative_paragraphs.all()] == ["4(a)"]
    assert WorkflowEvent.objects.get().action == "opened"


def test_only_coordinators_open_and_publish(people, period):
    for role in ("focal", "reviewer", "viewer"):
        with pytest.raises(PermissionDenied):
            workflow.open_period(period, acting_user=people[role])
    workflow.open_period(period, acting_user=people["coordinator"])
    with pytest.raises(ValidationError, match="only a planned period can be opened"):
        workflow.open_period(period, acting_user=people["coordinator"])
    with pytest.raises(PermissionDenied):
        workflow.publish_period(period, acting_user=people["reviewer"])


def test_a_whole_cycle(people, period, client):
    workflow.open_period(period, acting_user=people["coordinator"])
    draft = draft_of(period, "resolution 2/6")
    update_progress_update(draft, status="under_implementation", acting_user=people["focal"])
    workflow.submit_update(draft, acting_user=people["focal"])
    with pytest.raises(ValidationError, match="needs a comment"):
        workflow.return_update(draft, comment=" ", acting_user=people["reviewer"])
    workflow.return_update(draft, comment="Add the 2025 figures.", acting_user=people["reviewer"])
    workflow.submit_update(draft, acting_user=people["focal"])
    workflow.approve_update(draft, acting_user=people["reviewer"])
    published = workflow.publish_period(period, acting_user=people["coordinator"])
    assert [update.instrument.reference for update in published] == ["resolution 2/6"]
    draft.refresh_from_db()
    assert (
        draft.workflow_state == "published" and draft.reviewer == people["reviewer"] and draft.author == people["focal"]
    )
    assert find_instrument("resolution 2/6").status == "under_implementation"
    assert draft_of(period, "resolution 2/7").workflow_state == "draft"  # never approved: stays private
    assert list(WorkflowEvent.objects.filter(update=draft).values_list("action", "user__username")) == [
        ("submitted", "focal"),
        ("returned", "reviewer"),
        ("submitted", "focal"),
        ("approved", "reviewer"),
    ]
    assert WorkflowEvent.objects.get(action="returned").comment == "Add the 2025 figures."
    assert 'id="update-2025-H1"' in client.get("/en/resolutions/2/6/").content.decode()


def test_focal_points_act_only_on_their_instruments(people, period):
    workflow.open_period(period, acting_user=people["coordinator"])
    with pytest.raises(PermissionDenied, match="does not draft resolution 2/7"):
        workflow.submit_update(draft_of(period, "resolution 2/7"), acting_user=people["focal"])
    with pytest.raises(PermissionDenied):
        workflow.approve_update(draft_of(period, "resolution 2/6"), acting_user=people["focal"])


def test_steps_out_of_order_are_refused(people, period):
    workflow.open_period(period, acting_user=people["coordinator"])
    draft = draft_of(period, "resolution 2/6")
    with pytest.raises(ValidationError, match="is draft: it cannot be approved now"):
        workflow.approve_update(draft, acting_user=people["reviewer"])
    workflow.submit_update(draft, acting_user=people["focal"])
    workflow.approve_update(draft, acting_user=people["reviewer"])
    with pytest.raises(ValidationError, match="is approved: it cannot be returned now"):
        workflow.return_update(draft, comment="late", acting_user=people["reviewer"])
    assert draft_of(period, "resolution 2/6").workflow_state == "approved"
