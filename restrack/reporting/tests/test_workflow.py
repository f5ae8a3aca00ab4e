"""The cycle's steps: role and state checks, carried-over drafts, publication, the workflow log."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from restrack.core.events import events_about
from restrack.core.models import Event
from restrack.registry.models import Instrument
from restrack.registry.selectors import find_instrument
from restrack.reporting import actions
from restrack.reporting.actions import save_draft
from restrack.reporting.models import ProgressUpdate, UpdateVersion
from restrack.reporting.tests.conftest import draft_of

pytestmark = pytest.mark.django_db


def test_opening_creates_carried_over_drafts_for_every_active_instrument(people, period):
    drafts = actions.open_period(period, acting_user=people["coordinator"])
    assert len(drafts) == 16
    period.refresh_from_db()
    assert period.state == "open"
    draft = draft_of(period, "resolution 2/6")
    entries = list(draft.entries.all())
    assert len(entries) == 3 and all(entry.carried_over for entry in entries)
    assert entries[1].text_zh_hans.startswith("根据第 4 (a)段")
    assert [op.number for op in entries[1].operative_paragraphs.all()] == ["4(a)"]
    opened = Event.objects.get(kind="period.opened")
    assert opened.target == period and opened.actor == people["coordinator"]
    assert opened.data == {"drafts": 16, "notified": 2}


def test_only_coordinators_open_and_publish(people, period):
    for role in ("focal", "reviewer", "viewer"):
        with pytest.raises(PermissionDenied):
            actions.open_period(period, acting_user=people[role])
    actions.open_period(period, acting_user=people["coordinator"])
    with pytest.raises(ValidationError, match="only a planned period can be opened"):
        actions.open_period(period, acting_user=people["coordinator"])
    with pytest.raises(PermissionDenied):
        actions.publish_period(period, acting_user=people["reviewer"])


def test_a_whole_cycle(people, period, client):
    actions.open_period(period, acting_user=people["coordinator"])
    draft = draft_of(period, "resolution 2/6")
    actions.save_draft(draft, version=draft.version, status="under_implementation", acting_user=people["focal"])
    actions.submit_update(draft, acting_user=people["focal"])
    with pytest.raises(ValidationError, match="needs a comment"):
        actions.return_update(draft, comment=" ", acting_user=people["reviewer"])
    actions.return_update(draft, comment="Add the 2025 figures.", acting_user=people["reviewer"])
    actions.submit_update(draft, acting_user=people["focal"])
    actions.approve_update(draft, acting_user=people["reviewer"])
    published = actions.publish_period(period, acting_user=people["coordinator"])
    assert [update.instrument.reference for update in published] == ["resolution 2/6"]
    draft.refresh_from_db()
    assert (
        draft.workflow_state == "published" and draft.reviewer == people["reviewer"] and draft.author == people["focal"]
    )
    assert find_instrument("resolution 2/6").status == "under_implementation"
    assert draft_of(period, "resolution 2/7").workflow_state == "draft"  # never approved: stays private
    assert list(events_about(draft).values_list("kind", "actor__username")) == [
        ("update.drafted", "focal"),
        ("update.submitted", "focal"),
        ("update.returned", "reviewer"),
        ("update.submitted", "focal"),
        ("update.approved", "reviewer"),
        ("update.published", "coordinator"),
    ]
    assert Event.objects.get(kind="update.returned").reason == "Add the 2025 figures."
    # Every step raised the version and recorded it with the event that made it.
    assert list(draft.versions.values_list("version", "event__kind")) == [
        (1, None),
        (2, "update.drafted"),
        (3, "update.submitted"),
        (4, "update.returned"),
        (5, "update.submitted"),
        (6, "update.approved"),
        (7, "update.published"),
    ]
    assert 'id="update-2025-H1"' in client.get("/en/resolutions/2/6/").content.decode()


def test_focal_points_act_only_on_their_instruments(people, period):
    actions.open_period(period, acting_user=people["coordinator"])
    with pytest.raises(PermissionDenied, match="does not draft resolution 2/7"):
        actions.submit_update(draft_of(period, "resolution 2/7"), acting_user=people["focal"])
    with pytest.raises(PermissionDenied):
        actions.approve_update(draft_of(period, "resolution 2/6"), acting_user=people["focal"])


def test_steps_out_of_order_are_refused(people, period):
    actions.open_period(period, acting_user=people["coordinator"])
    draft = draft_of(period, "resolution 2/6")
    with pytest.raises(ValidationError, match="is draft: it cannot be approved now"):
        actions.approve_update(draft, acting_user=people["reviewer"])
    actions.submit_update(draft, acting_user=people["focal"])
    actions.approve_update(draft, acting_user=people["reviewer"])
    with pytest.raises(ValidationError, match="is approved: it cannot be returned now"):
        actions.return_update(draft, comment="late", acting_user=people["reviewer"])
    assert draft_of(period, "resolution 2/6").workflow_state == "approved"


@pytest.mark.django_db
def test_no_partial_state_after_an_error_in_the_middle_of_publishing(people, opened, monkeypatch):
    updates = [draft_of(opened, reference) for reference in ("resolution 2/6", "resolution 2/7")]
    for update, status in zip(updates, ("completed", "not_started")):  # unlike what the samples' texts suggest
        save_draft(update, version=update.version, status=status, acting_user=people["coordinator"])
        actions.submit_update(update, acting_user=people["coordinator"])
        actions.approve_update(update, acting_user=people["reviewer"])
    pks = [update.pk for update in updates]
    statuses_before = dict(Instrument.objects.filter(updates__pk__in=pks).values_list("pk", "status"))
    assert all(u.status != statuses_before[u.instrument_id] for u in ProgressUpdate.objects.filter(pk__in=pks))
    versions_before = UpdateVersion.objects.count()

    from restrack.reporting.actions import cycle

    real = cycle.set_instrument_status
    calls = []

    def failing_the_second_time(instrument, status, **kwargs):
        calls.append(instrument.pk)
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return real(instrument, status, **kwargs)  # the first instrument's status really changes

    monkeypatch.setattr(cycle, "set_instrument_status", failing_the_second_time)
    with pytest.raises(RuntimeError, match="went away"):
        actions.publish_period(opened, acting_user=people["coordinator"])
    assert sorted(calls) == sorted(statuses_before)

    opened.refresh_from_db()
    assert opened.state == "open"
    assert set(ProgressUpdate.objects.filter(pk__in=pks).values_list("workflow_state", flat=True)) == {"approved"}
    assert dict(Instrument.objects.filter(pk__in=statuses_before).values_list("pk", "status")) == statuses_before
    assert not Event.objects.filter(kind__in=["period.published", "update.published"]).exists()
    assert UpdateVersion.objects.count() == versions_before
