"""Changing an update the way people do, through the one action that applies a draft: helpers for
tests that need an edited paragraph, footnote or commitment."""

from restrack.core.translation_fields import get_translations
from restrack.reporting.actions import EntryDraft, FootnoteDraft, save_draft
from restrack.reporting.editing import CORRECTING, editing_mode
from restrack.reporting.models import UpdateEntry


def _save(update, user, **parts):
    update.refresh_from_db()
    comment = "Corrected in a test" if editing_mode(user, update) == CORRECTING else ""
    return save_draft(update, version=update.version, acting_user=user, comment=comment, **parts)


def edit_paragraph(entry: UpdateEntry, user, *, text: dict | None = None, footnotes=None):
    """Change one paragraph of its update (a correction when the update is published)."""
    update = entry.update
    drafts = [
        EntryDraft(
            id=other.pk,
            text=text or {} if other.pk == entry.pk else {},
            footnotes=footnotes if other.pk == entry.pk else None,
        )
        for other in update.entries.order_by("position", "pk")
    ]
    return _save(update, user, entries=drafts)


def edit_footnote(footnote, user, *, text: dict):
    """Change one footnote's text (per language), keeping the paragraph's others."""
    entry = footnote.entry
    notes = [
        FootnoteDraft(id=other.pk, text=text if other.pk == footnote.pk else {})
        for other in entry.footnotes.order_by("position", "pk")
    ]
    return edit_paragraph(entry, user, footnotes=notes)


def editor_post(update, text: str, language: str = "en", **extra) -> dict:
    """What the editor posts: every paragraph, in order, with the text of `language`."""
    data = {"version": update.version, "language": language, "status": update.status, "entry": []}
    for entry in update.entries.order_by("position"):
        key = str(entry.pk)
        data["entry"].append(key)
        data[f"entry-{key}-id"] = entry.pk
        data[f"entry-{key}-text"] = get_translations(entry, "text").get(language) or ""
        data[f"entry-{key}-ops"] = [op.pk for op in entry.operative_paragraphs.all()]
    if text is not None:
        key = data["entry"][0] if data["entry"] else "new-1"
        if not data["entry"]:
            data["entry"].append(key)
        data[f"entry-{key}-text"] = text
    data.update(extra)
    return data
