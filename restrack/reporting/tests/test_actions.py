"""Writing periods, updates, entries and commitments through the reporting actions: periods and
updates are created by their actions, paragraphs and commitments are written by the one action
that applies a draft."""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from restrack.accounts.tests.factories import UserFactory
from restrack.registry.actions import add_operative_paragraph
from restrack.registry.models import Instrument, Partner
from restrack.reporting import actions
from restrack.reporting.actions import CommitmentDraft, EntryDraft
from restrack.reporting.models import UpdateEntry
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def user(db):
    return UserFactory(role="coordinator")


def draft_of(instrument, user):
    """An empty draft of `instrument` in an open 2024-H2."""
    return actions.create_progress_update(instrument, ReportingPeriodFactory(state="open"), acting_user=user)


def resolution(number):
    return Instrument.objects.get(kind="resolution", number=number)


def test_a_period_gets_the_dates_of_its_half_year(user):
    period = actions.create_reporting_period("2024-h2", acting_user=user, input_deadline=date(2024, 9, 1))
    assert (period.label, period.start_date, period.end_date) == ("2024-H2", date(2024, 7, 1), date(2024, 12, 31))
    assert period.state == "planned"
    assert period.history.get().history_user == user


def test_duplicate_or_malformed_periods_are_refused(user):
    actions.create_reporting_period("2024-H2", acting_user=user)
    with pytest.raises(ValidationError, match="2024-H2 already exists"):
        actions.create_reporting_period("2024-H2", acting_user=user)
    with pytest.raises(ValidationError, match="'2024-H3' is not a reporting period"):
        actions.create_reporting_period("2024-H3", acting_user=user)


def test_one_update_per_instrument_and_period(user):
    period = ReportingPeriodFactory()
    actions.create_progress_update(resolution("2/6"), period, acting_user=user, status="under_implementation")
    with pytest.raises(ValidationError, match="Resolution 2/6 already has an update for 2024-H2"):
        actions.create_progress_update(resolution("2/6"), period, acting_user=user)


def test_entries_keep_their_order_links_and_history(user):
    instrument = resolution("2/6")
    update = draft_of(instrument, user)
    op = add_operative_paragraph(instrument, "4(a)", acting_user=user)
    unicef = Partner.objects.get(code="UNICEF")
    drafts = [
        EntryDraft(text={"zh-hans": "根据第 4 (a)段"}, operative_paragraphs=[op.pk], partners=[unicef.pk], key="a"),
        EntryDraft(text={"en": "Second"}, key="b"),
    ]
    saved = actions.save_draft(update, version=update.version, entries=drafts, acting_user=user)
    first, second = (UpdateEntry.objects.get(pk=saved.entry_ids[key]) for key in "ab")
    assert [first.position, second.position] == [1, 2]
    latest = first.history.first()
    assert latest.history_user == user
    assert [row.operativeparagraph_id for row in latest.operative_paragraphs.all()] == [op.pk]
    assert [row.partner_id for row in latest.partners.all()] == [unicef.pk]


def test_an_entry_cannot_cite_another_instruments_paragraph(user):
    update = draft_of(resolution("2/6"), user)
    foreign = add_operative_paragraph(resolution("2/7"), "2", acting_user=user)
    with pytest.raises(ValidationError, match="operative paragraph .* is not one of resolution 2/6's"):
        actions.save_draft(
            update,
            version=1,
            entries=[EntryDraft(text={"en": "x"}, operative_paragraphs=[foreign.pk])],
            acting_user=user,
        )
    assert not UpdateEntry.objects.exists()


def test_commitments_keep_the_precision_of_their_due_date(user):
    update = draft_of(resolution("1/4"), user)
    saved = actions.save_draft(
        update,
        version=1,
        commitments=[CommitmentDraft(description={"zh-hans": "推出手册"}, due="2024-12")],
        acting_user=user,
    )
    commitment = update.instrument.commitments.get(pk=next(iter(saved.commitment_ids.values())))
    assert (commitment.due_date, str(commitment.due)) == (date(2024, 12, 31), "2024-12")
    assert commitment.is_overdue(today=date(2025, 1, 1))
    assert not commitment.is_overdue(today=date(2024, 12, 31))
    with pytest.raises(ValidationError, match="is not a date; write 2025-06-30"):
        actions.save_draft(
            update,
            version=2,
            commitments=[CommitmentDraft(description={"en": "x"}, due="end of 2024")],
            acting_user=user,
        )


def test_only_those_the_policy_allows_write(user):
    viewer = UserFactory(role="viewer")
    with pytest.raises(PermissionDenied, match="may not create reporting periods"):
        actions.create_reporting_period("2024-H2", acting_user=viewer)
    update = draft_of(resolution("2/6"), user)
    with pytest.raises(PermissionDenied, match="does not draft resolution 2/6"):
        actions.save_draft(update, version=1, status="completed", acting_user=viewer)
    with pytest.raises(PermissionDenied, match="may not import progress reports"):
        actions.create_progress_update(resolution("2/7"), update.period, acting_user=viewer)
