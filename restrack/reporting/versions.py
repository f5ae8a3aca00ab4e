"""Versions of a progress update as a whole. Every action that raises an update's version number
records what the update then said (status, summary, paragraphs and their links) as an
UpdateVersion, so that two versions can be compared and an earlier one restored."""

from __future__ import annotations

from dataclasses import dataclass

from restrack.core.translation_fields import get_translations
from restrack.reporting.models import ProgressUpdate, UpdateVersion


def _texts(values: dict) -> dict:
    return {code: text for code, text in values.items() if text}


def snapshot(update: ProgressUpdate) -> dict:
    """What `update` says now, as JSON-ready data."""
    return {
        "status": update.status,
        "summary": _texts(get_translations(update, "summary")),
        "entries": [
            {
                "id": entry.pk,
                "text": _texts(get_translations(entry, "text")),
                "operative_paragraphs": sorted(op.pk for op in entry.operative_paragraphs.all()),
                "partners": sorted(partner.pk for partner in entry.partners.all()),
                "funding_constraint": entry.funding_constraint,
                "carried_over": entry.carried_over,
            }
            for entry in update.entries.order_by("position", "pk").prefetch_related("operative_paragraphs", "partners")
        ],
    }


def record_version(update: ProgressUpdate, *, acting_user, reason: str = "") -> UpdateVersion:
    """Record the update as it stands at its current version number (once per number)."""
    version, _created = UpdateVersion.objects.get_or_create(
        update=update,
        version=update.version,
        defaults={
            "snapshot": snapshot(update),
            "workflow_state": update.workflow_state,
            "user": acting_user,
            "reason": reason[:200],
        },
    )
    return version


def ensure_recorded(update: ProgressUpdate, *, acting_user) -> None:
    """Record the current version before it is changed, if nothing has recorded it yet (updates
    made by imports or before versions were kept), so that it can be compared and restored."""
    if not UpdateVersion.objects.filter(update=update, version=update.version).exists():
        # Credited to whoever last wrote the update's row (the coordinator who opened the period,
        # the import's system account), not to the person about to change it.
        last = update.history.exclude(history_user=None).order_by("-history_date").first()
        record_version(update, acting_user=last.history_user if last else acting_user, reason="As first recorded")


@dataclass(frozen=True)
class EntryPair:
    """One paragraph in two versions; either side is None where the paragraph did not exist."""

    before: dict | None
    after: dict | None

    @property
    def changed(self) -> bool:
        return self.before != self.after


def paired_entries(before: dict, after: dict) -> list[EntryPair]:
    """Paragraphs of two snapshots matched by identity, in the order of the later version, with
    paragraphs deleted since shown where they stood."""
    earlier = {entry["id"]: entry for entry in before["entries"]}
    later_ids = {entry["id"] for entry in after["entries"]}
    pairs: list[EntryPair] = []
    removed = [entry for entry in before["entries"] if entry["id"] not in later_ids]
    position = {entry["id"]: index for index, entry in enumerate(before["entries"])}
    for entry in after["entries"]:
        if entry["id"] in earlier:
            while removed and position[removed[0]["id"]] < position[entry["id"]]:
                pairs.append(EntryPair(removed.pop(0), None))
        pairs.append(EntryPair(earlier.get(entry["id"]), entry))
    pairs.extend(EntryPair(entry, None) for entry in removed)
    return pairs
