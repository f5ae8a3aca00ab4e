"""The kept counts of each period's published updates, the commitments they promise and their
paragraphs (PeriodActivity, restrack.publish.period_counts) follow every change that moves them:
publishing a period (the action), an import of published reports (the samples), an update
published or withdrawn, commitments promised, moved, deleted, paragraphs added (one by one or in
bulk) and deleted, updates deleted; they always equal a recount, and the list of periods and a
period's page show them."""

from datetime import date

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.core.guard import writes_allowed
from restrack.publish import period_counts
from restrack.publish.models import PeriodActivity
from restrack.registry.models import Instrument
from restrack.reporting.actions import publish_period
from restrack.reporting.actions._content import NewEntry, add_entries
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.models import Commitment
from restrack.reporting.tests.factories import (
    CommitmentFactory,
    ProgressUpdateFactory,
    ReportingPeriodFactory,
    UpdateEntryFactory,
)

pytestmark = pytest.mark.django_db


def kept() -> dict[int, tuple[int, int, int, int]]:
    return {
        row.period_id: (row.updates, row.commitments, row.paragraphs, row.statuses)
        for row in PeriodActivity.objects.all()
        if row.updates or row.commitments or row.paragraphs or row.statuses
    }


def assert_kept(expected: dict | None = None, *, statuses: dict | None = None) -> None:
    """The kept counts equal a recount; those of the periods in `expected` are those (updates,
    commitments, paragraphs), and in `statuses` their published statuses (other periods, such as
    the session's samples when other tests left them, are left out)."""
    assert kept() == period_counts.counts()
    if expected is not None:
        assert {period: kept().get(period, (0, 0, 0, 0))[:3] for period in expected} == expected
    if statuses is not None:
        assert {period: kept().get(period, (0, 0, 0, 0))[3] for period in statuses} == statuses


def test_counts_follow_publication_commitments_and_deletions():
    two_six = Instrument.objects.get(kind="resolution", number="2/6")
    one_two = Instrument.objects.get(kind="resolution", number="1/2")
    period = ReportingPeriodFactory(label="2011-H2", state=PeriodState.PUBLISHED)
    later = ReportingPeriodFactory(label="2012-H1", state=PeriodState.PUBLISHED)
    with writes_allowed():
        update = ProgressUpdateFactory(instrument=two_six, period=period, workflow_state=WorkflowState.DRAFT)
        first, second = UpdateEntryFactory(update=update), UpdateEntryFactory(update=update)
        promise = CommitmentFactory(instrument=two_six, promised_in=first)
        assert_kept({period.pk: (0, 0, 0)})  # a draft: not public
        update.workflow_state = WorkflowState.PUBLISHED
        update.save()
        assert_kept({period.pk: (1, 1, 2)})
        CommitmentFactory(instrument=two_six, promised_in=second)
        CommitmentFactory(instrument=two_six)  # promised by no paragraph: in no period
        assert_kept({period.pk: (1, 2, 2)})
        third = UpdateEntryFactory(update=update)  # a paragraph added to a published update
        assert_kept({period.pk: (1, 2, 3)})
        third.text = "Corrected."  # a paragraph saved again is counted once
        third.save()
        assert_kept({period.pk: (1, 2, 3)})
        third.delete()
        assert_kept({period.pk: (1, 2, 2)})
        other = ProgressUpdateFactory(instrument=one_two, period=later, workflow_state=WorkflowState.PUBLISHED)
        elsewhere = UpdateEntryFactory(update=other)
        promise.promised_in = elsewhere  # a correction: promised in the later period's paragraph
        promise.save()
        assert_kept({period.pk: (1, 1, 2), later.pk: (1, 1, 1)})
        second.delete()  # its commitment is unlinked
        assert_kept({period.pk: (1, 0, 1), later.pk: (1, 1, 1)})
        promise.delete()
        assert_kept({period.pk: (1, 0, 1), later.pk: (1, 0, 1)})
        CommitmentFactory(instrument=one_two, promised_in=elsewhere)
        other.workflow_state = WorkflowState.RETURNED  # no longer published
        other.save()
        assert_kept({period.pk: (1, 0, 1)})
        UpdateEntryFactory(update=other)  # a paragraph of an update not published: not counted
        assert_kept({period.pk: (1, 0, 1), later.pk: (0, 0, 0)})
        other.workflow_state = WorkflowState.PUBLISHED
        other.save()
        assert_kept({period.pk: (1, 0, 1), later.pk: (1, 1, 2)})
        other.delete()  # with its paragraphs, the first unlinking its commitment
        assert_kept({period.pk: (1, 0, 1)})
        update.delete()
        assert_kept({period.pk: (0, 0, 0), later.pk: (0, 0, 0)})


