"""Re-indexing in workers of the task queue: rebuilding the whole index is a job (a record, its
progress, its outcome), and the rows of what a committed change touched are rewritten by a task,
so that neither holds up a request. Without a broker both run at once in the asking process."""

from __future__ import annotations

from restrack.jobs.queue import app, queued
from restrack.jobs.runner import Outcome, job_task
from restrack.search import engines, index

REBUILD = "search.rebuild"


@job_task(REBUILD)  # asked for by `restrack rebuild-search-index`, as the system account
def rebuild(job, progress) -> Outcome:
    progress(0.02, "Indexing everything public again (searches see the old index until it is done)")
    count = index.rebuild()
    return Outcome(summary={"lines": [f"Indexed {count} entries ({engines.current().name})."], "entries": count})


@app.task(name="restrack.search.reindex", autoretry_for=(Exception,), retry_backoff=True, max_retries=5)
def reindex(targets: dict[str, list[int]]) -> int:
    """Rewrite the rows of `targets` ({kind: ids}); retried with a growing wait if it fails."""
    return index.reindex(targets)


def reindex_later(targets: dict[str, set[int]]) -> None:
    """Rewrite the rows of `targets` in a worker; at once without a broker, or when the broker
    cannot be reached (logged: the index must not fall behind because the queue is down)."""
    payload = {kind: sorted(ids) for kind, ids in targets.items() if ids}
    if not payload:
        return
    if not queued(reindex, payload, what="the re-indexing"):
        index.reindex(payload)
