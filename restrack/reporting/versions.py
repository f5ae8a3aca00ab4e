"""Versions of a progress update as a whole. Every action that raises an update's version number
records what the update then said (status, summary, paragraphs with their links and footnotes) as
an UpdateVersion (restrack.reporting.actions.versions), so that two versions can be compared and
an earlier one restored; this module reads them."""

from __future__ import annotations

from dataclasses import dataclass

from restrack.core.translation_fields import get_translations
from restrack.reporting.models import ProgressUpdate


def _texts(values: dict) -> dict:
    return {code: text for code, text in values.items() if text}


def version_before(update: ProgressUpdate, version: int):
    """The recorded version `version`, or the latest recorded before it."""
    return update.versions.filter(version__lte=version).order_by("-version").first()


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
                "footnotes": [
                    {
                        "id": footnote.pk,
                        "text": _texts(get_translations(footnote, "text")),
                        "anchor": {
                            code: at for code, at in get_translations(footnote, "anchor").items() if at is not None
                        },
                    }
                    for footnote in sorted(entry.footnotes.all(), key=lambda footnote: (footnote.position, footnote.pk))
                ],
            }
            for entry in update.entries.order_by("position", "pk").prefetch_related(
                "operative_paragraphs", "partners", "footnotes"
            )
        ],
    }


@dataclass(frozen=True)
class EntryPair:
    """One paragraph in two versions; either side is None where the paragraph did not exist."""

    before: dict | None
    after: dict | None

    @property
    def changed(self) -> bool:
        return _comparable(self.before) != _comparable(self.after)


def _comparable(entry: dict | None) -> dict | None:
    # Versions recorded before footnotes were part of a snapshot have no "footnotes" key.
    return None if entry is None else {"footnotes": [], **entry}


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
