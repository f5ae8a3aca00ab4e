"""The event log: every action records what it did with `emit`, inside its own transaction.

An event names its kind (restrack.core.choices.EventKind), the acting user, the record acted on,
the request it came from and the reason given; `data` holds what else the kind needs (a version,
counts). Topics name every record whose pages the event concerns, so a period's board, an
instrument's feed or a cached page finds its events by one indexed lookup.

`event_committed` is sent once the transaction holding the event commits (never for a rolled
back one): what follows an event (cache invalidation, notifications) hangs there.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models, transaction
from django.dispatch import Signal

from restrack.core.models import Event, EventTopic
from restrack.core.request_id import current_request_id

event_committed = Signal()  # sent with event=Event after its transaction commits


def topic(instance: models.Model) -> str:
    """The topic naming `instance`: `reporting.progressupdate:12`."""
    return f"{instance._meta.label_lower}:{instance.pk}"


def emit(
    kind: str,
    *,
    actor,
    target: models.Model,
    reason: str = "",
    data: dict | None = None,
    topics: Iterable[models.Model | str] = (),
) -> Event:
    """Record one event; must run inside the action's transaction (atomic_action)."""
    if not connection.in_atomic_block:
        raise RuntimeError(f"emit({kind!r}) outside a transaction: events are written by actions, with their writes.")
    event = Event.objects.create(
        kind=kind,
        actor=actor,
        target_type=ContentType.objects.get_for_model(target, for_concrete_model=False),
        target_id=target.pk,
        target_repr=str(target)[:200],
        reason=reason or "",
        data=data or {},
        request_id=current_request_id(),
    )
    names = dict.fromkeys([topic(target), *(name if isinstance(name, str) else topic(name) for name in topics)])
    EventTopic.objects.bulk_create(EventTopic(event=event, name=name) for name in names)
    transaction.on_commit(lambda: event_committed.send(Event, event=event), robust=True)
    return event


def events_about(instance: models.Model):
    """Every event concerning `instance` (as target or topic), oldest first."""
    return Event.objects.filter(topics__name=topic(instance)).order_by("created", "pk")
