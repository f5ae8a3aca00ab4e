"""Followers' digests and alerts in workers of the task queue (restrack.jobs.queue): a publication
answers at once and the mail is written after; without a broker they run in the process that
published, after its transaction committed."""

from __future__ import annotations

import logging

from celery.schedules import crontab

from restrack.jobs.queue import app, queued

logger = logging.getLogger(__name__)

# Run by a worker started with --beat (one of them): the daily look for overdue commitments.
app.conf.beat_schedule = {
    **(app.conf.beat_schedule or {}),
    "restrack.follow.daily": {"task": "restrack.follow.daily", "schedule": crontab(hour=6, minute=30)},
}


@app.task(name="restrack.follow.period_published")
def period_published(period_id: int) -> None:
    from restrack.follow import notify
    from restrack.reporting.models import ReportingPeriod

    period = ReportingPeriod.objects.filter(pk=period_id).first()
    if period is not None:
        notify.period_published(period)


@app.task(name="restrack.follow.gaps_changed")
def gaps_changed(instrument_ids: list[int]) -> None:
    from restrack.follow import notify

    notify.gaps_changed(instrument_ids=instrument_ids)


@app.task(name="restrack.follow.daily")
def daily() -> None:
    from restrack.follow import notify

    mails, forgotten = notify.daily()
    logger.info("Follow alerts: %s overdue mail(s) sent, %s unconfirmed request(s) deleted", mails, forgotten)


def run_soon(task, *args) -> None:
    """Send `task` to the queue; run it here when there is no broker or it cannot be reached. A
    failure is logged: what it tells of has happened already."""
    if queued(task, *args, what=task.name):
        return
    try:
        task(*args)
    except Exception:  # noqa: BLE001 - the publication has happened; a mail failure must not hide that
        logger.exception("%s failed", task.name)
