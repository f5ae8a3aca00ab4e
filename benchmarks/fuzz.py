"""The reliability suite by hand: the fuzz tests' generators (restrack.reading.tests.fuzz) and checks
(restrack.core.tests.fuzzing, and each app's test_fuzz_*.py) at a large count, with the figures: the
inputs tried of each kind, how many were accepted, the refusals by message, the failures (there
should be none; each printed with how to reproduce it), the slowest input and the one that grew the
memory most.

Run: .venv/bin/python benchmarks/fuzz.py --count 1000 [--seed S] [--kinds reports,funding,api] [--only I]
On a scratch SQLite database unless DATABASE_URL names one (which it migrates and fills: use a
database of its own). Each input runs in a savepoint rolled back after it.
"""

from __future__ import annotations

import argparse
import logging
import random
import sys
import tempfile
import time
from pathlib import Path

from _django import start_django


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=1000, help="inputs of each kind (default 1000)")
    parser.add_argument("--seed", type=int, default=None, help="the seed (default: a random one, printed)")
    parser.add_argument("--kinds", default="reports,funding,api", help="reports, funding, api (comma-separated)")
    parser.add_argument("--only", type=int, default=None, help="try only the input of this index (reproduce one)")
    parser.add_argument("--show", type=int, default=8, help="refusal messages to list per kind (default 8)")
    options = parser.parse_args()
    kinds = [kind.strip() for kind in options.kinds.split(",") if kind.strip()]
    seed = options.seed if options.seed is not None else random.SystemRandom().randrange(1, 10**9)

    workdir = start_django()
    logging.disable(logging.WARNING)  # the refusals' own log lines; errors (a 500's) still show
    from django.conf import settings
    from django.db import transaction
    from django.test.utils import override_settings, setup_test_environment

    from restrack.core.tests.fuzzing import tally
    from restrack.core.tests.hashers import cheap_hashers
    from restrack.reading.tests import fuzz

    unknown = set(kinds) - set(fuzz.KINDS)
    if unknown:
        parser.error(f"unknown kinds {', '.join(sorted(unknown))}; choose among {', '.join(fuzz.KINDS)}")
    setup_test_environment()  # the test client's answers carry their templates and context
    scratch = Path(tempfile.mkdtemp(prefix="restrack-fuzz-", dir=workdir))
    overrides = override_settings(
        MEDIA_ROOT=scratch / "media",
        VAR_DIR=scratch,
        RESTRACK_IMPORT_JOB_MIN_KB=10**9,
        RESTRACK_API_ANON_RATE=None,
        RESTRACK_API_USER_RATE=None,
        RESTRACK_PAGE_CACHE=False,
        PASSWORD_HASHERS=cheap_hashers(settings.PASSWORD_HASHERS),
        # Pages render without `collectstatic` having run, as in the tests (conftest.py).
        STORAGES={
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        },
    )
    overrides.enable()
    tries = {}
    with transaction.atomic():
        if "api" in kinds:  # first: it opens 2025-H1, which the funding files name too
            from restrack.api.tests.test_fuzz_api_bodies import api_world, try_api_body

            tries["api"] = (try_api_body, api_world())
        if "reports" in kinds:
            from restrack.ingest.tests.test_fuzz_reports import report_world, try_report

            tries["reports"] = (try_report, report_world(scratch / "media"))
        if "funding" in kinds:
            from restrack.funding.tests.test_fuzz_funding_files import funding_world, try_funding_file

            tries["funding"] = (try_funding_file, funding_world(scratch))
        print(f"Seed {seed}; {options.count:,} inputs of each kind: {', '.join(kinds)}; database {_database()}")
        print(
            f"Bounds per input: {fuzz.bound('RESTRACK_FUZZ_SECONDS', fuzz.SECONDS):g} s, peak memory growth "
            f"{fuzz.memory_limit_mb():g} MB"
        )
        tallies, started = {}, time.perf_counter()
        indexes = [options.only] if options.only is not None else range(options.count)
        for kind in kinds:
            work, world = tries[kind]
            kind_started = time.perf_counter()
            for number, index in enumerate(indexes, start=1):
                case = fuzz.case(kind, seed, index)
                outcome = work(case, world)
                tally(tallies, outcome)
                if options.only is not None:
                    print(outcome)
                if outcome.verdict == "failure":
                    print(f"FAILURE {outcome}\n", file=sys.stderr)
                if number % 100 == 0:
                    print(f"  {kind}: {number:,} tried, {time.perf_counter() - kind_started:.0f} s", flush=True)
            tallies[kind].seconds = time.perf_counter() - kind_started
        transaction.set_rollback(True)
    report(tallies, time.perf_counter() - started, options.show)
    return 1 if any(counted.failures for counted in tallies.values()) else 0


def _database() -> str:
    from django.db import connection

    return f"{connection.vendor} {connection.settings_dict['NAME']}"


def report(tallies: dict, elapsed: float, show: int) -> None:
    print()
    total = sum(counted.tried for counted in tallies.values())
    failures = sum(len(counted.failures) for counted in tallies.values())
    print(f"{total:,} inputs tried in {elapsed:.0f} s; {failures} failures")
    for kind, counted in tallies.items():
        refused = sum(counted.refusals.values())
        print(
            f"\n{kind}: {counted.tried:,} tried in {counted.seconds:.0f} s: {counted.accepted:,} accepted, "
            f"{refused:,} refused, {len(counted.failures)} failures"
        )
        seconds, slowest = counted.slowest
        print(f"  slowest: {seconds:.2f} s, {slowest.split(';')[0]}")
        megabytes, largest = counted.largest_memory
        print(f"  largest growth of the peak memory: {megabytes:.0f} MB, {largest.split(';')[0]}")
        print(f"  refusals by message ({len(counted.refusals)} different):")
        for message, times in sorted(counted.refusals.items(), key=lambda item: -item[1])[:show]:
            print(f"    {times:6,}  {message}")
        for failure in counted.failures[:5]:
            print(f"  FAILURE {failure[:800]}")


if __name__ == "__main__":
    sys.exit(main())
