"""When each operative paragraph was last reported on (MandateReporting, restrack.publish.
mandate_counts) follows every change that moves it: an update published or withdrawn from
publication, paragraphs cited or no longer cited by a published paragraph, paragraphs and updates
deleted, a sub-paragraph added under a paragraph already reported on; a report citing a paragraph
reports on its sub-paragraphs; and the kept rows always equal a rebuild."""

import datetime

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.core.guard import writes_allowed
from restrack.publish import mandate_counts
from restrack.publish.models import MandateReporting
from restrack.registry.actions import add_operative_paragraph
from restrack.registry.models import Instrument
from restrack.reporting.choices import WorkflowState
from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory, UpdateEntryFactory

pytestmark = pytest.mark.django_db


def kept() -> dict[str, str]:
    return {
        row.paragraph.number: row.period.label for row in MandateReporting.objects.select_related("paragraph", "period")
    }


def assert_kept(expected: dict) -> None:
    now = kept()
    mandate_counts.rebuild()
    assert now == kept() == expected


def test_the_latest_period_citing_a_paragraph_or_its_parent_is_kept():
    coordinator = UserFactory(role="coordinator")
    instrument = Instrument.objects.get(kind="resolution", number="2/6")
    two = add_operative_paragraph(instrument, "2", acting_user=coordinator)
    two_a = add_operative_paragraph(instrument, "2(a)", acting_user=coordinator)
    three = add_operative_paragraph(instrument, "3", acting_user=coordinator)
    earlier = ReportingPeriodFactory(label="2031-H1", start_date=datetime.date(2031, 1, 1))
    later = ReportingPeriodFactory(label="2031-H2", start_date=datetime.date(2031, 7, 1))
    with writes_allowed():
        first = ProgressUpdateFactory(instrument=instrument, period=earlier, workflow_state=WorkflowState.DRAFT)
        cites_two = UpdateEntryFactory(update=first)
        cites_two.operative_paragraphs.add(two)
        assert_kept({})  # a draft: not public
        first.workflow_state = WorkflowState.PUBLISHED
        first.save()
        assert_kept({"2": "2031-H1", "2(a)": "2031-H1"})  # "OP 2" reports on 2(a) too
        second = ProgressUpdateFactory(instrument=instrument, period=later, workflow_state=WorkflowState.PUBLISHED)
        cites_two_a = UpdateEntryFactory(update=second)
        cites_two_a.operative_paragraphs.add(two_a)
        assert_kept({"2": "2031-H1", "2(a)": "2031-H2"})
        cites_two.operative_paragraphs.add(three)
        assert_kept({"2": "2031-H1", "2(a)": "2031-H2", "3": "2031-H1"})
        two_b = add_operative_paragraph(instrument, "2(b)", acting_user=coordinator)
        assert_kept({"2": "2031-H1", "2(a)": "2031-H2", "2(b)": "2031-H1", "3": "2031-H1"})
        cites_two.operative_paragraphs.remove(two)
        assert_kept({"2(a)": "2031-H2", "3": "2031-H1"})
        cites_two.operative_paragraphs.clear()
        assert_kept({"2(a)": "2031-H2"})
        second.workflow_state = WorkflowState.RETURNED  # no longer published
        second.save()
        assert_kept({})
        second.workflow_state = WorkflowState.PUBLISHED
        second.save()
        assert_kept({"2(a)": "2031-H2"})
        cites_two_a.delete()
        assert_kept({})
        UpdateEntryFactory(update=second).operative_paragraphs.add(two)
        assert_kept({"2": "2031-H2", "2(a)": "2031-H2", "2(b)": "2031-H2"})
        second.delete()  # its paragraphs with it
        assert_kept({})
    assert two_b.pk


def test_rebuild_finds_what_a_bulk_load_wrote():
    coordinator = UserFactory(role="coordinator")
    paragraph = add_operative_paragraph(
        Instrument.objects.get(kind="resolution", number="2/6"), "7", acting_user=coordinator
    )
    with writes_allowed():
        entry = UpdateEntryFactory(update=ProgressUpdateFactory(workflow_state=WorkflowState.PUBLISHED))
        through = entry.operative_paragraphs.through
        through.objects.bulk_create([through(updateentry=entry, operativeparagraph=paragraph)])  # no signal
    assert kept() == {}
    assert mandate_counts.rebuild() == 1
    assert kept() == {"7": entry.update.period.label}
