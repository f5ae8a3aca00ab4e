"""Tables of the reporting cycle for download: progress updates (one row per paragraph) and
commitments (one row each). The API's exports (/api/v1/updates/export.csv) and the public
tracker's downloads (/<lang>/exports/updates.csv, restrack.reporting.public_exports) both build
their files here, so the two hold the same rows and columns.

Text columns hold one language: the export's, or where a paragraph has none in it the first
language that has it (English, then Chinese); `text_language` says which. Each builder fetches
what its rows show in a fixed number of queries per chunk of rows (QUERY_CHUNK commitments,
UPDATE_CHUNK updates with their paragraphs), and makes its rows as they are written: a file of
every paragraph streams without holding the paragraphs in memory."""

from __future__ import annotations

from django.db.models import Prefetch, QuerySet
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from restrack.core.exports import QUERY_CHUNK, Table
from restrack.core.translation_fields import language_codes, text_in_language, translated_text
from restrack.reporting.models import EntryFootnote, UpdateEntry

FOOTNOTE_SEPARATOR = " | "
UPDATE_CHUNK = 200  # updates read at a time, each with its paragraphs and theirs

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
    "recurrence",
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
    return Table("restrack-updates", "Progress updates", UPDATE_COLUMNS, _update_rows(updates, language))


def _update_rows(updates: QuerySet, language: str):
    chunk = []
    for update in updates.select_related("period", "instrument", "source_document").iterator(chunk_size=UPDATE_CHUNK):
        chunk.append(update)
        if len(chunk) == UPDATE_CHUNK:
            yield from _paragraph_rows(chunk, language)
            chunk = []
    yield from _paragraph_rows(chunk, language)


def _paragraph_rows(updates: list, language: str):
    """The rows of a chunk of updates' paragraphs, read in four queries: the paragraphs, then the
    numbers of the operative paragraphs they cite, their partners' codes and their footnotes as
    plain values (Django's prefetching would make a queryset per paragraph, most of the time)."""
    if not updates:
        return
    entries = list(
        UpdateEntry.objects.filter(update__in=updates).select_related("source_document").order_by("position", "pk")
    )
    cited = _grouped(
        UpdateEntry.operative_paragraphs.through.objects.filter(updateentry__update__in=updates)
        .order_by("updateentry", "operativeparagraph__order", "operativeparagraph")
        .values_list("updateentry", "operativeparagraph__number")
    )
    partners = _grouped(
        UpdateEntry.partners.through.objects.filter(updateentry__update__in=updates).values_list(
            "updateentry", "partner__code"
        )
    )
    footnote_fields = [build_localized_fieldname("text", code) for code in language_codes()]
    footnotes = _grouped(
        (row[0], dict(zip(language_codes(), row[1:], strict=True)))
        for row in EntryFootnote.objects.filter(entry__update__in=updates)
        .order_by("entry", "position", "pk")
        .values_list("entry", *footnote_fields)
    )
    by_update = _grouped((entry.update_id, entry) for entry in entries)
    for update in updates:  # in the queryset's order
        instrument = update.instrument
        title = translated_text(instrument, "title", language)[0]
        for entry in by_update.get(update.pk, ()):
            entry.update = update  # for source_document_symbol, without a query
            text, text_language = translated_text(entry, "text", language)
            notes = [
                text_in_language({code: value or None for code, value in note.items()}, text_language or language)[0]
                for note in footnotes.get(entry.pk, ())
            ]
            yield [
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
                ", ".join(cited.get(entry.pk, ())),
                "; ".join(sorted(partners.get(entry.pk, ()))),  # as partner_codes: Python's order, not a collation's
                entry.funding_constraint,
                entry.carried_over,
                FOOTNOTE_SEPARATOR.join(note for note in notes if note) or None,
                source_document_symbol(entry),
                entry.source_paragraph,
            ]


def _grouped(pairs) -> dict:
    """{key: [values in the order given]} of (key, value) pairs."""
    grouped: dict = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


# What a commitment's row shows of the rows it joins (the API's and the export's): its instrument's
# reference and the paragraphs' period and place. Not their texts in every language, which a
# page of a hundred commitments would otherwise read, convert and copy into eight model instances
# each (a third of the API list's time).
COMMITMENT_JOINED = (
    "instrument__kind",
    "instrument__number",
    *(
        f"{side}__{field}"
        for side in ("promised_in", "delivered_in")
        for field in ("position", "update__period__label")
    ),
)


def commitments_with_details(queryset: QuerySet) -> QuerySet:
    own = [field.name for field in queryset.model._meta.concrete_fields]
    return queryset.select_related("instrument", "promised_in__update__period", "delivered_in__update__period").only(
        *own, *COMMITMENT_JOINED
    )


def commitment_table(commitments: QuerySet, *, language: str) -> Table:
    """One row per commitment. A delivery reported in an update the queryset's reader may not see
    (`delivery_visible` False, restrack.reporting.selectors) is left empty."""
    return Table("restrack-commitments", "Commitments", COMMITMENT_COLUMNS, _commitment_rows(commitments, language))


def _commitment_rows(commitments: QuerySet, language: str):
    today = timezone.localdate()
    for commitment in commitments_with_details(commitments).iterator(chunk_size=QUERY_CHUNK):
        description, description_language = translated_text(commitment, "description", language)
        promised = commitment.promised_in
        delivered = commitment.delivered_in if getattr(commitment, "delivery_visible", True) else None
        yield [
            commitment.pk,
            commitment.instrument.reference,
            commitment.instrument.slug,
            description,
            description_language,
            str(commitment.due),
            commitment.due_date,
            commitment.due_precision,
            commitment.state,
            commitment.recurrence,
            commitment.is_overdue(today),
            promised.update.period.label if promised else None,
            promised.position if promised else None,
            delivered.update.period.label if delivered else None,
            delivered.position if delivered else None,
        ]
