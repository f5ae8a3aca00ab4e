"""Writing periods, updates, entries and commitments through the reporting actions."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from restrack.registry.actions import add_operative_paragraph
from restrack.registry.models import Instrument, Partner
from restrack.reporting import actions
from restrack.reporting.models import UpdateEntry
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db


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
    update = actions.create_progress_update(instrument, ReportingPeriodFactory(), acting_user=user)
    op = add_operative_paragraph(instrument, "4(a)", acting_user=user)
    unicef = Partner.objects.get(code="UNICEF")
    first = actions.add_update_entry(
        update,
        text={"zh-hans": "根据第 4 (a)段"},
        operative_paragraphs=[op],
        partners=[unicef],
        source_paragraph=36,
        acting_user=user,
    )
    second = actions.add_update_entry(update, text={"en": "Second"}, acting_user=user)
    assert [first.position, second.position] == [1, 2]
    assert list(update.entries.values_list("source_paragraph", flat=True)) == [36, None]
    latest = first.history.first()
    assert latest.history_user == user
    assert [row.operativeparagraph_id for row in latest.operative_paragraphs.all()] == [op.pk]
    assert [row.partner_id for row in latest.partners.all()] == [unicef.pk]


def test_an_entry_cannot_cite_another_instruments_paragraph(user):
    update = actions.create_progress_update(resolution("2/6"), ReportingPeriodFactory(), acting_user=user)
    foreign = add_operative_paragraph(resolution("2/7"), "2", acting_user=user)
    with pytest.raises(ValidationError, match="belongs to another instrument"):
        actions.add_update_entry(update, text={"en": "x"}, operative_paragraphs=[foreign], acting_user=user)
    assert not UpdateEntry.objects.exists()


def test_commitments_keep_the_precision_of_their_due_date(user):
    instrument = resolution("1/4")
    commitment = actions.record_commitment(
        instrument, description={"zh-hans": "推出手册"}, due="2024-12", acting_user=user
    )
    assert (commitment.due_date, str(commitment.due)) == (date(2024, 12, 31), "2024-12")
    assert commitment.is_overdue(today=date(2025, 1, 1))
    assert not commitment.is_overdue(today=date(2024, 12, 31))
    with pytest.raises(ValidationError, match="YYYY-Qn"):
        actions.record_commitment(instrument, description={"en": "x"}, due="end of 2024", acting_user=user)
