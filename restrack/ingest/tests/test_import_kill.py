"""Imports killed half-way (issue 19, the reliability suite): `restrack import-report` and
`restrack import-funding` run as processes on a SQLite file database, as production runs them, and
are killed with SIGKILL after random delays (seeded) spread over the time an uninterrupted run
takes, so that some kills land while Python starts, some while the file is read and some inside
the import's transaction. After every kill the database holds either nothing of the import or all
of it: every table has the rows it had before the import or the rows a whole import leaves, the
file passes SQLite's integrity and foreign key checks, and no file was left in the media
directory. The import is then run again on the same database until it completes; it succeeds and
leaves exactly what an uninterrupted import leaves.

The report is made up (restrack/ingest/tests/synthetic.py) and so are the funding figures; a
migrated database with a first made-up report (whose period the funding figures are for) is made
once and copied for each run.
"""

from __future__ import annotations

import itertools
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from restrack.ingest.tests.synthetic import synthetic_report

pytestmark = [pytest.mark.subprocess, pytest.mark.heavy]

RESTRACK = str(Path(sys.executable).with_name("restrack"))
SEED = int(os.environ.get("RESTRACK_KILL_SEED", "19"))
KILLS = int(os.environ.get("RESTRACK_KILL_COUNT", "3"))  # per import; more by hand
RESOLUTIONS = [f"resolution 1/{n}" for n in range(1, 6)] + [f"resolution 2/{n}" for n in range(1, 11)]


@dataclass
class Site:
    root: Path
    template: Path  # migrated, with the first report imported

    def fresh(self, name: str) -> tuple[Path, dict]:
        """A copy of the template database and the environment of commands run on it."""
        path = self.root / f"{name}.sqlite3"
        with sqlite3.connect(self.template) as source, sqlite3.connect(path) as target:
            source.backup(target)
        return path, environment(path, self.root / name)


def environment(database: Path, var: Path) -> dict:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "RESTRACK_VAR_DIR": str(var)}
    env.pop("RESTRACK_TEST_DB_TEMPLATE", None)
    return env


