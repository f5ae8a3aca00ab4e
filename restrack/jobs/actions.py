"""The only writes to job records. A job is asked for by a person (checked against the access
policy), started and ended by a worker, and its result file removed after the retention period.

These actions record no event: a job is the machinery carrying out what someone asked, and what
it does records its own events (an import its preview and its import; a report file is a read and
never was in the log). Progress while a job runs is kept in the cache, not here (see
restrack.jobs.runner.Progress): a long import writes in one transaction, and progress written to
the database inside it would be seen by nobody until it ended."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models import Sum
from django.utils import timezone

from restrack.accounts import policy
from restrack.core.actions import atomic_action
from restrack.jobs.choices import JobState
from restrack.jobs.models import Job


class ResultTooLarge(ValueError):
    """A job's file is larger than RESTRACK_JOB_RESULT_MAX_MB allows."""


@atomic_action
def request_job(kind: str, *, acting_user, title: str, params: dict, ability: str | None = None) -> Job:
    """Record that `acting_user` asks for a job of `kind`; refused unless they have `ability`."""
    if ability:
        policy.require(acting_user, ability)
    job = Job(kind=kind, title=title[:300], params=params, requested_by=acting_user)
    job.save()
    return job


@atomic_action
def start_job(job: Job, *, acting_user, worker: str = "", redelivered: bool = False) -> bool:
    """Mark `job` running; False when it must not run: it already ended, or it runs elsewhere (a
    message delivered again after a worker died finds it running and takes it over)."""
    startable = [JobState.QUEUED, JobState.RUNNING] if redelivered else [JobState.QUEUED]
    started = Job.objects.filter(pk=job.pk, state__in=startable).update(
        state=JobState.RUNNING, started=timezone.now(), worker=worker[:200], progress=0.0, progress_note=""
    )
    if started:
        job.refresh_from_db()
    return bool(started)


def result_limit() -> int:
    return settings.RESTRACK_JOB_RESULT_MAX_MB * 2**20


@atomic_action
def finish_job(
    job: Job, *, acting_user, summary: dict, content: bytes | None = None, file_name: str = "", media_type: str = ""
) -> Job:
    """Record what `job` produced: a summary (shown on its page) and, for a file, the file under
    MEDIA_ROOT/jobs/ (refused when larger than RESTRACK_JOB_RESULT_MAX_MB)."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    if content is not None:
        if len(content) > result_limit():
            raise ResultTooLarge(
                f"The file is {len(content) / 2**20:.1f} MB; results are kept up to "
                f"{settings.RESTRACK_JOB_RESULT_MAX_MB} MB (RESTRACK_JOB_RESULT_MAX_MB)."
            )
        job.result_file.save(file_name, ContentFile(content), save=False)
        job.result_name, job.result_type, job.result_size = file_name, media_type, len(content)
    job.state, job.result, job.progress, job.progress_note = JobState.DONE, summary, 1.0, ""
    job.finished = timezone.now()
    job.save()
    return job


@atomic_action
def fail_job(job: Job, *, acting_user, error: str) -> Job:
    """Record that `job` failed, and why in words its asker can act on."""
    job = Job.objects.select_for_update().get(pk=job.pk)
    job.state, job.error, job.finished = JobState.FAILED, error, timezone.now()
    job.save()
    return job


@atomic_action
def expire_results(*, acting_user, now=None) -> int:
    """Remove result files older than RESTRACK_JOB_RETENTION_DAYS, then the oldest while all of them
    together exceed RESTRACK_JOB_STORAGE_MAX_MB. The records stay (their file is marked removed).
    Returns the number of files removed."""
    now = now or timezone.now()
    kept = Job.objects.filter(state=JobState.DONE, expired__isnull=True).exclude(result_file="")
    cutoff = now - timedelta(days=settings.RESTRACK_JOB_RETENTION_DAYS)
    expired = list(kept.filter(finished__lt=cutoff))
    room = settings.RESTRACK_JOB_STORAGE_MAX_MB * 2**20
    total = kept.exclude(pk__in=[job.pk for job in expired]).aggregate(total=Sum("result_size"))["total"] or 0
    if total > room:
        for job in kept.exclude(pk__in=[job.pk for job in expired]).order_by("finished", "pk"):
            if total <= room:
                break
            expired.append(job)
            total -= job.result_size
    for job in expired:
        job.result_file.delete(save=False)  # the file; a file already gone is no error
        job.expired = now
        job.save(update_fields=["result_file", "expired"])
    return len(expired)
