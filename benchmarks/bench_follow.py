"""What following by e-mail costs at scale: on a data set kept by bench_scale.py (--keep DIR),
make followers (of instruments, some with a gap threshold, of the tracker and of partners), then
time what a publication sets off (every follower's digest, the gap look of every instrument with
figures in the period, for the followers and the coordinators), the daily look for overdue
commitments, and the API's period changes; print the times, the mails written and the peak memory.
Everything it adds is deleted at the end (the followers, what they were told, the gap states).

Run: .venv/bin/python benchmarks/bench_follow.py --keep var/scale4k [--followers 10000]
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def timed(label: str, function, *args, **kwargs):
    tracemalloc.start()
    started = time.perf_counter()
    result = function(*args, **kwargs)
    seconds = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"| {label} | {seconds:8.2f} s | {peak / 2**20:7.1f} MB |")
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True, help="the directory bench_scale.py --keep built")
    parser.add_argument("--followers", type=int, default=10_000, help="followers of instruments (10000)")
    options = parser.parse_args()
    database = options.keep / "bench.sqlite3"
    if not database.exists():
        raise SystemExit(f"No data set in {options.keep}: build one with bench_scale.py --keep {options.keep}")
    os.environ["DATABASE_URL"] = f"sqlite:///{database.resolve()}"
    os.environ.setdefault("RESTRACK_VAR_DIR", str(options.keep / "var"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "restrack.settings"
    import django

    django.setup()
    from django.conf import settings
    from django.core import mail
    from django.test import Client
    from django.utils import timezone

    from restrack.accounts.tests.factories import UserFactory
    from restrack.core.guard import writes_allowed
    from restrack.follow import notify
    from restrack.follow.models import GapState, Subscription
    from restrack.publish.changes import period_changes
    from restrack.registry.models import Instrument, Partner
    from restrack.reporting.models import ReportingPeriod

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    mail.outbox = []
    period = ReportingPeriod.objects.filter(state="published").order_by("-start_date").first()
    instruments = list(Instrument.objects.order_by("pk").values_list("pk", flat=True)[: options.followers])
    partners = list(Partner.objects.values_list("pk", flat=True)[:50])
    now = timezone.now()
    with writes_allowed():
        made = [
            Subscription(
                email=f"follower{n}@example.org",
                scope="instrument",
                instrument_id=pk,
                target=f"instrument:{pk}",
                language="zh-hans" if n % 2 else "en",
                gap_threshold=50 if n % 3 == 0 else None,
                confirmed_at=now,
            )
            for n, pk in enumerate(instruments)
        ]
        made += [
            Subscription(
                email=f"all{n}@example.org", scope="tracker", target="tracker", language="en", confirmed_at=now
            )
            for n in range(options.followers // 10)
        ]
        made += [
            Subscription(
                email=f"partner{n}@example.org",
                scope="partner",
                partner_id=partners[n % len(partners)],
                target=f"partner:{partners[n % len(partners)]}",
                language="en",
                confirmed_at=now,
            )
            for n in range(min(options.followers // 10, len(partners)))
        ]
        Subscription.objects.bulk_create(made, batch_size=1000)
        coordinator = UserFactory(username="bench-coordinator", role="coordinator", email="coordinator@example.org")
    print(
        f"{Instrument.objects.count()} instruments; period {period.label}; {len(made)} followers "
        f"({len(instruments)} of instruments, a third with a gap threshold); one coordinator\n"
    )
    print("| what | time | peak Python memory |\n|---|---|---|")
    try:
        changes = timed("the period's changes (every instrument)", period_changes, period)
        timed(f"digests of {period.label} and the gap look (first: states recorded)", notify.period_published, period)
        digests = len(mail.outbox)
        mail.outbox = []
        timed("the same publication again (nothing told twice)", notify.period_published, period)
        timed("the daily look for overdue commitments", notify.commitments_overdue)
        client = Client()
        timed("GET /api/v1/period-changes/ (first page)", client.get, "/api/v1/period-changes/", HTTP_HOST="127.0.0.1")
        timed("GET /api/v1/status-history/ (first page)", client.get, "/api/v1/status-history/", HTTP_HOST="127.0.0.1")
        print(
            f"\n{len(changes)} instruments changed; {digests} digests written; "
            f"{len(mail.outbox)} mails on the second run; peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB"
        )
    finally:
        with writes_allowed():
            Subscription.objects.filter(pk__in=Subscription.objects.filter(email__endswith="@example.org")).delete()
            GapState.objects.all().delete()
            coordinator.delete()


if __name__ == "__main__":
    main()
