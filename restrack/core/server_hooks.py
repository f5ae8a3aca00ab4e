"""What the server tells the apps about its own life, so that an app can prepare a worker process
without the server knowing the app (the core is the bottom layer).

`worker_started` is sent in each of `restrack serve`'s worker processes once it has booted, before
it takes requests' time: a receiver that prepares something slow should do it in a daemon thread,
so that the worker answers meanwhile (the Executive Director's report warms its PDF renderer so)."""

from __future__ import annotations

import logging

from django.dispatch import Signal

logger = logging.getLogger(__name__)

worker_started = Signal()


def tell_worker_started(worker=None) -> None:
    """gunicorn's post_worker_init hook (which must take exactly the worker): send worker_started;
    a receiver's failure is logged only."""
    for receiver, error in worker_started.send_robust(sender="serve"):
        if isinstance(error, Exception):
            logger.warning("%s failed as the worker started: %s", getattr(receiver, "__name__", receiver), error)
