"""Reading the event log in tests: the kinds of the events about a record, oldest first, named
without their prefix ("submitted" for update.submitted)."""

from restrack.core.events import events_about


def kinds(record, kind: str | None = None) -> list[str]:
    events = events_about(record)
    if kind:
        events = events.filter(kind__endswith=f".{kind}")
    return [name.split(".", 1)[1] for name in events.values_list("kind", flat=True)]


def kinds_by(record) -> list[tuple[str, str]]:
    return [(name.split(".", 1)[1], who) for name, who in events_about(record).values_list("kind", "actor__username")]
