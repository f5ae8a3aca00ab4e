"""The rows an update is made of (paragraphs with their links, footnotes and commitments), written
for the actions in this package. Not actions themselves: they record field history but no event,
check no permission and open no transaction; the action that calls them does all three, once."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.core.partial_dates import parse_partial_date
from restrack.core.recording import change_reason, delete_recorded, save_recorded
from restrack.core.translation_fields import assign, get_translations
from restrack.reporting.facts import stated_facts
from restrack.reporting.models import Commitment, EntryFootnote, ProgressUpdate, UpdateEntry
from restrack.reporting.signals import entries_added_in_bulk, entries_linked_in_bulk


def new_update(instrument, period, *, acting_user, reason: str, **fields) -> ProgressUpdate:
    if ProgressUpdate.objects.filter(instrument=instrument, period=period).exists():
        raise ValidationError(
            _("%(instrument)s already has an update for %(period)s.")
            % {"instrument": str(instrument).capitalize(), "period": period}
        )
    update = ProgressUpdate(instrument=instrument, period=period)
    assign(update, fields)
    return save_recorded(update, acting_user=acting_user, reason=reason)


def _check_operative_paragraphs(update: ProgressUpdate, operative_paragraphs) -> None:
    foreign = [op for op in operative_paragraphs if op.instrument_id != update.instrument_id]
    if foreign:
        raise ValidationError(
            {
                "operative_paragraphs": _("%(paragraph)s belongs to another instrument than this update.")
                % {"paragraph": foreign[0]}
            }
        )


def _refresh_facts(entry: UpdateEntry) -> None:
    update = entry.update
    entry.facts = stated_facts(
        get_translations(entry, "text"), instrument=update.instrument.reference, year=update.period.end_date.year
    )


def add_entry(
    update: ProgressUpdate, *, text: dict, acting_user, reason: str, operative_paragraphs=(), partners=(), **fields
) -> UpdateEntry:
    """Append a paragraph to `update` (or put it at `position`), with what it reports on."""
    _check_operative_paragraphs(update, operative_paragraphs)
    if "position" not in fields:
        last = update.entries.order_by("-position").values_list("position", flat=True).first()
        fields["position"] = (last or 0) + 1
    entry = UpdateEntry(update=update)
    assign(entry, {"text": text, **fields})
    _refresh_facts(entry)
    save_recorded(entry, acting_user=acting_user, reason=reason)
    # django-simple-history records the relations on m2m_changed, with the same user and reason.
    if operative_paragraphs:
        entry.operative_paragraphs.set(operative_paragraphs)
    if partners:
        entry.partners.set(partners)
    return entry


@dataclass
class NewEntry:
    """A paragraph to add: its fields (per-language `text` included) and what it reports on."""

    fields: dict
    operative_paragraphs: list = field(default_factory=list)
    partners: list = field(default_factory=list)


def add_entries(update: ProgressUpdate, new: list[NewEntry], *, acting_user, reason: str) -> list[UpdateEntry]:
    """Add many paragraphs at once (an import adds dozens): the rows, their links and their field
    history in a few queries whatever their number, validated as one save would be."""
    entries = []
    for item in new:
        _check_operative_paragraphs(update, item.operative_paragraphs)
        entry = UpdateEntry(update=update)
        assign(entry, item.fields)
        _refresh_facts(entry)
        entry.full_clean(exclude=["update", "source_document"])  # both are records already read
        entries.append(entry)
    UpdateEntry.objects.bulk_create(entries)
    entries_added_in_bulk.send(UpdateEntry, update=update, entries=entries)
    history = UpdateEntry.history.bulk_history_create(
        entries, default_user=acting_user, default_change_reason=change_reason(reason)
    )
    for name in ("operative_paragraphs", "partners"):
        _link_in_bulk(entries, history, name, [getattr(item, name) for item in new])
    return entries


def _link_in_bulk(entries, history, name: str, targets: list[list]) -> None:
    """The m2m rows `name` of new entries, with the rows their first history record keeps of them
    (as django-simple-history records links saved one by one)."""
    through = UpdateEntry._meta.get_field(name).remote_field.through
    target_field = next(f.name for f in through._meta.fields if f.name not in ("id", "updateentry"))
    rows = through.objects.bulk_create(
        through(updateentry=entry, **{target_field: target})
        for entry, linked in zip(entries, targets, strict=True)
        for target in dict.fromkeys(linked)
    )
    if not rows:
        return
    entries_linked_in_bulk.send(
        UpdateEntry, name=name, entries=entries, targets={getattr(row, f"{target_field}_id") for row in rows}
    )
    history_model = apps.get_model(UpdateEntry._meta.app_label, f"HistoricalUpdateEntry_{name}")
    record_of = {record.id: record for record in history}
    history_model.objects.bulk_create(
        history_model(
            history=record_of[row.updateentry_id],
            id=row.id,
            updateentry_id=row.updateentry_id,
            **{f"{target_field}_id": getattr(row, f"{target_field}_id")},
        )
        for row in rows
    )


def add_footnotes(notes: list[tuple[UpdateEntry, dict]], *, acting_user, reason: str) -> list[EntryFootnote]:
    """Footnotes of new paragraphs at once: (entry, fields with per-language text and anchor)."""
    footnotes = []
    for entry, fields in notes:
        footnote = EntryFootnote(entry=entry)
        assign(footnote, fields)
        footnote.full_clean(exclude=["entry"])
        footnotes.append(footnote)
    EntryFootnote.objects.bulk_create(footnotes)
    EntryFootnote.history.bulk_history_create(
        footnotes, default_user=acting_user, default_change_reason=change_reason(reason)
    )
    return footnotes


def edit_entry(
    entry: UpdateEntry, *, acting_user, reason: str, text=None, operative_paragraphs=None, partners=None, **fields
) -> UpdateEntry:
    """Change a paragraph's text (per language), links or flags; relations given replace the old."""
    assign(entry, fields if text is None else {"text": text, **fields})
    if text is not None:
        _refresh_facts(entry)
    if operative_paragraphs is not None:
        _check_operative_paragraphs(entry.update, operative_paragraphs)
        entry.operative_paragraphs.set(operative_paragraphs)
    if partners is not None:
        entry.partners.set(partners)
    return save_recorded(entry, acting_user=acting_user, reason=reason)


