"""How long checking and writing a spreadsheet of funding figures takes, and how long the public
funding pages and exports take to render, with many instruments and periods.

Run: .venv/bin/python benchmarks/bench_funding.py [--instruments N] [--periods N]
Runs against a throw-away SQLite database in a temporary directory (or DATABASE_URL when set).
The instruments are made up (sessions 3 onwards) so that the figures can grow past the 16 real ones.
"""

from __future__ import annotations

import argparse
import io
import time

from _django import start_django


def timed(label: str, function, *args, **kwargs):
    started = time.perf_counter()
    result = function(*args, **kwargs)
    print(f"{label:<52} {time.perf_counter() - started:7.3f} s")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instruments", type=int, default=200)
    parser.add_argument("--periods", type=int, default=6)
    options = parser.parse_args()

    start_django()
    from django.conf import settings
    from django.core.management import call_command
    from django.test import Client

    # Pages render without collectstatic's manifest, as in the tests.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }

    from restrack.accounts.system_user import get_system_user
    from restrack.funding.importing import import_funding_file
    from restrack.registry.tests.factories import InstrumentFactory
    from restrack.reporting.choices import PeriodState
    from restrack.reporting.models import ReportingPeriod
    from restrack.reporting.tests.factories import ReportingPeriodFactory

    call_command("load_samples", "--reports-only", stdout=io.StringIO())
    system = get_system_user()
    InstrumentFactory.create_batch(max(options.instruments - 16, 0))
    from restrack.registry.models import Instrument

    instruments = list(Instrument.objects.all())
    labels = [f"{2019 + n // 2}-H{n % 2 + 1}" for n in range(options.periods)]
    for label in labels:
        ReportingPeriodFactory(label=label, state=PeriodState.PUBLISHED)
    lines = [
        "instrument,period,requirements_usd,mobilized_core_usd,mobilized_earmarked_usd,"
        "mobilized_window_usd,mobilized_other_usd,note"
    ]
    for p, label in enumerate(labels):
        for i, instrument in enumerate(instruments):
            lines.append(
                f"{instrument.reference},{label},{1_000_000 + 1_000 * i + p}.25,{200_000 + i}.10,"
                f"{300_000 + p}.05,,{i}.00,made-up benchmark figures"
            )
    data = "\n".join(lines).encode()
    rows = len(lines) - 1
    print(
        f"{len(instruments)} instruments x {len(labels)} periods = {rows} rows "
        f"({ReportingPeriod.objects.count()} periods in the database)"
    )

    timed(
        f"import-funding --dry-run ({rows} rows)",
        import_funding_file,
        data,
        "bench.csv",
        acting_user=system,
        dry_run=True,
    )
    timed(f"import-funding, writing ({rows} rows)", import_funding_file, data, "bench.csv", acting_user=system)
    timed(
        f"import-funding again, nothing changes ({rows} rows)",
        import_funding_file,
        data,
        "bench.csv",
        acting_user=system,
    )

    client = Client(HTTP_HOST="127.0.0.1")
    for address in (
        "/en/",
        "/en/funding/",
        "/en/funding/window/",
        "/en/funding/export.csv",
        "/en/funding/export.xlsx",
        "/api/funding/records/?limit=100",
        "/api/funding/summary/",
    ):
        client.get(address)  # warm the caches of templates and translations
        response = timed(f"GET {address}", client.get, address)
        assert response.status_code == 200, (address, response.status_code)


if __name__ == "__main__":
    main()
