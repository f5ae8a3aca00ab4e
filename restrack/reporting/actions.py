"""Writes to the reporting cycle: validated, atomic, recorded with the acting user."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.core.actions import atomic_action
from restrack.core.partial_dates import parse_partial_date
from restrack.core.recording import delete_recorded, save_recorded
from restrack.core.translation_fields import assign
from restrack.registry.models import Instrument, OperativeParagraph, Partner
from restrack.reporting.models import Commitment, EntryFootnote, ProgressUpdate, ReportingPeriod, UpdateEntry
from restrack.reporting.periods import parse_period_label


@atomic_action
def create_reporting_period(label: str, *, acting_user, reason: str = "", **fields) -> ReportingPeriod:
    """Create period `label` (2024-H2); its dates default to the half-year the label names."""
    parsed = parse_period_label(label)
    if ReportingPeriod.objects.filter(label=str(parsed)).exists():
        raise ValidationError({"label": _("Reporting period %(label)s already exists.") % {"label": parsed}})
    period = ReportingPeriod(label=str(parsed), start_date=parsed.start, end_date=parsed.end)
    assign(period, fields)
    return save_recorded(period, acting_user=acting_user, reason=reason or "Period created")


@atomic_action
def create_progress_update(
    instrument: Instrument, period: ReportingPeriod, *, acting_user, reason: str = "", **fields
) -> ProgressUpdate:
    if ProgressUpdate.objects.filter(instrument=instrument, period=period).exists():
        raise ValidationError(
            _("%(instrument)s already has an update for %(period)s.")
            % {"instrument": str(instrument).capitalize(), "period": period}
        )
    update = ProgressUpdate(instrument=instrument, period=period)
    assign(update, fields)
    return save_recorded(update, acting_user=acting_user, reason=reason or "Update created")


@atomic_action
def add_update_entry(
    update: ProgressUpdate,
    *,
    text: dict,
    acting_user,
    operative_paragraphs: list[OperativeParagraph] = (),
    partners: list[Partner] = (),
    reason: str = "",
    **fields,
) -> UpdateEntry:
    """Append a paragraph to `update`, with the operative paragraphs and partners it names."""
    foreign = [op for op in operative_paragraphs if op.instrument_id != update.instrument_id]
    if foreign:
        raise ValidationError(
            {
                "operative_paragraphs": _("%(paragraph)s belongs to another instrument than this update.")
                % {"paragraph": foreign[0]}
            }
        )
    last = update.entries.order_by("-position").values_list("position", flat=True).first()
    entry = UpdateEntry(update=update, position=(last or 0) + 1)
    assign(entry, {"text": text, **fields})
    save_recorded(entry, acting_user=acting_user, reason=reason or "Paragraph added")
    # django-simple-history records the relations on m2m_changed, with the same user and reason.
    if operative_paragraphs:
        entry.operative_paragraphs.set(operative_paragraphs)
    if partners:
        entry.partners.set(partners)
    return entry


@atomic_action
def add_footnote(
    entry: UpdateEntry, *, text: dict, acting_user, anchor: dict | None = None, reason: str = ""
) -> EntryFootnote:
    """Append a footnote to a paragraph. `text` and `anchor` are per language: the anchor is how
    many characters of the paragraph's text in that language come before the marker (omitted:
    the marker goes at the end of the paragraph)."""
    last = entry.footnotes.order_by("-position").values_list("position", flat=True).first()
    footnote = EntryFootnote(entry=entry, position=(last or 0) + 1)
    assign(footnote, {"text": text, **({"anchor": anchor} if anchor else {})})
    return save_recorded(footnote, acting_user=acting_user, reason=reason or "Footnote added")


@atomic_action
def update_footnote(
    footnote: EntryFootnote, *, acting_user, text: dict | None = None, anchor: dict | None = None, reason: str = ""
) -> EntryFootnote:
    changes = {}
    if text is not None:
        changes["text"] = text
    if anchor is not None:
        changes["anchor"] = anchor
    assign(footnote, changes)
    return save_recorded(footnote, acting_user=acting_user, reason=reason or "Footnote edited")


@atomic_action
def delete_footnote(footnote: EntryFootnote, *, acting_user, reason: str = "") -> None:
    delete_recorded(footnote, acting_user=acting_user, reason=reason or "Footnote deleted")


@atomic_action
def record_commitment(
    instrument: Instrument,
    *,
    description: dict,
    due: str,
    acting_user,
    promised_in: UpdateEntry | None = None,
    reason: str = "",
) -> Commitment:
    """Record a promised action due by `due` (2024-10-28, 2024-12, 2024-Q4 or 2024)."""
    partial = parse_partial_date(due)
    commitment = Commitment(
        instrument=instrument, due_date=partial.end, due_precision=partial.precision, promised_in=promised_in
    )
    assign(commitment, {"description": description})
    return save_recorded(commitment, acting_user=acting_user, reason=reason or "Commitment recorded")


@atomic_action
def update_reporting_period(period: ReportingPeriod, *, acting_user, reason: str = "", **changes) -> ReportingPeriod:
    assign(period, changes)
    return save_recorded(period, acting_user=acting_user, reason=reason or "Period edited")


@atomic_action
def update_progress_update(update: ProgressUpdate, *, acting_user, reason: str = "", **changes) -> ProgressUpdate:
    assign(update, changes)
    update.version += 1
    return save_recorded(update, acting_user=acting_user, reason=reason or "Update edited")


@atomic_action
def update_entry(
    entry: UpdateEntry,
    *,
    acting_user,
    text: dict | None = None,
    operative_paragraphs: list[OperativeParagraph] | None = None,
    partners: list[Partner] | None = None,
    reason: str = "",
    **fields,
) -> UpdateEntry:
    """Change a paragraph's text (per language), links or flags; relations given replace the old."""
    assign(entry, fields if text is None else {"text": text, **fields})
    if operative_paragraphs is not None:
        foreign = [op for op in operative_paragraphs if op.instrument_id != entry.update.instrument_id]
        if foreign:
            raise ValidationError(
                {
                    "operative_paragraphs": _("%(paragraph)s belongs to another instrument than this update.")
                    % {"paragraph": foreign[0]}
                }
            )
        entry.operative_paragraphs.set(operative_paragraphs)
    if partners is not None:
        entry.partners.set(partners)
    return save_recorded(entry, acting_user=acting_user, reason=reason or "Paragraph edited")


@atomic_action
def update_commitment(
    commitment: Commitment,
    *,
    acting_user,
    description: dict | None = None,
    due: str | None = None,
    reason: str = "",
    **fields,
) -> Commitment:
    """Change a commitment: its description (per language), due date (as record_commitment takes
    it), state, and the paragraphs that promised or report delivering it."""
    if description is not None:
        fields["description"] = description
    if due is not None:
        partial = parse_partial_date(due)
        fields.update(due_date=partial.end, due_precision=partial.precision)
    assign(commitment, fields)
    return save_recorded(commitment, acting_user=acting_user, reason=reason or "Commitment edited")


@atomic_action
def delete_commitment(commitment: Commitment, *, acting_user, reason: str = "") -> None:
    delete_recorded(commitment, acting_user=acting_user, reason=reason or "Commitment deleted")


@atomic_action
def delete_entry(entry: UpdateEntry, *, acting_user, reason: str = "") -> None:
    for commitment in entry.commitments_made.all():
        delete_commitment(commitment, acting_user=acting_user, reason=reason or "Paragraph deleted")
    delete_recorded(entry, acting_user=acting_user, reason=reason or "Paragraph deleted")
