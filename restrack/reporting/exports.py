"""Tables of the reporting cycle for download: progress updates (one row per paragraph) and
commitments (one row each). The API's exports (/api/v1/updates/export.csv) and the public
tracker's downloads (/<lang>/exports/updates.csv, restrack.reporting.public_exports) both build
their files here, so the two hold the same rows and columns.

Text columns hold one language: the export's, or where a paragraph has none in it the first
language that has it (English, then Chinese); `text_language` says which. Each builder fetches
what its rows show in a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from restrack.core.exports import Table
from restrack.core.translation_fields import translated_text
from restrack.reporting.models import EntryFootnote, UpdateEntry

FOOTNOTE_SEPARATOR = " | "

UPDATE_COLUMNS = [
    "period",
    "instrument",
    "instrument_slug",
    "instrument_title",
    "status",
    "workflow_state",
    "update_id",
    "paragraph_id",
    "position",
    "text",
    "text_language",
    "operative_paragraphs",
    "partners",
    "funding_constraint",
    "carried_over",
    "footnotes",
    "source_document",
    "source_paragraph",
]

COMMITMENT_COLUMNS = [
    "id",
    "instrument",
    "instrument_slug",
    "description",
    "description_language",
    "due",
    "due_date",
    "due_precision",
    "state",
    "overdue",
    "promised_in_period",
    "promised_in_paragraph",
    "delivered_in_period",
    "delivered_in_paragraph",
]


def entries_with_details() -> QuerySet:
    """Paragraphs in order, with what a row or the API shows of them prefetched."""
    footnotes = EntryFootnote.objects.order_by("position", "pk")
    return (
        UpdateEntry.objects.order_by("position", "pk")
        .select_related("source_document")
        .prefetch_related("operative_paragraphs", "partners", Prefetch("footnotes", queryset=footnotes))
    )


def updates_with_paragraphs(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("period", "instrument", "source_document").prefetch_related(
        Prefetch("entries", queryset=entries_with_details())
    )


def operative_paragraph_numbers(entry) -> list[str]:
    return [op.number for op in sorted(entry.operative_paragraphs.all(), key=lambda op: (op.order, op.pk))]


def partner_codes(entry) -> list[str]:
    return sorted(partner.code for partner in entry.partners.all())


def source_document_symbol(entry) -> str | None:
    """The symbol of the document the paragraph comes from (the update's when the paragraph names none)."""
    document = entry.source_document or entry.update.source_document
    return (document.symbol or None) if document else None


def update_table(updates: QuerySet, *, language: str) -> Table:
    """One row per paragraph of `updates`, in the queryset's order then the paragraphs' order."""
    rows = []
    for update in updates_with_paragraphs(updates):
        instrument = update.instrument
        title = translated_text(instrument, "title", language)[0]
        for entry in update.entries.all():
            entry.update = update  # for source_document_symbol, without a query
            text, text_language = translated_text(entry, "text", language)
            footnotes = [
                translated_text(footnote, "text", text_language or language)[0] for footnote in entry.footnotes.all()
            ]
            rows.append(
                [
                    update.period.label,
                    instrument.reference,
                    instrument.slug,
                    title,
                    update.status or None,
                    update.workflow_state,
                    update.pk,
                    entry.pk,
                    entry.position,
                    text,
                    text_language,
                    ", ".join(operative_paragraph_numbers(entry)),
                    "; ".join(partner_codes(entry)),
                    entry.funding_constraint,
                    entry.carried_over,
                    FOOTNOTE_SEPARATOR.join(footnote for footnote in footnotes if footnote) or None,
                    source_document_symbol(entry),
                    entry.source_paragraph,
                ]
            )
    return Table("restrack-updates", "Progress updates", UPDATE_COLUMNS, rows)


def commitments_with_details(queryset: QuerySet) -> QuerySet:
    return queryset.select_related("instrument", "promised_in__update__period", "delivered_in__update__period")


def commitment_table(commitments: QuerySet, *, language: str) -> Table:
    """One row per commitment. A delivery reported in an update the queryset's reader may not see
    (`delivery_visible` False, restrack.reporting.selectors) is left empty."""
    today = timezone.localdate()
    rows = []
    for commitment in commitments_with_details(commitments):
        description, description_language = translated_text(commitment, "description", language)
        promised = commitment.promised_in
        delivered = commitment.delivered_in if getattr(commitment, "delivery_visible", True) else None
        rows.append(
            [
                commitment.pk,
                commitment.instrument.reference,
                commitment.instrument.slug,
                description,
                description_language,
                str(commitment.due),
                commitment.due_date,
                commitment.due_precision,
                commitment.state,
                commitment.is_overdue(today),
                promised.update.period.label if promised else None,
                promised.position if promised else None,
                delivered.update.period.label if delivered else None,
                delivered.position if delivered else None,
            ]
        )
    return Table("restrack-commitments", "Commitments", COMMITMENT_COLUMNS, rows)
