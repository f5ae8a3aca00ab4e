"""What the fuzz tests (restrack/*/tests/test_fuzz_*.py) and benchmarks/fuzz.py check of every
hostile input (restrack.reading.tests.fuzz makes them): it is accepted, or refused with a
documented error whose message carries no library internals; a refusal leaves the database as it
was (every table's rows, by content on PostgreSQL) and the media files as they were; and the
input stays within the time and memory bounds. Each input runs in a savepoint rolled back after
it, so every input meets the same records and one input reproduces from its seed alone."""

from __future__ import annotations

import traceback
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from django.db import connection, transaction

from restrack.reading.tests.fuzz import Case, Measure, Tally, TookTooLong, bounded, internals_in, memory_limit_mb


@dataclass
class Outcome:
    case: Case
    verdict: str  # "accepted", "refused" or "failure"
    message: str = ""
    measure: Measure = field(default_factory=Measure)

    def __str__(self) -> str:
        return f"{self.case}\n{self.verdict}: {self.message}"


def database_state() -> dict[str, tuple]:
    """Every table's row count and, on PostgreSQL, a digest of its rows' contents, in one query."""
    tables = sorted(connection.introspection.table_names(include_views=False))
    quote = connection.ops.quote_name
    if connection.vendor == "postgresql":
        parts = [f"SELECT {index}, count(*), coalesce(sum(hashtext(t::text)::bigint), 0) FROM {quote(name)} t"
                 for index, name in enumerate(tables)]  # fmt: skip
    else:
        parts = [f"SELECT {index}, count(*), 0 FROM {quote(name)}" for index, name in enumerate(tables)]
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        return {tables[index]: (rows, digest) for index, rows, digest in cursor.fetchall()}


def changed_tables(before: dict, after: dict) -> list[str]:
    return [f"{name} ({before.get(name, (0,))[0]} → {after.get(name, (0,))[0]} rows)"
            for name in sorted(set(before) | set(after)) if before.get(name) != after.get(name)]  # fmt: skip


def media_files(root: str | Path | None) -> dict[str, int]:
    if not root or not Path(root).exists():
        return {}
    return {str(path.relative_to(root)): path.stat().st_size for path in Path(root).rglob("*") if path.is_file()}


def attempt(
    case: Case,
    work: Callable[[], str | None],
    *,
    refusals: tuple[type[BaseException], ...] = (),
    message_of: Callable[[BaseException], str] = str,
    media_root: str | Path | None = None,
) -> Outcome:
    """Run `work` on `case` in a savepoint rolled back after it. `work` returns None when the input
    was accepted, or the refusal's message (an API answer's), or raises one of `refusals`."""
    files = media_files(media_root)
    outcome = Outcome(case, "accepted")
    try:
        with bounded() as measure, transaction.atomic():
            before = database_state()
            try:
                message = work()
            except refusals as error:
                message = message_of(error)
            if message is not None:
                outcome.verdict, outcome.message = "refused", message
                after = database_state()
                changed = changed_tables(before, after)
                if changed:
                    outcome.verdict = "failure"
                    outcome.message = f"refused, yet it wrote to {', '.join(changed)}: {message}"
            transaction.set_rollback(True)
    except TookTooLong as error:
        outcome.verdict, outcome.message = "failure", str(error)
    except Exception:  # noqa: BLE001 - any other exception is what the suite looks for
        outcome.verdict, outcome.message = "failure", traceback.format_exc(limit=-8)
    outcome.measure = measure
    if outcome.verdict == "refused":
        internal = internals_in(outcome.message)
        if internal:
            outcome.verdict, outcome.message = "failure", f"the refusal shows {internal!r}: {outcome.message}"
        elif media_files(media_root) != files:
            outcome.verdict, outcome.message = "failure", f"refused, yet the media files changed: {outcome.message}"
    if outcome.verdict != "failure" and measure.memory_mb > memory_limit_mb():
        outcome.verdict = "failure"
        outcome.message = f"the process's peak memory grew by {measure.memory_mb:.0f} MB ({outcome.message})"
    return outcome


SEVERITY = {"accepted": 0, "refused": 1, "failure": 2}


def agreed(outcomes: dict[str, Outcome]) -> Outcome:
    """One input tried two ways (`outcomes` by where: the upload page and the command): the worse
    outcome, a failure when one way accepted what the other refused, timed as the slower."""
    (first_where, first), (second_where, second) = outcomes.items()
    worst = max((first, second), key=lambda outcome: SEVERITY[outcome.verdict])
    if worst.verdict != "failure" and {first.verdict, second.verdict} == {"accepted", "refused"}:
        where, refused = (first_where, first) if first.verdict == "refused" else (second_where, second)
        worst = replace(worst, verdict="failure", message=f"only {where} refused it: {refused.message}")
    worst.measure = max((first.measure, second.measure), key=lambda measure: measure.seconds)
    return worst


def answered(response, expected: int | None = 200) -> None:
    """Fail unless `response` has the `expected` status (any below 500 when None), naming the
    exception behind a 500 (the test client keeps it)."""
    status = response.status_code
    if (status < 500) if expected is None else (status == expected):
        return
    cause = ""
    if getattr(response, "exc_info", None):
        cause = ": " + "".join(traceback.format_exception(*response.exc_info, limit=-6))
    raise AssertionError(f"the answer was {status}{cause}")


def tally(tallies: dict[str, Tally], outcome: Outcome) -> None:
    """Count `outcome` into the runner's figures for its kind."""
    counted = tallies.setdefault(outcome.case.kind, Tally())
    counted.tried += 1
    if outcome.verdict == "accepted":
        counted.accepted += 1
    elif outcome.verdict == "refused":
        key = refusal_key(outcome.message)
        counted.refusals[key] = counted.refusals.get(key, 0) + 1
    else:
        counted.failures.append(str(outcome))
    if outcome.measure.seconds > counted.slowest[0]:
        counted.slowest = (outcome.measure.seconds, str(outcome.case))
    if outcome.measure.memory_mb > counted.largest_memory[0]:
        counted.largest_memory = (outcome.measure.memory_mb, str(outcome.case))


def refusal_key(message: str) -> str:
    """A refusal's message without what differs from file to file (names, numbers, quoted values)."""
    import re

    text = re.sub(r"^[^:]{1,80}: ", "", message.strip())  # the file name
    text = re.sub(r"'[^']*'|\"[^\"]*\"|“[^”]*”", "'…'", text)
    text = re.sub(r"(?<![\w-])\d[\d,.]*", "N", text)  # UTF-16 and GB18030 kept
    return text[:110]
