"""How long the public dashboard, period page, period comparison and instrument page take with
many instruments, periods and paragraphs, how many queries they read and how large they are.

Run: .venv/bin/python benchmarks/bench_pages.py [--instruments 4000] [--periods 10] [--paragraphs 4]
Builds a made-up data set in bulk (restrack/publish/tests/scale_data.py) in a throw-away SQLite
database in a temporary directory (or DATABASE_URL when set) and renders each page with Django's
test client (no page cache): the best of --repeat renderings, queries and bytes of HTML.
"""

from __future__ import annotations

import argparse
import os
import time

from _django import start_django


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instruments", type=int, default=4_000)
    parser.add_argument("--periods", type=int, default=10)
    parser.add_argument("--paragraphs", type=int, default=4, help="paragraphs per update")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="SQLite file to build into and keep; a later run with it skips the build")
    options = parser.parse_args()

    os.environ["RESTRACK_PAGE_CACHE"] = "false"  # the pages themselves, not the page cache
    reuse = bool(options.keep and os.path.exists(options.keep))
    if options.keep:
        os.environ["DATABASE_URL"] = f"sqlite:///{os.path.abspath(options.keep)}"
    start_django(migrate=not reuse)
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.ALLOWED_HOSTS = ["*"]
    from restrack.publish.tests import scale_data

    started = time.perf_counter()
    if reuse:
        data = scale_data.describe()
    else:
        data = scale_data.build(options.instruments, periods=options.periods, paragraphs=options.paragraphs)
    from restrack.registry.models import Instrument
    from restrack.reporting.models import UpdateEntry

    print(
        f"{Instrument.objects.count()} instruments, {len(data['periods'])} periods, "
        f"{UpdateEntry.objects.count()} paragraphs ({'reused' if reuse else 'built'} in "
        f"{time.perf_counter() - started:.1f} s)"
    )
    first, last = data["periods"][0], data["periods"][-1]
    urls = [
        "/en/",
        "/zh-hans/",
        "/en/?sort=gap&descending=on&funding=under_funded",
        "/en/?sort=overdue&page=40",
        "/en/periods/",
        f"/en/periods/{last}/",
        f"/en/periods/{last}/?sort=paragraphs&desc=1",
        f"/en/periods/compare/?from={first}&to={last}",
        f"/en/periods/compare/?from={first}&to={last}&change=status&page=5",
        data["instrument"],
    ]
    client = Client()
    print(f"{'page':<62} {'best s':>7} {'queries':>8} {'KB':>7}")
    for url in urls:
        best = None
        for _ in range(options.repeat):
            with CaptureQueriesContext(connection) as queries:
                began = time.perf_counter()
                response = client.get(url)
                took = time.perf_counter() - began
            assert response.status_code == 200, (url, response.status_code)
            best = took if best is None else min(best, took)
        print(f"{url:<62} {best:7.3f} {len(queries):8d} {len(response.content) / 1024:7.1f}")


if __name__ == "__main__":
    main()
