"""Twenty writers at once (issue 19, the reliability suite): each a thread with its own database
connection (on SQLite a file database, as production runs it; see test_concurrency.py, whose
harness this uses), doing a seeded random mix of what people do at the same moment:

- saving drafts of two progress updates (the same one as others, or another) with the version
  they read, through `save_draft` or `PUT /api/v1/updates/<id>/`, as focal points and coordinators;
- saving the funding figures of two shared records with the version they read, through
  `record_funding` or `POST /api/v1/funding/records/`, as finance officers and coordinators;
- allocating from the Urban Action Funding Window, through `allocate_from_window` or
  `POST /api/v1/funding/window/allocations/`, more in all than the window holds.

Each writer logs what was acknowledged (with the version its answer gave) and what was refused
(StaleUpdate/StaleRecord or 409, the window's refusal or 400). Afterwards the final state must be
exactly what the acknowledged writes make it, in the order of their versions: every record's
acknowledged versions are distinct and follow each other without a gap, the last one is what is
stored, every version in the history is an acknowledged write and no refused one is anywhere; the
window's balance is never negative on any date and its allocations are the acknowledged ones; no
other error (a database error, a 500) reached any writer.
"""

from __future__ import annotations

import os
import random
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from restrack.accounts.tests.factories import UserFactory
from restrack.core.choices import EventKind
from restrack.core.concurrency import StaleRecord, current_version
from restrack.core.models import Event
from restrack.funding.actions import allocate_from_window, record_contribution, record_funding
from restrack.funding.models import FundingRecord, WindowAllocation
from restrack.funding.window import allocatable_on, window_ledger
from restrack.registry.selectors import find_instrument
from restrack.reporting.actions import StaleUpdate, save_draft
from restrack.reporting.models import ProgressUpdate, UpdateVersion
from restrack.reporting.tests.conftest import draft_of, make_people
from restrack.reporting.tests.test_concurrency import concurrent, race, shared_database

__all__ = ["shared_database"]  # the fixture, used by the test below

pytestmark = concurrent

WRITERS = 20
OPERATIONS = 6  # per writer
# Another seed: RESTRACK_CONCURRENCY_SEED=7 (the figures printed with -s say what it did).
SEED = int(os.environ.get("RESTRACK_CONCURRENCY_SEED", "19"))
INSTRUMENTS = ("resolution 2/6", "resolution 2/7")
WINDOW_HOLDS = Decimal("100000.00")
RECEIVED_ON = date(2025, 1, 10)


@pytest.fixture
def people(shared_database):
    """conftest's people (focal drafts resolution 2/6, focal2 resolution 2/7) and a finance
    officer, committed in the shared database; without the sample reports, which these writes do
    not need (the registry's reference data is enough to open a period)."""
    return {**make_people(), "finance": UserFactory(username="fatima", role="finance_officer")}


@dataclass
class Write:
    """One write as its writer saw it: what it sent, from which version, and the answer."""

    writer: int
    kind: str  # "draft", "funding" or "allocation"
    target: str  # the update's instrument, the funding record's instrument, or "window"
    via: str  # "action" or "api"
    value: str  # the summary or amount sent
    read_version: int | None = None
    acknowledged: bool = False
    version: int | None = None  # the version the answer gave (drafts, funding)
    pk: int | None = None  # the allocation made
    day: date | None = None  # the allocation's date


# Who does what: focal points draft their own instrument's update; coordinators draft either and
# keep the funding figures and the window; finance officers keep the figures and the window.
WRITER_PEOPLE = ("focal", "focal2", "coordinator", "finance", "administrator")
MAY = {
    "focal": [("draft", "resolution 2/6")],
    "focal2": [("draft", "resolution 2/7")],
    "coordinator": [("draft", reference) for reference in INSTRUMENTS]
    + [("funding", reference) for reference in INSTRUMENTS]
    + [("allocation", "window")],
    "finance": [("funding", reference) for reference in INSTRUMENTS] + [("allocation", "window")],
    "administrator": [("funding", reference) for reference in INSTRUMENTS] + [("allocation", "window")],
}


# What a refusal must not show: the database's own words.
DATABASE_WORDS = ("IntegrityError", "OperationalError", "constraint", "database is locked", "deadlock")


class Unexpected(AssertionError):
    """An answer that is neither an acknowledgement nor one of the expected refusals."""


