"""Server CPU per answer of the API's lists on a kept data set (bench_scale.py --keep DIR), in this
process: the median of `--repeat` GETs after a warm-up, timed with time.process_time (the figure a
server's CPU pays, whatever else runs on the machine), with the number of queries and a digest of
each answer (to check that a change keeps the answers identical: run it on the old and the new code
and compare the digests).

Run (on a copy: a new migration changes the database):
    cp -r /work/scale4k /tmp/mine
    .venv/bin/python benchmarks/bench_api_lists.py --db /tmp/mine/bench.sqlite3
    .venv/bin/python benchmarks/bench_api_lists.py --db /tmp/mine/bench.sqlite3 --code /tmp/restrack-before
    .venv/bin/python benchmarks/bench_api_lists.py --db ... --profile commitments/   # cProfile of one list

The page cache is off. Anonymous callers first, then a coordinator (the staff's wider lists).
"""

from __future__ import annotations

import argparse
import cProfile
import hashlib
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent

PATHS = [
    "commitments/",
    "commitments/?offset=5000",
    "commitments/?state=pending",
    "updates/",
    "updates/?offset=30000",
    "funding/records/",
    "funding/records/?offset=30000",
    "partners/",
    "search/?q=住房",
]


def parse_options():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="the SQLite database (a copy)")
    parser.add_argument("--code", type=Path, help="import restrack from this checkout instead")
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--profile", help="cProfile this list (a path of PATHS) instead")
    parser.add_argument("--sort", default="cumulative", help="the profile's order (cumulative, tottime)")
    parser.add_argument("--paths", nargs="*", help="only these paths")
    parser.add_argument("--sql", help="print the queries of this list (a path of PATHS), with their times")
    return parser.parse_args()


def start(options) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{options.db.resolve()}"
    os.environ.setdefault("RESTRACK_VAR_DIR", str(options.db.resolve().parent / "var"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "restrack.settings")
    os.environ["RESTRACK_PAGE_CACHE"] = "off"
    sys.path.insert(0, str((options.code or HERE.parent).resolve()))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)  # the code's own migrations (a new flag is filled here)
    import restrack

    print(f"code: {Path(restrack.__file__).parent.parent}  database: {options.db}")


def coordinator():
    from django.contrib.auth import get_user_model

    user, _created = get_user_model().objects.get_or_create(
        username="bench-api-lists", defaults={"is_superuser": True, "is_staff": True}
    )
    return user


def measure(client, path: str, repeat: int) -> tuple[float, int, str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    url = f"/api/v1/{path}"
    for _ in range(2):  # warm-up: imports, the first reads of the tables
        client.get(url)
    times = []
    for _ in range(repeat):
        started = time.process_time()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        times.append((time.process_time() - started) * 1000)
    assert response.status_code == 200, (path, response.status_code, response.content[:300])
    digest = hashlib.sha256(response.content).hexdigest()[:12]
    return statistics.median(times), len(captured), digest, response.json().get("count", 0)


def main() -> None:
    options = parse_options()
    start(options)
    from rest_framework.test import APIClient

    anonymous = APIClient(HTTP_HOST="127.0.0.1")
    staff = APIClient(HTTP_HOST="127.0.0.1")
    staff.force_authenticate(coordinator())
    if options.sql:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        anonymous.get(f"/api/v1/{options.sql}")
        with CaptureQueriesContext(connection) as captured:
            anonymous.get(f"/api/v1/{options.sql}")
        for query in captured:
            print(f"{float(query['time']) * 1000:8.1f} ms  {query['sql'][:1500]}\n")
        return
    if options.profile:
        url = f"/api/v1/{options.profile}"
        anonymous.get(url)
        profile = cProfile.Profile()
        profile.enable()
        anonymous.get(url)
        profile.disable()
        pstats.Stats(profile).sort_stats(options.sort).print_stats(40)
        return
    print(f"{'who':<10}{'list':<36}{'count':>9}{'CPU ms':>9}{'queries':>9}  digest")
    for who, client in (("anonymous", anonymous), ("staff", staff)):
        for path in options.paths or PATHS:
            cpu, queries, digest, count = measure(client, path, options.repeat)
            print(f"{who:<10}{path:<36}{count:>9,}{cpu:>9.1f}{queries:>9}  {digest}")


if __name__ == "__main__":
    main()
