"""The kept counts of each partner's published paragraphs and instruments (PartnerMentions,
restrack.publish.partner_counts) follow every change that moves them: an update published or
withdrawn from publication, partners added to or removed from a published paragraph, paragraphs
and updates deleted; and always equal a recount of the published paragraphs."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.core.guard import writes_allowed
from restrack.publish import partner_counts
from restrack.publish.models import PartnerMentions
from restrack.registry.models import Instrument
from restrack.registry.tests.factories import PartnerFactory
from restrack.reporting.choices import WorkflowState
from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory, UpdateEntryFactory

pytestmark = pytest.mark.django_db


def kept() -> dict[int, tuple[int, int]]:
    return {row.partner_id: (row.mentions, row.instruments) for row in PartnerMentions.objects.all()}


def assert_kept(expected: dict) -> None:
    assert kept() == partner_counts.counts() == expected


def test_counts_follow_publication_links_and_deletions():
    alpha, beta = PartnerFactory(code="ALPHA"), PartnerFactory(code="BETA")
    two_six = Instrument.objects.get(kind="resolution", number="2/6")
    one_two = Instrument.objects.get(kind="resolution", number="1/2")
    with writes_allowed():
        update = ProgressUpdateFactory(instrument=two_six, workflow_state=WorkflowState.DRAFT)
        first = UpdateEntryFactory(update=update)
        first.partners.add(alpha)
        assert_kept({})  # a draft: not public
        update.workflow_state = WorkflowState.PUBLISHED
        update.save()
        assert_kept({alpha.pk: (1, 1)})
        second = UpdateEntryFactory(update=update)
        second.partners.add(alpha, beta)
        assert_kept({alpha.pk: (2, 1), beta.pk: (1, 1)})
        first.partners.remove(alpha)
        assert_kept({alpha.pk: (1, 1), beta.pk: (1, 1)})
        later = ProgressUpdateFactory(
            instrument=one_two, period=ReportingPeriodFactory(label="2025-H1"), workflow_state=WorkflowState.PUBLISHED
        )
        UpdateEntryFactory(update=later).partners.add(beta)
        beta.entries.add(first)  # from the partner's side
        assert_kept({alpha.pk: (1, 1), beta.pk: (3, 2)})
        second.partners.clear()
        assert_kept({beta.pk: (2, 2)})
        first.delete()
        assert_kept({beta.pk: (1, 1)})
        later.workflow_state = WorkflowState.RETURNED  # no longer published
        later.save()
        assert_kept({})
        later.workflow_state = WorkflowState.PUBLISHED
        later.save()
        assert_kept({beta.pk: (1, 1)})
        later.delete()  # its paragraphs with it
        assert_kept({})


def test_rebuild_recounts_after_a_bulk_load():
    partner = PartnerFactory(code="BULK")
    with writes_allowed():
        update = ProgressUpdateFactory(workflow_state=WorkflowState.PUBLISHED)
        entry = UpdateEntryFactory(update=update)
        # A bulk insert sends no signal: the count is behind until rebuilt.
        entry.partners.through.objects.bulk_create([entry.partners.through(updateentry=entry, partner=partner)])
    assert kept() == {}
    assert partner_counts.rebuild() == 1
    assert_kept({partner.pk: (1, 1)})


def test_a_draft_s_paragraphs_cost_no_recount():
    """Editing a draft (what focal points do all day) reads and writes nothing for the counts."""
    partner = PartnerFactory(code="DRAFTED")
    with writes_allowed():
        entry = UpdateEntryFactory(update=ProgressUpdateFactory(workflow_state=WorkflowState.DRAFT))
        with CaptureQueriesContext(connection) as queries:
            entry.partners.add(partner)
            entry.partners.remove(partner)
    assert queries.captured_queries
    assert not [q["sql"] for q in queries if "partnermentions" in q["sql"] or "progressupdate" in q["sql"]]
    assert_kept({})


def test_the_page_and_the_api_read_the_kept_counts(client):
    partner = PartnerFactory(code="SHOWN")
    with writes_allowed():
        entry = UpdateEntryFactory(update=ProgressUpdateFactory(workflow_state=WorkflowState.PUBLISHED))
        entry.partners.add(partner)
    assert 'data-mentions="1"' in client.get("/en/partners/SHOWN/").content.decode()
    listed = {item["code"]: item for item in client.get("/api/v1/partners/?ordering=-mentions").json()["results"]}
    assert (listed["SHOWN"]["mentions"], listed["SHOWN"]["instruments"]) == (1, 1)
