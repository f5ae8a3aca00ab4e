"""When the PDF renderer is warmed up (restrack.edreport.render.pdf.warm_up): in every process
that writes reports, before the first is asked for. The task queue's worker processes (`restrack
worker`) write them and warm up as they start. Without a broker the web server's own workers do
the jobs themselves; warming every one of them as it starts would keep the renderer's fonts
(about 60 MB) in each for reports that are rarely asked for, so a worker warms up, in a daemon
thread, when it shows the report page, seconds before the coordinator asks for a file there."""

from __future__ import annotations

import threading

from celery.signals import worker_process_init
from django.conf import settings

from restrack.edreport.render.pdf import warm_up

_started = False
_lock = threading.Lock()


def warm_up_soon() -> threading.Thread | None:
    """Warm this process up in a daemon thread, once, if it writes the reports itself (no broker).
    Returns the thread when one was started."""
    global _started
    if settings.RESTRACK_BROKER_URL:
        return None  # `restrack worker` writes them
    with _lock:
        if _started:
            return None
        _started = True
    thread = threading.Thread(target=warm_up, name="restrack-pdf-warm-up", daemon=True)
    thread.start()
    return thread


@worker_process_init.connect(dispatch_uid="restrack-pdf-warm-up")
def warm_up_in_the_worker(**kwargs) -> None:
    """Each of the task queue's worker processes, as it starts, before it takes a job."""
    warm_up()