def writer(index: int, person, updates: dict, period) -> callable:
    rng = random.Random(SEED * 1000 + index)
    client = APIClient()
    client.force_authenticate(person)
    name = WRITER_PEOPLE[index % len(WRITER_PEOPLE)]

    def run() -> list[Write]:
        log = []
        for number in range(OPERATIONS):
            kind, target = rng.choice(MAY[name])
            via = rng.choice(("action", "api"))
            write = Write(index, kind, target, via, value="")
            log.append(write)
            pause = rng.uniform(0, 0.01)  # between reading and saving: others may save meanwhile
            if kind == "draft":
                _save_draft(write, f"w{index}-{number}", updates[target], person, client, pause)
            elif kind == "funding":
                amount = Decimal(1000 * (index + 1) + number)  # unique per write
                _save_funding(write, str(amount), find_instrument(target), period, person, client, pause)
            else:
                amount = Decimal(rng.randrange(40, 120) * 100)  # some 20 of them ask for more than the window holds
                write.day = RECEIVED_ON + timedelta(days=rng.randrange(0, 5))
                _allocate(write, str(amount), person, client, pause)
        return log

    return run


def _save_draft(write, summary, update, person, client, pause):
    write.value = summary
    write.read_version = ProgressUpdate.objects.get(pk=update.pk).version
    time.sleep(pause)
    if write.via == "action":
        try:
            result = save_draft(update, version=write.read_version, summary={"en": summary}, acting_user=person)
        except StaleUpdate:
            return
        assert result.changed, write
        write.acknowledged, write.version = True, result.update.version
        return
    answer = client.put(
        f"/api/v1/updates/{update.pk}/", {"version": write.read_version, "summary": {"en": summary}}, format="json"
    )
    _api_outcome(write, answer, ok=(200,), refused=(409,))


def _save_funding(write, amount, instrument, period, person, client, pause):
    write.value = amount
    write.read_version = current_version(FundingRecord.objects.filter(instrument=instrument, period=period).first())
    time.sleep(pause)
    if write.via == "action":
        try:
            record = record_funding(
                instrument, period, requirements_usd=amount, version=write.read_version, acting_user=person
            )
        except StaleRecord:
            return
        write.acknowledged, write.version = True, record.version
        return
    answer = client.post(
        "/api/v1/funding/records/",
        {
            "instrument": instrument.reference,
            "period": period.label,
            "requirements_usd": amount,
            "version": write.read_version,
        },
        format="json",
    )
    _api_outcome(write, answer, ok=(200, 201), refused=(409,))


def _allocate(write, amount, person, client, pause):
    write.value = amount
    time.sleep(pause)
    instrument = find_instrument(INSTRUMENTS[write.writer % 2])
    if write.via == "action":
        try:
            allocation = allocate_from_window(
                acting_user=person, instrument=instrument, allocated_on=write.day, amount_usd=amount
            )
        except ValidationError as error:
            if error.code != "window_overdrawn":
                raise
            return
        write.acknowledged, write.pk = True, allocation.pk
        return
    answer = client.post(
        "/api/v1/funding/window/allocations/",
        {"instrument": instrument.reference, "allocated_on": write.day.isoformat(), "amount_usd": amount},
        format="json",
    )
    _api_outcome(write, answer, ok=(201,), refused=(400,))
    if answer.status_code == 400 and "exceeds what the window can spare" not in answer.json()["detail"]:
        raise Unexpected(f"{write}: {answer.json()}")


def _api_outcome(write, answer, *, ok, refused):
    body = answer.json()
    if answer.status_code in ok:
        write.acknowledged = True
        write.version, write.pk = body.get("version"), body.get("id")
    elif answer.status_code not in refused:
        raise Unexpected(f"{write}: {answer.status_code} {body}")
    if answer.status_code in refused and any(word in str(body) for word in DATABASE_WORDS):
        raise Unexpected(f"{write}: the database's words reached the client: {body}")


