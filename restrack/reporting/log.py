"""The workflow log as the working pages show it: the cycle's events of a period or an update that
the reader may see (restrack.accounts.policy filters them), newest first, with a note in words.

Autosave saves a draft every few seconds and each save is an event; the log shows a run of saves
by the same person on the same update as one line, as a person would tell it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext as _

from restrack.accounts import policy
from restrack.core.choices import EventKind
from restrack.core.events import topic
from restrack.core.models import Event
from restrack.reporting.models import ProgressUpdate

CYCLE_KINDS = [kind for kind in EventKind.values if kind.startswith(("period.", "update."))]


@dataclass
class LogLine:
    event: Event
    update: ProgressUpdate | None

    @property
    def created(self) -> datetime:
        return self.event.created

    @property
    def actor(self):
        return self.event.actor

    @property
    def label(self) -> str:
        return self.event.get_kind_display()

    @property
    def request_id(self) -> str:
        return self.event.request_id

    @property
    def note(self) -> str:
        event, data = self.event, self.event.data
        if event.reason:
            return event.reason
        if event.kind == EventKind.PERIOD_OPENED:
            return _("%(drafts)s drafts; %(people)s focal points notified.") % {
                "drafts": data.get("drafts", 0),
                "people": data.get("notified", 0),
            }
        if event.kind == EventKind.PERIOD_REMINDED:
            return _("%(people)s focal points reminded of %(updates)s updates.") % {
                "people": data.get("people", 0),
                "updates": data.get("updates", 0),
            }
        if event.kind == EventKind.PERIOD_PUBLISHED:
            return _("%(count)s approved updates published.") % {"count": data.get("published", 0)}
        return ""


def _lines(user, events, *, limit: int | None) -> list[LogLine]:
    events = policy.visible_to(user, events.filter(kind__in=CYCLE_KINDS)).select_related("actor")
    update_type = ContentType.objects.get_for_model(ProgressUpdate)
    lines: list[LogLine] = []
    for event in events.order_by("-created", "-pk").iterator():
        previous = lines[-1].event if lines else None
        if (  # an earlier save of the same drafting run: the newer line stands for it
            previous is not None
            and event.kind == previous.kind == EventKind.UPDATE_DRAFTED
            and event.target_id == previous.target_id
            and event.actor_id == previous.actor_id
        ):
            continue
        lines.append(LogLine(event, None))
        if limit and len(lines) >= limit:
            break
    updates = ProgressUpdate.objects.select_related("instrument").in_bulk(
        {line.event.target_id for line in lines if line.event.target_type_id == update_type.pk}
    )
    for line in lines:
        if line.event.target_type_id == update_type.pk:
            line.update = updates.get(line.event.target_id)
    return lines


def period_log(user, period, *, limit: int | None = 30) -> list[LogLine]:
    """The cycle's events of `period` and of its updates that `user` may see."""
    return _lines(user, Event.objects.filter(topics__name=topic(period)), limit=limit)


def update_log(user, update, *, limit: int | None = None) -> list[LogLine]:
    return _lines(user, Event.objects.filter(topics__name=topic(update)), limit=limit)


def latest_return(update) -> Event | None:
    """The event of the update's last return, with the reviewer's remarks on single paragraphs."""
    return (
        Event.objects.filter(topics__name=topic(update), kind=EventKind.UPDATE_RETURNED)
        .select_related("actor")
        .prefetch_related("paragraph_comments")
        .order_by("-created", "-pk")
        .first()
    )


def last_events(user, updates) -> dict[int, Event]:
    """The latest cycle event of each update that `user` may see (the board's "last change")."""
    update_type = ContentType.objects.get_for_model(ProgressUpdate)
    latest = {}
    events = Event.objects.filter(
        target_type=update_type, target_id__in=[update.pk for update in updates], kind__in=CYCLE_KINDS
    ).select_related("actor")
    for event in policy.visible_to(user, events).order_by("created", "pk"):
        latest[event.target_id] = event
    return latest
