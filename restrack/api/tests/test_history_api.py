"""Machine-readable history: each instrument's status period by period (/api/v1/status-history/)
and what changed in a published period (/api/v1/period-changes/), with their exports, read as the
public may (drafts never show)."""

import csv
import io

import pytest

from restrack.publish.tests.funding_samples import _shared_funding, sample_funding  # noqa: F401 (fixtures)
from restrack.reporting.tests.conftest import make_people

pytestmark = pytest.mark.django_db


def rows(client, address):
    response = client.get(address)
    assert response.status_code == 200, (address, response.content[:300])
    return response.json()["results"]


def csv_rows(client, address):
    response = client.get(address)
    assert response.status_code == 200, address
    return list(csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_status_history_gives_each_period_with_the_previous_status_and_its_basis(client, samples):
    history = rows(client, "/api/v1/status-history/?instrument=resolution-1-2")
    assert [row["period"] for row in history] == ["2020-H1", "2024-H2"]
    first, second = history
    assert first["previous_status"] is None and first["changed"] is True
    assert second["previous_period"] == "2020-H1" and second["previous_status"] == first["status"]
    assert second["changed"] is (second["status"] != first["status"])
    assert second["status_source"] == "derived" and second["status_evidence"]
    assert second["status_assessed_by"] is None
    changed = rows(client, "/api/v1/status-history/?changed=true&limit=1000")
    assert changed and all(row["changed"] for row in changed)
    unchanged = rows(client, "/api/v1/status-history/?changed=false&limit=1000")
    assert all(not row["changed"] for row in unchanged)
    assert len(changed) + len(unchanged) == client.get("/api/v1/status-history/").json()["count"]
    exported = csv_rows(client, "/api/v1/status-history/export.csv?instrument=resolution-1-2&lang=zh-hans")
    assert [row["period"] for row in exported] == ["2020-H1", "2024-H2"]
    assert exported[1]["previous_status"] == first["status"] and exported[1]["evidence_language"] == "zh-hans"
    assert client.get("/api/v1/status-history/?period=2024-H9").status_code == 400


def test_the_public_history_is_paged_by_the_kept_numbers_of_statuses(client, samples):
    """The public's whole history is paged with each period's number of published statuses as
    publish.PeriodActivity keeps it (no count over every update), and reads the same rows, page
    by page across the periods, as a filtered list, which counts them."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from restrack.publish import period_counts

    kept_total = sum(numbers[3] for numbers in period_counts.counts().values())
    with CaptureQueriesContext(connection) as queries:
        answer = client.get("/api/v1/status-history/?limit=3").json()
    assert queries.captured_queries and answer["count"] == kept_total > 3
    assert not any("COUNT(" in query["sql"].upper() for query in queries.captured_queries)
    walked, address = [], "/api/v1/status-history/?limit=3"
    while address:
        page = client.get(address).json()
        walked += [(row["instrument_slug"], row["period"]) for row in page["results"]]
        address = page["next"]
    counted = rows(client, "/api/v1/status-history/?changed=true&limit=1000") + rows(
        client, "/api/v1/status-history/?changed=false&limit=1000"
    )
    assert len(walked) == kept_total and sorted(walked) == sorted((r["instrument_slug"], r["period"]) for r in counted)


def test_period_changes_against_the_previous_published_period(client, sample_funding):
    changes = rows(client, "/api/v1/period-changes/?period=2024-H2&limit=1000")
    by_slug = {row["instrument_slug"]: row for row in changes}
    assert by_slug["resolution-1-1"]["changes"][:1] == ["new"]  # first reported on in 2024-H2
    one_two = by_slug["resolution-1-2"]
    assert "funding" in one_two["changes"] and one_two["previous_requirements_usd"] == "850000.00"
    assert one_two["previous_gap_percent"] == 68 and one_two["gap_percent"] == 22
    assert all(row["changes"] for row in changes)
    first = rows(client, "/api/v1/period-changes/?period=2020-H1&limit=1000")
    assert first and all(set(row["changes"]) <= {"new", "overdue", "delivered"} for row in first)
    only_overdue = rows(client, "/api/v1/period-changes/?period=2024-H2&change=overdue&limit=1000")
    assert only_overdue and all("overdue" in row["changes"] for row in only_overdue)
    one = rows(client, "/api/v1/period-changes/?instrument=resolution%201/2")
    assert [row["instrument"] for row in one] == ["resolution 1/2"]
    exported = csv_rows(client, "/api/v1/period-changes/export.csv?period=2024-H2")
    assert len(exported) == len(changes) and exported[0]["previous_period"] == "2020-H1"
    assert {row["instrument_slug"]: row["changes"] for row in exported}["resolution-1-2"] == " ".join(
        one_two["changes"]
    )


@pytest.mark.parametrize(
    ("address", "named"),
    [
        ("/api/v1/period-changes/?period=2099-H1", "period"),
        ("/api/v1/period-changes/?period=soon", "period"),
        ("/api/v1/period-changes/?change=bogus", "change"),
        ("/api/v1/period-changes/?instrument=resolution-9-99", "instrument"),
    ],
)
def test_bad_parameters_are_refused_naming_them(client, samples, address, named):
    response = client.get(address)
    assert response.status_code == 400 and named in response.json()


def test_a_draft_period_is_neither_changed_nor_in_the_history(client, sample_funding):
    from restrack.reporting import actions
    from restrack.reporting.actions.drafts import save_draft
    from restrack.reporting.models import ProgressUpdate, ReportingPeriod

    people = make_people()
    period = ReportingPeriod.objects.get(label="2025-H1")  # the funding samples' draft period
    actions.open_period(period, acting_user=people["coordinator"])
    update = ProgressUpdate.objects.get(period=period, instrument__number="2/6", instrument__kind="resolution")
    save_draft(update, version=update.version, acting_user=people["focal"], status="completed")
    assert client.get("/api/v1/period-changes/?period=2025-H1").status_code == 400
    assert "999999999" not in client.get("/api/v1/period-changes/export.csv").getvalue().decode()
    assert "2025-H1" not in {row["period"] for row in rows(client, "/api/v1/status-history/?limit=1000")}
    client.force_login(people["coordinator"])
    assert "2025-H1" in {row["period"] for row in rows(client, "/api/v1/status-history/?limit=1000")}


def test_the_pages_link_the_downloads(client, samples):
    instrument = client.get("/zh-hans/resolutions/2/6/").content.decode()
    link = "/api/v1/status-history/export.csv?instrument=resolution-2-6&amp;lang=zh-hans"
    assert link in instrument
    assert client.get(link.replace("&amp;", "&")).status_code == 200
    compare = client.get("/en/periods/compare/").content.decode()
    assert "/api/v1/period-changes/export.csv?period=2024-H2" in compare
    assert "/api/v1/period-changes/" not in client.get("/en/periods/compare/?from=2024-H2&to=2024-H2").content.decode()


def test_a_delivery_a_draft_states_is_not_a_change(sample_funding):
    from restrack.core.guard import writes_allowed
    from restrack.publish.changes import period_changes
    from restrack.registry.models import Instrument
    from restrack.reporting.choices import CommitmentState, WorkflowState
    from restrack.reporting.models import ProgressUpdate, ReportingPeriod
    from restrack.reporting.tests.factories import CommitmentFactory, UpdateEntryFactory

    period = ReportingPeriod.objects.get(label="2024-H2")
    one_one = Instrument.objects.get(kind="resolution", number="1/1")
    update = ProgressUpdate.objects.get(period=period, instrument=one_one)
    with writes_allowed():
        ProgressUpdate.objects.filter(pk=update.pk).update(workflow_state=WorkflowState.DRAFT)  # a correction begun
        CommitmentFactory(
            instrument=one_one,
            public=True,
            state=CommitmentState.DELIVERED,
            delivered_in=UpdateEntryFactory(update=update),
        )
    change = next(change for change in period_changes(period) if change.instrument.pk == one_one.pk)
    assert change.delivered == 0 and "delivered" not in change.kinds
