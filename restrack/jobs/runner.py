"""Jobs: long work off the request, run by a worker of the task queue (restrack.jobs.queue).

An app declares a kind of job with `@job_task(kind, ability=...)` on a function
`work(job, progress) -> Outcome` in its `tasks` module, and asks for one with
`submit(kind, acting_user=..., title=..., params=...)`, which records the job (queued) and sends
it to the queue once the record is committed. A worker then:

1. marks the job running;
2. checks again that the person who asked may still do it (they may have lost the role or been
   deactivated since): a job runs later, and with their rights, not the queue's;
3. runs the function, which reports progress through `progress(fraction, step)`;
4. records the outcome (a summary, a file) or the error, in words the person can act on;
5. removes result files past their retention.

With no broker configured, `submit` runs the job at once in the asking process.
"""

from __future__ import annotations

import logging
import socket
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from restrack.accounts import policy
from restrack.accounts.system_user import SYSTEM_USERNAME, get_system_user
from restrack.jobs import actions
from restrack.jobs.models import Job, progress_key
from restrack.jobs.queue import app, eager

logger = logging.getLogger(__name__)

PROGRESS_TIMEOUT = 24 * 3600  # a progress report older than a day is of no use to anyone


class JobRefused(Exception):
    """The job cannot be done as asked; the message, shown on the job's page, says why and what to do."""


@dataclass
class Outcome:
    """What a job produced: `summary` (JSON: "lines" to show, "next_url" and "next_label" for where
    to go on, counts) and optionally a file."""

    summary: dict = field(default_factory=dict)
    content: bytes | None = None
    file_name: str = ""
    media_type: str = ""


class Progress:
    """Reports a running job's progress to the cache, where its page reads it: at most every
    `interval` seconds unless the step changes."""

    def __init__(self, job_id: int, interval: float = 0.5):
        self.key, self.interval = progress_key(job_id), interval
        self._last_time, self._last_note = 0.0, None

    def __call__(self, fraction: float, note: str = "") -> None:
        now = time.monotonic()
        if note == self._last_note and now - self._last_time < self.interval and fraction < 1:
            return
        self._last_time, self._last_note = now, note
        cache.set(self.key, {"fraction": min(max(float(fraction), 0.0), 1.0), "note": note[:200]}, PROGRESS_TIMEOUT)

    def counter(self, total: int, note: str, start: float = 0.0, end: float = 1.0) -> Callable[[int], None]:
        """A callback taking a count done out of `total`, reported between `start` and `end`;
        `note` may use {done} and {total}."""

        def report(done: int) -> None:
            share = done / total if total else 1.0
            self(start + (end - start) * share, note.format(done=done, total=total))

        return report


@dataclass(frozen=True)
class JobType:
    kind: str
    ability: str | None
    work: Callable[[Job, Progress], Outcome]
    task: object


REGISTRY: dict[str, JobType] = {}


def job_task(kind: str, *, ability: str | None = None):
    """Declare the job `kind`, done by the decorated `work(job, progress) -> Outcome`, open to those
    with `ability` (checked when it is asked for and again when it starts)."""

    def decorate(work):
        @app.task(name=f"restrack.jobs.{kind}", bind=True)
        def task(self, job_id: int) -> None:
            redelivered = bool((self.request.delivery_info or {}).get("redelivered"))
            execute(job_id, redelivered=redelivered)

        REGISTRY[kind] = JobType(kind, ability, work, task)
        return work

    return decorate


def submit(kind: str, *, acting_user, title: str, params: dict) -> Job:
    """Record a job `acting_user` asks for and send it to the queue; returns its record (done
    already when there is no broker)."""
    if kind not in REGISTRY:
        raise ValueError(f"There is no job {kind!r}; the jobs are {', '.join(sorted(REGISTRY))}.")
    job_type = REGISTRY[kind]
    job = actions.request_job(kind, acting_user=acting_user, title=title, params=params, ability=job_type.ability)
    if eager():
        job_type.task.delay(job.pk)
    else:  # after the record is committed, so that the worker finds it
        transaction.on_commit(lambda: job_type.task.delay(job.pk))
    job.refresh_from_db()
    return job


def _may_still(job: Job, job_type: JobType) -> None:
    user = job.requested_by
    if not user.is_active and user.username != SYSTEM_USERNAME:
        raise PermissionDenied(f"The account {user} was deactivated after asking for this job.")
    policy.forget_role(user)
    if job_type.ability:
        policy.require(user, job_type.ability)


def execute(job_id: int, *, redelivered: bool = False) -> Job | None:
    """Run the job `job_id` (what the worker's task does)."""
    job = Job.objects.select_related("requested_by").filter(pk=job_id).first()
    if job is None:
        logger.warning("Job %s no longer exists; nothing to do.", job_id)
        return None
    user = job.requested_by
    job_type = REGISTRY.get(job.kind)
    if job_type is None:
        return actions.fail_job(job, acting_user=user, error=f"This installation has no job {job.kind!r}.")
    if not actions.start_job(job, acting_user=user, worker=socket.gethostname(), redelivered=redelivered):
        logger.info("Job %s is %s already; not run again.", job.pk, job.state)
        return job
    try:
        _may_still(job, job_type)
        outcome = job_type.work(job, Progress(job.pk))
        job = actions.finish_job(
            job,
            acting_user=user,
            summary=outcome.summary,
            content=outcome.content,
            file_name=outcome.file_name,
            media_type=outcome.media_type,
        )
    except (JobRefused, PermissionDenied, actions.ResultTooLarge) as error:
        job = actions.fail_job(job, acting_user=user, error=str(error))
    except ValidationError as error:
        job = actions.fail_job(job, acting_user=user, error=" ".join(error.messages))
    except Exception as error:  # noqa: BLE001 - recorded on the job, logged with its traceback
        logger.exception("Job %s (%s) failed", job.pk, job.kind)
        job = actions.fail_job(
            job,
            acting_user=user,
            error=f"The job stopped on an unexpected error ({type(error).__name__}: {error}). "
            "It is in the worker's log; try again, or tell the administrator if it happens again.",
        )
    finally:
        cache.delete(progress_key(job_id))
    try:
        actions.expire_results(acting_user=get_system_user())
    except Exception:  # noqa: BLE001 - cleaning is housekeeping; the job's outcome stands
        logger.exception("Could not remove expired job results")
    return job