def run(arguments, env, timeout=300):
    result = subprocess.run([RESTRACK, *arguments], env=env, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, result.stderr
    return result.stdout


FUNDING_PERIODS = [f"{year}-H{half}" for year in range(1990, 2020) for half in (1, 2)]
MAKE_PERIODS = f"""
from restrack.accounts.system_user import get_system_user
from restrack.reporting.actions import create_reporting_period
for label in {FUNDING_PERIODS!r}:
    create_reporting_period(label, acting_user=get_system_user())
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    root = tmp_path_factory.mktemp("kill")
    template = root / "template.sqlite3"
    env = environment(template, root / "template")
    run(["migrate", "--no-input"], env)
    (root / "first.txt").write_text(synthetic_report(RESOLUTIONS, 2, year=2031), encoding="utf-8")
    run(["import-report", str(root / "first.txt")], env)
    run(["shell", "-c", MAKE_PERIODS], env)
    return Site(root, template)


# The search index is derived data, rewritten after the import's transaction commits (see
# restrack/search/signals.py): a kill in between leaves it behind the import, which running the
# import again repairs. Its FTS5 segments ("_data", "_idx") are not counted:
# how many there are depends on how the index was written, not on what it holds.
SEARCH_INDEX = "search_"
FTS_SEGMENTS = ("_fts_data", "_fts_idx", "_fts_config")


def table_counts(database: Path) -> dict[str, int]:
    """Rows per table, after checking the file is sound (a killed writer leaves its WAL behind,
    which opening the file replays or discards)."""
    with sqlite3.connect(database) as connection:
        assert connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        tables = [
            name
            for (name,) in connection.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
            )
            if not name.endswith(FTS_SEGMENTS)
        ]
        return {table: connection.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0] for table in tables}


def split(counts: dict[str, int]) -> tuple[dict, dict]:
    """The counts of the stored data, and those of the search index."""
    index = {table: count for table, count in counts.items() if table.startswith(SEARCH_INDEX)}
    return {table: count for table, count in counts.items() if table not in index}, index


def media_files(var: Path) -> list[Path]:
    return sorted(path for path in (var / "media").rglob("*") if path.is_file())


@dataclass
class Outcome:
    kills: int = 0  # killed while running
    nothing: int = 0  # of them, leaving nothing of the import
    everything: int = 0  # of them, leaving all of it (killed after the commit)
    index_behind: int = 0  # of those, leaving the search index behind until the import runs again
    finished: int = 0  # runs that ended before their kill
    delays: list[float] = field(default_factory=list)
    spans: str = ""  # what the delays were drawn from


def timed(arguments, env) -> float:
    started = time.monotonic()
    run(arguments, env)
    return time.monotonic() - started


def kill_and_resume(site, name, arguments, *, before_writing, rng) -> Outcome:
    """Run `arguments` uninterrupted on one copy (what a whole import leaves, and how long it takes),
    then kill it KILLS times at random moments, checking the database after each, and finally let
    it complete. The moments are drawn at random from three spans measured first: `before_writing`,
    a command doing what the import does before its transaction (start, read the file), and a dry
    run, which does all the import does until its commit (then rolls it back and indexes nothing),
    mark them out. Most kills are drawn from a little before the file is read to the commit, so they
    land in the transaction; the first from the start to the end, the second from the commit to the
    end (the search index is rewritten then)."""
    whole, env = site.fresh(f"{name}-whole")
    before = table_counts(whole)
    duration = timed(arguments, env)
    after = table_counts(whole)
    assert after != before, "the import wrote nothing: nothing to interrupt"
    reading = timed(before_writing, env)
    committing = timed([*arguments, "--dry-run"], env)
    spans = f"file read by {reading:.1f} s, committed by about {committing:.1f} s, done by {duration:.1f} s"

    copies = itertools.count()
    database, env = site.fresh(f"{name}-{next(copies)}")
    outcome = Outcome(spans=spans)
    for number in range(3 * KILLS):  # until KILLS runs were killed: some end before their kill
        if outcome.kills == KILLS:
            break
        ranges = {0: (0, duration), 1: (min(committing, duration), duration)}
        delay = rng.uniform(*ranges.get(number, (0.8 * min(reading, committing), min(committing, duration))))
        outcome.delays.append(round(delay, 2))
        process = subprocess.Popen([RESTRACK, *arguments], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            process.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            process.send_signal(signal.SIGKILL)
            process.wait(timeout=30)
            outcome.kills += 1
        else:
            assert process.returncode == 0, process.stderr.read().decode()
            outcome.finished += 1
            duration, committing = min(duration, delay), min(committing, delay)  # the machine got faster
        finally:
            process.stderr.close()
        killed = process.returncode == -signal.SIGKILL
        counts = table_counts(database)
        stored, index = split(counts)
        if counts == before:
            outcome.nothing += killed
        else:
            differing = {
                table: (before[table], counts[table], after[table])
                for table in counts
                if counts[table] != before[table]
            }
            assert stored == split(after)[0], differing  # all of the import, or (above) none of it
            outcome.everything += killed
            if index != split(after)[1]:  # killed after the commit, before the index was rewritten
                assert index == split(before)[1], differing
                outcome.index_behind += 1
                run(arguments, env)  # running the import again rewrites its search rows
                assert split(table_counts(database))[1] == split(after)[1]
        assert media_files(Path(env["RESTRACK_VAR_DIR"])) == []
        if counts != before:  # imported: the next kill interrupts a first import again, on a fresh copy
            database, env = site.fresh(f"{name}-{next(copies)}")
    # Again on the database of the last kill (which left nothing, or a fresh copy): it completes.
    run(arguments, env)
    assert table_counts(database) == after
    assert media_files(Path(env["RESTRACK_VAR_DIR"])) == []
    return outcome


def report(name, outcome: Outcome) -> None:
    print(  # the figures the docs report (pytest -s shows them)
        f"{name}: {outcome.kills} kills ({outcome.nothing} left nothing, {outcome.everything} everything, "
        f"{outcome.index_behind} of them with the search index behind), "
        f"{outcome.finished} runs ended before their kill; delays {outcome.delays} s ({outcome.spans})"
    )


def test_a_killed_report_import_leaves_nothing_or_everything_and_runs_again(site):
    path = site.root / "second.txt"
    path.write_text(synthetic_report(RESOLUTIONS, 10, year=2032), encoding="utf-8")
    outcome = kill_and_resume(
        site,
        "report",
        ["import-report", str(path)],
        before_writing=["parse-report", str(path), "--format", "json"],
        rng=random.Random(SEED),
    )
    report("import-report", outcome)
    assert outcome.kills


def test_a_killed_funding_import_leaves_nothing_or_everything_and_runs_again(site):
    path = site.root / "funding.csv"
    rows = [
        f"{reference},{period},{100000 * (n + 1)}.00,{40000 + n}.00,{10000 + m}.00,,,Made-up figures"
        for n, reference in enumerate(RESOLUTIONS)
        for m, period in enumerate(FUNDING_PERIODS)
    ]
    path.write_text(
        "instrument,period,requirements_usd,mobilized_core_usd,mobilized_earmarked_usd,mobilized_window_usd,"
        "mobilized_other_usd,note\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    outcome = kill_and_resume(
        site,
        "funding",
        ["import-funding", str(path)],
        before_writing=["check"],
        rng=random.Random(SEED + 1),
    )
    report("import-funding", outcome)
    assert outcome.kills
