"""The API's long lists at scale (issue 16): a page of commitments, updates, funding records,
partners or search hits runs the same queries whatever the size of the data, the public's
commitments are a range of an index (their stored `public` flag), and that flag follows every
step that changes what the public may read: publishing, a correction, a return, an import, a
paragraph deleted, and writes in bulk (refresh_public_commitments)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.accounts import policy
from restrack.accounts.tests.factories import UserFactory
from restrack.api.tests.worlds import grow
from restrack.core.guard import writes_allowed
from restrack.core.tests.api_helpers import client_as
from restrack.registry.models import Instrument
from restrack.registry.tests.factories import DocumentFactory, InstrumentFactory
from restrack.reporting import actions
from restrack.reporting.actions import CommitmentDraft, EntryDraft, save_draft
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.models import Commitment, ProgressUpdate, refresh_public_commitments
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

PAGES = [
    "/api/v1/commitments/",
    "/api/v1/commitments/?offset=3",
    "/api/v1/commitments/?state=pending",
    "/api/v1/commitments/?period=2022-H1",
    "/api/v1/updates/",
    "/api/v1/updates/?offset=3",
    "/api/v1/funding/records/",
    "/api/v1/funding/records/?offset=3",
    "/api/v1/partners/",
    "/api/v1/search/?q=workshop",
]


def queries(client, address: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(address)
    assert response.status_code == 200, (address, response.content[:300])
    return len(captured)


def test_list_pages_take_the_same_queries_with_5_or_50_instruments():
    """The default page of each list (and a page further on, and filtered), anonymous and signed
    in: the number of queries does not follow the number of instruments, updates or commitments."""
    clients = {"anonymous": client_as(), "coordinator": client_as(UserFactory(role="coordinator"))}
    grow(5, year=2022)
    before = {(who, page): queries(client, page) for who, client in clients.items() for page in PAGES}
    grow(45, year=2023)
    assert Instrument.objects.count() > 50
    after = {(who, page): queries(client, page) for who, client in clients.items() for page in PAGES}
    assert after == before


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's query plans")
def test_the_publics_first_page_of_commitments_is_a_walk_of_an_index():
    """No sort of every commitment (a temporary B-tree) and no join through the updates: the
    page's ids and the count come from an index in the list's order (due date, id)."""
    grow(5)
    client = client_as()
    with CaptureQueriesContext(connection) as captured:
        assert client.get("/api/v1/commitments/").status_code == 200
    page_ids = 'SELECT "reporting_commitment"."id" AS "pk" FROM'
    listed = [q["sql"] for q in captured if q["sql"].startswith(("SELECT COUNT", page_ids))]
    assert len(listed) == 2, listed
    for sql in listed:
        assert "reporting_updateentry" not in sql and "reporting_progressupdate" not in sql, sql
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        # Either of the two indexes in the list's order (which one SQLite takes depends on its
        # statistics: how many commitments are public).
        assert ("commitment_public_due" in plan or "commitment_due" in plan) and "TEMP B-TREE" not in plan, plan


# --- the stored flag follows every step ----------------------------------------------------------


def public_list_ids() -> set[int]:
    response = client_as().get("/api/v1/commitments/?limit=1000")
    assert response.status_code == 200
    return {item["id"] for item in response.json()["results"]}


def assert_flags_follow_the_policy() -> None:
    """The stored flags say exactly what the access policy's rule says for the public."""
    by_policy = set(policy.public(Commitment.objects.all()).values_list("pk", flat=True))
    assert set(Commitment.objects.filter(public=True).values_list("pk", flat=True)) == by_policy
    assert public_list_ids() == by_policy


@pytest.fixture
def cycle():
    """An open period, an instrument, a coordinator, and the instrument's draft with one paragraph
    promising one commitment."""
    with writes_allowed():
        period = ReportingPeriodFactory(label="2024-H2", state=PeriodState.OPEN)
        instrument = InstrumentFactory()
    coordinator = UserFactory(role="coordinator")
    update = actions.create_progress_update(instrument, period, acting_user=coordinator)
    result = save_draft(
        update,
        version=update.version,
        acting_user=coordinator,
        entries=[EntryDraft(text={"en": "UN-Habitat held a workshop."}, key="p1")],
        commitments=[CommitmentDraft(description={"en": "A guide by 2026."}, due="2026", promised_in="p1")],
    )
    commitment = Commitment.objects.get(instrument=instrument)
    return {"period": period, "user": coordinator, "update": result.update, "commitment": commitment}


def flag(commitment) -> bool:
    return Commitment.objects.values_list("public", flat=True).get(pk=commitment.pk)


def approved(cycle) -> ProgressUpdate:
    update = actions.submit_update(cycle["update"], acting_user=cycle["user"])
    return actions.approve_update(update, acting_user=cycle["user"])


