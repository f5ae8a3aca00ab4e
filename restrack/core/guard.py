"""Writes to Restrack's records happen inside actions, and nowhere else.

Each app names its governed models (`govern` in its AppConfig.ready); saving or deleting one while
no action runs raises WriteOutsideAction, so a view, an importer or a command that writes around
the actions fails in the tests instead of skipping the permission check, the history and the
event. `atomic_action` marks the action running (a context variable, so threads and requests do
not share it). Fixtures loaded with `loaddata` (raw saves) pass; test factories build their data
inside `writes_allowed()`.
"""

from __future__ import annotations

import contextlib
import contextvars

from django.db.models.signals import pre_delete, pre_save

_depth: contextvars.ContextVar[int] = contextvars.ContextVar("restrack_action_depth", default=0)
_governed: set[type] = set()


class WriteOutsideAction(RuntimeError):
    """A governed record was written without going through an action."""


@contextlib.contextmanager
def action_running():
    """Marks the code inside as an action's (atomic_action enters it)."""
    token = _depth.set(_depth.get() + 1)
    try:
        yield
    finally:
        _depth.reset(token)


writes_allowed = action_running  # for test factories and data set-up outside the product's code


def in_action() -> bool:
    return _depth.get() > 0


def _check(sender, instance, raw=False, **kwargs) -> None:
    if raw or in_action():
        return
    raise WriteOutsideAction(
        f"{sender._meta.label} {instance.pk or '(new)'} was written outside an action: call the action in "
        f"restrack.{sender._meta.app_label}.actions that makes this change."
    )


def govern(*models) -> None:
    """Refuse saves and deletes of `models` outside actions."""
    for model in models:
        _governed.add(model)
        uid = f"restrack.guard.{model._meta.label_lower}"
        pre_save.connect(_check, sender=model, dispatch_uid=f"{uid}.save")
        pre_delete.connect(_check, sender=model, dispatch_uid=f"{uid}.delete")


def govern_app(app_config) -> None:
    """Govern every model of `app_config` but the field history's own records."""
    govern(*(model for model in app_config.get_models() if not model.__name__.startswith("Historical")))


def governed_models() -> set[type]:
    return set(_governed)