def test_twenty_writers_leave_exactly_what_they_were_told_was_saved(people, opened):
    updates = {reference: draft_of(opened, reference) for reference in INSTRUMENTS}
    record_contribution(
        acting_user=people["finance"], donor="Government of Norway", received_on=RECEIVED_ON, amount=str(WINDOW_HOLDS)
    )
    outcomes = race(
        *[writer(index, people[WRITER_PEOPLE[index % len(WRITER_PEOPLE)]], updates, opened) for index in range(WRITERS)]
    )
    errors = [outcome[1] for outcome in outcomes if outcome[0] == "error"]
    assert not errors, errors  # no database error, no 500, nothing but acknowledgements and refusals
    writes = [write for outcome in outcomes for write in outcome[1]]
    by_target = defaultdict(list)
    for write in writes:
        by_target[write.kind, write.target].append(write)

    for reference, update in updates.items():
        check_draft(update, by_target["draft", reference])
    for reference in INSTRUMENTS:
        check_funding(find_instrument(reference), opened, by_target["funding", reference])
    check_window(by_target["allocation", "window"])

    tally = Counter((write.kind, write.acknowledged) for write in writes)
    print(  # the figures the docs report (pytest -s shows them)
        f"{WRITERS} writers, {len(writes)} writes: "
        + ", ".join(
            f"{kind} {tally[kind, True]} acknowledged/{tally[kind, False]} refused"
            for kind in ("draft", "funding", "allocation")
        )
    )
    # The seed makes every kind of write meet both answers (or the test shows nothing).
    assert all(tally[kind, True] and tally[kind, False] for kind in ("draft", "funding", "allocation")), tally


def in_version_order(writes: list[Write], first: int) -> list[Write]:
    """The acknowledged writes, ordered by the version their answer gave, after checking those
    versions run first, first + 1, ... without a gap or a repeat, and that each writer's own
    acknowledged versions rise in the order it wrote."""
    acknowledged = sorted((write for write in writes if write.acknowledged), key=lambda write: write.version)
    versions = [write.version for write in acknowledged]
    assert versions == list(range(first, first + len(acknowledged))), [
        (write.version, write.via, write.read_version) for write in acknowledged
    ]
    for index in {write.writer for write in writes}:
        own = [write.version for write in writes if write.writer == index and write.acknowledged]
        assert own == sorted(own), (index, own)
    for write in acknowledged:  # saved from the version before its own, never over a later one
        assert write.read_version in (write.version - 1, None, 0), write
    return acknowledged


def check_draft(update, writes):
    acknowledged = in_version_order(writes, first=2)  # opening the period made version 1
    refused = {write.value for write in writes if not write.acknowledged}
    stored = ProgressUpdate.objects.get(pk=update.pk)
    assert stored.version == 1 + len(acknowledged)
    assert stored.summary_en == acknowledged[-1].value
    recorded = dict(UpdateVersion.objects.filter(update=update, version__gt=1).values_list("version", "snapshot"))
    assert {version: snapshot["summary"]["en"] for version, snapshot in recorded.items()} == {
        write.version: write.value for write in acknowledged
    }
    history = set(stored.history.values_list("summary_en", flat=True))
    assert not refused & history, refused & history
    drafted = Event.objects.filter(
        kind=EventKind.UPDATE_DRAFTED, target_id=update.pk, target_type__model="progressupdate"
    )
    assert sorted(event.data["version"] for event in drafted) == [write.version for write in acknowledged]


def check_funding(instrument, period, writes):
    acknowledged = in_version_order(writes, first=1)
    refused = {Decimal(write.value) for write in writes if not write.acknowledged}
    record = FundingRecord.objects.get(instrument=instrument, period=period)
    assert record.version == len(acknowledged)
    assert record.requirements_usd == Decimal(acknowledged[-1].value)
    history = dict(record.history.values_list("version", "requirements_usd"))
    assert history == {write.version: Decimal(write.value) for write in acknowledged}
    assert not refused & set(history.values())
    recorded = Event.objects.filter(
        kind=EventKind.FUNDING_RECORDED, target_id=record.pk, target_type__model="fundingrecord"
    ).count()
    assert recorded == len(acknowledged)


def check_window(writes):
    acknowledged = {write.pk: Decimal(write.value) for write in writes if write.acknowledged}
    assert len(acknowledged) == sum(write.acknowledged for write in writes)  # one allocation each
    stored = dict(WindowAllocation.objects.values_list("pk", "amount_usd"))
    assert stored == acknowledged
    lines = window_ledger()
    assert all(line.balance_usd >= 0 for line in lines), [(line.day, line.balance_usd) for line in lines]
    assert sum(acknowledged.values()) <= WINDOW_HOLDS
    # A refusal was right: it asked for more than the window could spare on its date then, which is
    # at least what it can spare now (since then money was only allocated, none received).
    for write in writes:
        if not write.acknowledged:
            assert Decimal(write.value) > allocatable_on(lines, write.day), write
