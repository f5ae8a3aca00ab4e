"""Two people acting on the same update at the same moment, each in their own thread and database
connection: exactly one wins, the other gets a clear refusal (never a database error, never both),
and the workflow log records the one step that happened. And a step that fails half-way leaves
nothing behind.

On PostgreSQL the threads meet at `select_for_update`. On SQLite they meet at the write lock that
IMMEDIATE transactions take, waiting up to the configured 20 s; the suite's in-memory SQLite
database cannot show that (its shared cache answers "database table is locked" at once instead of
waiting), so these tests copy it to a file, as production runs it, and work there.
"""

from __future__ import annotations

import sqlite3
import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections

from restrack.core.tests.event_helpers import kinds
from restrack.reporting import actions
from restrack.reporting.actions import EntryDraft, StaleUpdate, save_draft
from restrack.reporting.models import ProgressUpdate, UpdateVersion
from restrack.reporting.tests.conftest import draft_of

concurrent = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The backend and settings of the file database that threads connect to (SQLite only).
_file_database: tuple | None = None


@pytest.fixture
def shared_database(request, db, tmp_path):
    """For tests marked `concurrent`: a database that committed data and several connections
    really share (see the docstring)."""
    global _file_database
    memory = connections["default"]
    marker = request.node.get_closest_marker("django_db")
    if memory.vendor != "sqlite" or not marker.kwargs.get("transaction"):
        yield
        return
    memory.ensure_connection()
    path = tmp_path / "concurrency.sqlite3"
    target = sqlite3.connect(path)
    memory.connection.backup(target)
    target.close()
    _file_database = (memory.__class__, {**memory.settings_dict, "NAME": str(path)})
    on_file = _file_database[0](_file_database[1], "default")
    connections["default"] = on_file
    try:
        yield
    finally:
        on_file.close()
        connections["default"] = memory
        _file_database = None


@pytest.fixture
def people(shared_database, people):
    """conftest's people, in the shared database (committed there, in tests marked `concurrent`)."""
    return people


def race(*calls):
    """Run the calls at once, each in its own thread with its own connection; returns per call
    ("ok", result) or ("error", exception)."""
    barrier = threading.Barrier(len(calls))
    outcomes: list = [None] * len(calls)

    def run(index, call):
        if _file_database is not None:
            backend, settings = _file_database
            connections["default"] = backend(settings, "default")
        try:
            barrier.wait(timeout=30)
            outcomes[index] = ("ok", call())
        except BaseException as error:  # noqa: BLE001 - reported to the test
            outcomes[index] = ("error", error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is still waiting for the database"
    return outcomes


def one_winner(outcomes, refusal=ValidationError):
    """The index of the one call that succeeded; the other was refused with `refusal`."""
    errors = [outcome[1] for outcome in outcomes if outcome[0] == "error"]
    assert not any(isinstance(error, IntegrityError) for error in errors), errors
    winners = [index for index, outcome in enumerate(outcomes) if outcome[0] == "ok"]
    assert len(winners) == 1, outcomes
    assert len(errors) == 1 and isinstance(errors[0], refusal), errors
    return winners[0]


@concurrent
def test_two_submits_of_the_same_update(people, opened):
    draft = draft_of(opened, "resolution 2/6")
    outcomes = race(*[lambda: actions.submit_update(draft, acting_user=people["focal"])] * 2)
    one_winner(outcomes)
    loser = next(outcome[1] for outcome in outcomes if outcome[0] == "error")
    assert "cannot be submitted now" in loser.messages[0]
    assert kinds(draft) == ["submitted"]
    draft.refresh_from_db()
    assert (draft.workflow_state, draft.version) == ("submitted", 2)


@concurrent
def test_approve_and_return_of_the_same_update(people, opened):
    draft = draft_of(opened, "resolution 2/6")
    actions.submit_update(draft, acting_user=people["focal"])
    outcomes = race(
        lambda: actions.approve_update(draft, acting_user=people["reviewer"]),
        lambda: actions.return_update(draft, comment="Add the figures.", acting_user=people["coordinator"]),
    )
    winner = one_winner(outcomes)
    state = ("approved", "returned")[winner]
    draft.refresh_from_db()
    assert draft.workflow_state == state
    assert kinds(draft) == ["submitted", state]
    assert list(UpdateVersion.objects.filter(update=draft).values_list("version", "workflow_state")) == [
        (1, "draft"),
        (2, "submitted"),
        (3, state),
    ]


@concurrent
def test_two_saves_from_the_same_version(people, opened):
    draft = draft_of(opened, "resolution 2/6")
    first, second, third = draft.entries.order_by("position")

    def save(text):
        entries = [
            EntryDraft(id=first.pk, text={"en": text}),
            EntryDraft(id=second.pk, text={}),
            EntryDraft(id=third.pk, text={}),
        ]
        return save_draft(draft, version=1, entries=entries, acting_user=people["focal"])

    outcomes = race(lambda: save("From the first tab."), lambda: save("From the second tab."))
    winner = one_winner(outcomes, refusal=StaleUpdate)
    stale = next(outcome[1] for outcome in outcomes if outcome[0] == "error")
    assert (stale.expected_version, stale.current_version) == (1, 2)
    first.refresh_from_db()
    assert first.text_en == ("From the first tab.", "From the second tab.")[winner]
    assert ProgressUpdate.objects.get(pk=draft.pk).version == 2
    assert kinds(draft) == ["drafted"]