def delete_entry(entry: UpdateEntry, *, acting_user, reason: str) -> None:
    for commitment in entry.commitments_made.all():
        delete_recorded(commitment, acting_user=acting_user, reason=reason)
    delete_recorded(entry, acting_user=acting_user, reason=reason)


def add_footnote(entry: UpdateEntry, *, text: dict, acting_user, reason: str, anchor: dict | None = None, **fields):
    """Append a footnote to a paragraph. `text` and `anchor` are per language: the anchor is how
    many characters of the paragraph's text in that language come before the marker (omitted:
    the marker goes at the end of the paragraph)."""
    if "position" not in fields:
        last = entry.footnotes.order_by("-position").values_list("position", flat=True).first()
        fields["position"] = (last or 0) + 1
    footnote = EntryFootnote(entry=entry)
    assign(footnote, {"text": text, **({"anchor": anchor} if anchor else {}), **fields})
    return save_recorded(footnote, acting_user=acting_user, reason=reason)


def edit_footnote(footnote: EntryFootnote, *, acting_user, reason: str, **changes) -> EntryFootnote:
    assign(footnote, changes)
    return save_recorded(footnote, acting_user=acting_user, reason=reason)


def delete_footnote(footnote: EntryFootnote, *, acting_user, reason: str) -> None:
    delete_recorded(footnote, acting_user=acting_user, reason=reason)


def add_commitment(instrument, *, description: dict, due: str, acting_user, reason: str, **fields) -> Commitment:
    """A promised action due by `due` (2024-10-28, 2024-12, 2024-Q4 or 2024)."""
    partial = parse_partial_date(due)
    commitment = Commitment(instrument=instrument, due_date=partial.end, due_precision=partial.precision)
    assign(commitment, {"description": description, **fields})
    return save_recorded(commitment, acting_user=acting_user, reason=reason)


def edit_commitment(commitment: Commitment, *, acting_user, reason: str, due: str | None = None, **changes):
    """Change a commitment: its description (per language), due date (as add_commitment takes
    it), state, and the paragraphs that promised or report delivering it."""
    if due is not None:
        partial = parse_partial_date(due)
        changes.update(due_date=partial.end, due_precision=partial.precision)
    assign(commitment, changes)
    return save_recorded(commitment, acting_user=acting_user, reason=reason)


def delete_commitment(commitment: Commitment, *, acting_user, reason: str) -> None:
    delete_recorded(commitment, acting_user=acting_user, reason=reason)
