"""Two saves of the same funding figures at the same moment, each in its own thread and database
connection (on SQLite a file database, as production runs it; see
restrack/reporting/tests/test_concurrency.py, whose harness this uses): exactly one record is
created, and the other save gets a clean answer, never a database error and never a 201 for a
row it did not create.

- Without a version (no expectation) the second first save is applied to the record the first
  created: 201 and 200.
- With version 0 ("I read no record") the second is refused: 201 and 409 "created by ...".
- Two saves from the same version: one is saved, the other refused as stale.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from restrack.accounts.tests.factories import UserFactory
from restrack.core.choices import EventKind
from restrack.core.concurrency import StaleRecord
from restrack.core.models import Event
from restrack.funding.actions import record_funding
from restrack.funding.models import FundingRecord
from restrack.registry.selectors import find_instrument
from restrack.reporting.choices import PeriodState
from restrack.reporting.tests.factories import ReportingPeriodFactory
from restrack.reporting.tests.test_concurrency import concurrent, one_winner, race, shared_database

__all__ = ["shared_database"]  # the fixture, used by the tests below

pytestmark = concurrent


@pytest.fixture
def people(shared_database):
    return {
        "amina": UserFactory(username="amina", first_name="Amina", last_name="Diallo", role="finance_officer"),
        "li": UserFactory(username="li", first_name="Li", last_name="Wei", role="coordinator"),
    }


@pytest.fixture
def period(shared_database):
    return ReportingPeriodFactory(label="2025-H1", state=PeriodState.OPEN)


def post(person, **body):
    def call():
        client = APIClient()
        client.force_authenticate(person)
        return client.post(
            "/api/v1/funding/records/", {"instrument": "resolution 2/6", "period": "2025-H1", **body}, format="json"
        )

    return call


def answers(outcomes):
    assert all(outcome[0] == "ok" for outcome in outcomes), outcomes
    return [outcome[1] for outcome in outcomes]


def test_two_first_saves_without_a_version_create_one_record_and_update_it(people, period):
    responses = answers(
        race(post(people["amina"], requirements_usd="1000"), post(people["li"], mobilized_core_usd="300"))
    )
    assert sorted(response.status_code for response in responses) == [200, 201], [r.content for r in responses]
    assert FundingRecord.objects.count() == 1
    saved = FundingRecord.objects.get()
    assert (saved.requirements_usd, saved.mobilized_core_usd, saved.version) == (Decimal("1000"), Decimal("300"), 2)
    created = next(response for response in responses if response.status_code == 201)
    assert created.json()["id"] == saved.pk
    assert Event.objects.filter(kind=EventKind.FUNDING_RECORDED).count() == 2


def test_two_first_saves_expecting_no_record_create_one_and_refuse_the_other(people, period):
    responses = answers(
        race(
            post(people["amina"], requirements_usd="1000", version=0),
            post(people["li"], requirements_usd="2000", version=0),
        )
    )
    assert sorted(response.status_code for response in responses) == [201, 409], [r.content for r in responses]
    refused = next(response for response in responses if response.status_code == 409).json()
    winner = next(response for response in responses if response.status_code == 201).json()
    assert "created by" in refused["detail"] and refused["current_version"] == 1
    assert "IntegrityError" not in refused["detail"] and "constraint" not in refused["detail"]
    assert FundingRecord.objects.count() == 1
    assert FundingRecord.objects.get().requirements_usd == Decimal(winner["requirements_usd"])
    assert FundingRecord.history.count() == 1


def test_two_saves_from_the_same_version(people, period):
    resolution = find_instrument("resolution 2/6")
    record_funding(resolution, period, requirements_usd="1000", acting_user=people["amina"])

    def save(person, amount):
        return lambda: record_funding(resolution, period, requirements_usd=amount, version=1, acting_user=person)

    outcomes = race(save(people["amina"], "1500"), save(people["li"], "2000"))
    winner = one_winner(outcomes, refusal=StaleRecord)
    stale = next(outcome[1] for outcome in outcomes if outcome[0] == "error")
    assert (stale.expected_version, stale.current_version) == (1, 2)
    saved = FundingRecord.objects.get()
    assert saved.requirements_usd == (Decimal("1500"), Decimal("2000"))[winner]
    assert saved.version == 2