def test_a_draft_s_promise_is_not_public_until_its_update_is_published(cycle):
    commitment = cycle["commitment"]
    assert flag(commitment) is False
    assert_flags_follow_the_policy()
    approved(cycle)
    assert flag(commitment) is False
    actions.publish_period(cycle["period"], acting_user=cycle["user"])
    assert ProgressUpdate.objects.get(pk=cycle["update"].pk).workflow_state == WorkflowState.PUBLISHED
    assert flag(commitment) is True
    assert commitment.pk in public_list_ids()
    assert_flags_follow_the_policy()


def test_a_returned_update_s_promise_stays_hidden(cycle):
    update = actions.submit_update(cycle["update"], acting_user=cycle["user"])
    actions.return_update(update, comment="Say when.", acting_user=cycle["user"])
    assert flag(cycle["commitment"]) is False
    assert_flags_follow_the_policy()


def test_a_correction_of_a_published_update_makes_its_new_promise_public_at_once(cycle):
    approved(cycle)
    actions.publish_period(cycle["period"], acting_user=cycle["user"])
    update = ProgressUpdate.objects.get(pk=cycle["update"].pk)
    entry = update.entries.get()
    save_draft(
        update,
        version=update.version,
        acting_user=cycle["user"],
        commitments=[
            CommitmentDraft(id=cycle["commitment"].pk, description={"en": "A guide by 2026."}, due="2026"),
            CommitmentDraft(description={"en": "A second guide."}, due="2027", promised_in=entry.pk),
        ],
        comment="Correction: a second guide was promised.",
    )
    added = Commitment.objects.exclude(pk=cycle["commitment"].pk).get(instrument=update.instrument)
    assert flag(added) is True and flag(cycle["commitment"]) is True
    assert_flags_follow_the_policy()


def test_an_imported_update_s_promises_are_public(cycle):
    """As the importer writes a report's update: a published update, then its paragraphs and
    commitments saved as an import of the report's document."""
    with writes_allowed():
        instrument, document = InstrumentFactory(), DocumentFactory()
    user = cycle["user"]
    update = actions.create_progress_update(
        instrument, cycle["period"], workflow_state=WorkflowState.PUBLISHED, acting_user=user
    )
    save_draft(
        update,
        version=update.version,
        acting_user=user,
        entries=[EntryDraft(text={"en": "A report's paragraph."}, key="p1")],
        commitments=[CommitmentDraft(description={"en": "Imported promise."}, due="2025-Q4", promised_in="p1")],
        imported_from=document,
    )
    imported = Commitment.objects.get(instrument=instrument)
    assert flag(imported) is True
    assert_flags_follow_the_policy()


def test_a_deleted_paragraph_leaves_its_commitments_public_when_they_outlive_it(cycle):
    """Deleting a paragraph through the draft deletes what it promised; a paragraph deleted
    otherwise (with its update, in the admin) unlinks them, and a commitment no paragraph
    promised is public."""
    update = cycle["update"]
    save_draft(update, version=update.version, acting_user=cycle["user"], entries=[], commitments=[])
    assert not Commitment.objects.filter(pk=cycle["commitment"].pk).exists()
    assert_flags_follow_the_policy()

    update = ProgressUpdate.objects.get(pk=update.pk)
    save_draft(
        update,
        version=update.version,
        acting_user=cycle["user"],
        entries=[EntryDraft(text={"en": "Again."}, key="p2")],
        commitments=[CommitmentDraft(description={"en": "Outlives its paragraph."}, due="2026", promised_in="p2")],
    )
    outliving = Commitment.objects.get(instrument=update.instrument)
    entry = outliving.promised_in
    assert flag(outliving) is False
    with writes_allowed():
        entry.delete()
    outliving.refresh_from_db()
    assert outliving.promised_in_id is None and outliving.public is True
    assert_flags_follow_the_policy()


def test_writes_in_bulk_are_followed_by_a_refresh(cycle):
    approved(cycle)
    actions.publish_period(cycle["period"], acting_user=cycle["user"])
    assert flag(cycle["commitment"]) is True
    with writes_allowed():  # a bulk unpublish sends no signal and calls no save()
        ProgressUpdate.objects.filter(pk=cycle["update"].pk).update(workflow_state=WorkflowState.DRAFT)
        assert refresh_public_commitments() == 1
    assert flag(cycle["commitment"]) is False
    assert_flags_follow_the_policy()


def test_the_migration_fills_the_flag_from_the_updates(cycle):
    grow(3)
    with writes_allowed():
        Commitment.objects.update(public=True)
    migration = importlib.import_module("restrack.reporting.migrations.0009_commitment_public_flag")
    migration.fill_public(django_apps, None)
    assert Commitment.objects.filter(public=False).exists()
    assert_flags_follow_the_policy()
