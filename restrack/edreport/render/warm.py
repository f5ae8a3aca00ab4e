"""When the PDF renderer is warmed up (restrack.edreport.render.pdf.warm_up): in every process
that writes reports, before the first is asked for. Those are the task queue's worker processes
(`restrack worker`), or, without a broker, the web server's own workers, which do the jobs
themselves."""

from __future__ import annotations

import threading

from celery.signals import worker_process_init
from django.conf import settings

from restrack.edreport.render.pdf import warm_up


def warm_up_when_serving(sender=None, **kwargs) -> threading.Thread | None:
    """restrack.core.server_hooks.worker_started: without a broker this process writes the reports,
    so warm up in a daemon thread (the worker answers meanwhile). Returns the thread, if started."""
    if settings.RESTRACK_BROKER_URL:
        return None  # `restrack worker` writes them
    thread = threading.Thread(target=warm_up, name="restrack-pdf-warm-up", daemon=True)
    thread.start()
    return thread


@worker_process_init.connect(dispatch_uid="restrack-pdf-warm-up")
def warm_up_in_the_worker(**kwargs) -> None:
    """Each of the task queue's worker processes, as it starts, before it takes a job."""
    warm_up()
