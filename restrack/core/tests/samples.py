"""The sample reports for the tests: imported once per test session (see _SessionSamples)."""

import io

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase


class _SessionSamples:
    """The two sample reports, imported once per test session (per worker) as on first start, with
    the search index their commit writes, inside a transaction kept open while the tests that use
    them run (each in a savepoint inside it, so its own changes are undone) and rolled back before
    the first test that commits for real (they come last: see pytest_collection_modifyitems)."""

    def __init__(self):
        self._contexts: list = []

    @property
    def open(self) -> bool:
        return bool(self._contexts)

    def start(self, django_db_blocker) -> None:
        if self.open:
            return
        unblocked, atomic = django_db_blocker.unblock(), transaction.atomic()
        unblocked.__enter__()
        atomic.__enter__()
        self._contexts = [atomic, unblocked]
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_samples", "--reports-only", stdout=io.StringIO())

    def stop(self) -> None:
        if not self.open:
            return
        transaction.set_rollback(True)
        for context in self._contexts:
            context.__exit__(None, None, None)
        self._contexts = []


SESSION_SAMPLES = _SessionSamples()


def import_samples_unless_shared() -> None:
    """In a test that commits for real, where the session's samples are not open: import them."""
    if not SESSION_SAMPLES.open:
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("load_samples", "--reports-only", stdout=io.StringIO())
