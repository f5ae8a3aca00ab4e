"""What the server tells the apps about its own life, so that an app can prepare a worker process
without the server knowing the app (the core is the bottom layer).

`worker_started` is sent in each of `restrack serve`'s worker processes once it has booted, before
it takes requests' time: a receiver that prepares something slow should do it in a daemon thread,
so that the worker answers meanwhile (the Executive Director's report warms its PDF renderer so).

The worker's garbage collection is kept off the objects that live as long as the worker. A full
collection walks every object the process holds: about 175,000 once Django, the apps and their
URLconf are loaded, 195,000 once templates and catalogues are warm, 130 ms on the development
machine, paid by whichever request happens to set it off. Pages and API lists leave cycles behind
(DRF's returned lists point back to their serializer, prefetched rows to their parents), so full
collections come every few dozen requests: at full scale the commitments list answered in 112 ms
at p50 and 463 at p95. `gc.freeze()` moves what is alive into a generation the collector never
walks (Python's documentation suggests it for servers that fork workers): once as the worker
starts, with the URLconf and every view imported, and once more after WARM_REQUESTS answers, when
templates and translations are loaded. Objects of requests in flight at that moment are frozen
with the rest: a few thousand, once."""

from __future__ import annotations

import gc
import itertools
import logging

from django.dispatch import Signal
from django.urls import get_resolver

logger = logging.getLogger(__name__)

worker_started = Signal()
WARM_REQUESTS = 100
_answered = itertools.count(1)  # per worker: the master's copy is never used after the fork


def freeze_long_lived() -> None:
    """Collect what is garbage now, then keep the collector off everything still alive."""
    gc.collect()
    gc.freeze()


def tell_worker_started(worker=None) -> None:
    """gunicorn's post_worker_init hook (which must take exactly the worker): send worker_started;
    a receiver's failure is logged only."""
    for receiver, error in worker_started.send_robust(sender="serve"):
        if isinstance(error, Exception):
            logger.warning("%s failed as the worker started: %s", getattr(receiver, "__name__", receiver), error)
    get_resolver().url_patterns  # noqa: B018 (imports the URLconf, and with it every view and serializer)
    freeze_long_lived()


def tell_request_answered(worker=None, req=None, environ=None, resp=None) -> None:
    """gunicorn's post_request hook (after the answer is sent): once the worker is warm, freeze again."""
    if next(_answered) == WARM_REQUESTS:
        freeze_long_lived()