def test_published_statuses_are_counted_as_they_are_stated_cleared_published_and_deleted():
    two_six = Instrument.objects.get(kind="resolution", number="2/6")
    one_two = Instrument.objects.get(kind="resolution", number="1/2")
    period = ReportingPeriodFactory(label="2011-H2", state=PeriodState.PUBLISHED)
    with writes_allowed():
        draft = ProgressUpdateFactory(
            instrument=two_six, period=period, workflow_state=WorkflowState.DRAFT, status="under_implementation"
        )
        silent = ProgressUpdateFactory(instrument=one_two, period=period, workflow_state=WorkflowState.PUBLISHED)
        assert_kept(statuses={period.pk: 0})  # a draft's status is not public; the other states none
        draft.workflow_state = WorkflowState.PUBLISHED
        draft.save()
        assert_kept(statuses={period.pk: 1})
        silent.status = "completed"  # a correction states a status on a published update
        silent.save()
        assert_kept(statuses={period.pk: 2})
        silent.status = "constrained"  # another status: still one
        silent.save()
        assert_kept(statuses={period.pk: 2})
        # Read without its status (deferred) and saved: unchanged, and read from the database
        # when it stops being published.
        deferred = type(silent).objects.only("pk", "workflow_state", "period").get(pk=silent.pk)
        deferred.workflow_state = WorkflowState.RETURNED
        deferred.save()
        assert_kept(statuses={period.pk: 1})
        draft.status = ""  # cleared
        draft.save()
        assert_kept(statuses={period.pk: 0})
        draft.status = "completed"
        draft.save()
        assert_kept(statuses={period.pk: 1})
        draft.delete()
        assert_kept(statuses={period.pk: 0})


def test_publishing_a_period_counts_its_updates_and_commitments(client):
    coordinator = UserFactory(role="coordinator")
    period = ReportingPeriodFactory(label="2012-H1", state=PeriodState.OPEN)
    with writes_allowed():
        for number in ("2/6", "1/2"):
            update = ProgressUpdateFactory(
                instrument=Instrument.objects.get(kind="resolution", number=number),
                period=period,
                workflow_state=WorkflowState.APPROVED,
            )
            CommitmentFactory(instrument=update.instrument, promised_in=UpdateEntryFactory(update=update))
    assert_kept({period.pk: (0, 0, 0)})
    publish_period(period, acting_user=coordinator)
    assert_kept({period.pk: (2, 2, 2)})
    html = client.get("/en/periods/").content.decode()
    assert '<th scope="row"><a href="/en/periods/2012-H1/' in html
    with writes_allowed():  # an import adds paragraphs in bulk to a published update
        add_entries(update, [NewEntry({"text": {"en": "More."}})] * 3, acting_user=coordinator, reason="test")
    assert_kept({period.pk: (2, 2, 5)})
    # The period's page shows the kept count, and a filtered page (counting) the same.
    assert "in 5 paragraphs." in client.get("/en/periods/2012-H1/").content.decode()
    assert "in 5 paragraphs." in client.get("/en/periods/2012-H1/?reported=yes").content.decode()


def test_rebuild_recounts_after_bulk_writes():
    period = ReportingPeriodFactory(label="2011-H2", state=PeriodState.PUBLISHED)
    with writes_allowed():
        update = ProgressUpdateFactory(period=period, workflow_state=WorkflowState.PUBLISHED)
        CommitmentFactory(promised_in=UpdateEntryFactory(update=update))
        PeriodActivity.objects.all().delete()  # as after a bulk load, which sends no signals
        assert kept() == {}
        assert period_counts.rebuild() == len(period_counts.counts())
        assert_kept({period.pk: (1, 1, 1)})
        (made,) = Commitment.objects.bulk_create(
            [Commitment(instrument=update.instrument, due_date=date(2026, 12, 31))]
        )
        # A bulk write sends no signal: whoever writes so recounts the periods touched.
        Commitment.objects.filter(pk=made.pk).update(promised_in=update.entries.get())
        period_counts.recount([period.pk])
    assert_kept({period.pk: (1, 2, 1)})


def test_the_imported_samples_are_counted(samples):  # last: the session's samples stay for the tests after
    assert_kept()
    assert kept()  # the sample reports are published, with commitments
