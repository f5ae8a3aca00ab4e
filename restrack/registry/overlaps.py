"""Operative paragraphs that repeat or overlap others, in the same body or across bodies, in the
same language: each paragraph's text is fingerprinted (restrack.reading.similarity), its bands are
stored in an indexed table, and the paragraphs sharing a band are compared by their signatures;
those at least THRESHOLD alike are stored as ParagraphOverlap. Refreshed for the paragraphs of a
text when it is imported, and for all paragraphs by `rebuild` (restrack find-overlaps).

Called inside actions only (restrack.ingest.actions.import_resolution, restrack.registry.actions.
rebuild_overlaps), which check the permission and hold the transaction."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from restrack.core.translation_fields import language_codes
from restrack.reading import similarity
from restrack.registry.models import OperativeParagraph, ParagraphBand, ParagraphFingerprint, ParagraphOverlap

THRESHOLD = 0.5  # estimated Jaccard similarity of two paragraphs' terms from which they overlap
BATCH = 500


def refresh(paragraph_ids: Iterable[int], language: str) -> int:
    """Fingerprint the paragraphs' texts in `language` and record what they overlap; returns how
    many overlaps they have now."""
    ids = list(paragraph_ids)
    column = build_localized_fieldname("text", language)
    ParagraphFingerprint.objects.filter(paragraph_id__in=ids, language=language).delete()  # and their bands
    ParagraphOverlap.objects.filter(Q(paragraph_id__in=ids) | Q(other_id__in=ids), language=language).delete()
    rows = OperativeParagraph.objects.filter(pk__in=ids).exclude(**{column: ""}).exclude(**{f"{column}__isnull": True})
    mine = _fingerprint(rows.values_list("pk", "instrument__body_id", column), language)
    return _record_overlaps(mine, language)


def rebuild(languages: Iterable[str] | None = None) -> int:
    """Fingerprint every paragraph's text in every language (or those given) and record every
    overlap again; returns how many there are."""
    total = 0
    for language in languages or language_codes():
        column = build_localized_fieldname("text", language)
        ParagraphFingerprint.objects.filter(language=language).delete()
        ParagraphOverlap.objects.filter(language=language).delete()
        rows = (
            OperativeParagraph.objects.exclude(**{column: ""})
            .exclude(**{f"{column}__isnull": True})
            .values_list("pk", "instrument__body_id", column)
            .order_by("pk")
        )
        mine = _fingerprint(rows.iterator(chunk_size=BATCH), language)
        total += _record_overlaps(mine, language, every_pair_once=True)
    return total


def _fingerprint(rows, language: str) -> dict[int, tuple[int, list[int]]]:
    """Store the signatures and bands of (paragraph id, body id, text) rows; {paragraph id: (body
    id, signature)} of those with enough terms to compare."""
    found: dict[int, tuple[int, list[int]]] = {}
    batch: list[tuple[int, list[int]]] = []

    def flush():
        fingerprints = ParagraphFingerprint.objects.bulk_create(
            [
                ParagraphFingerprint(paragraph_id=pk, language=language, signature=",".join(map(str, sig)))
                for pk, sig in batch
            ]
        )
        ParagraphBand.objects.bulk_create(
            [
                ParagraphBand(fingerprint=fingerprint, language=language, bucket=bucket)
                for fingerprint, (_pk, sig) in zip(fingerprints, batch, strict=True)
                for bucket in similarity.bands(sig)
            ],
            batch_size=BATCH * similarity.BANDS,
        )
        batch.clear()

    for pk, body, text in rows:
        sig = similarity.signature(similarity.terms(text))
        if sig is None:
            continue
        found[pk] = (body, sig)
        batch.append((pk, sig))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return found


def _record_overlaps(mine: dict[int, tuple[int, list[int]]], language: str, *, every_pair_once: bool = False) -> int:
    """Compare each paragraph of `mine` with the paragraphs sharing one of its bands (an indexed
    lookup per batch), and store the pairs at least THRESHOLD alike."""
    pairs: dict[tuple[int, int], tuple[float, bool]] = {}
    ids = list(mine)
    for start in range(0, len(ids), BATCH):
        chunk = {pk: mine[pk] for pk in ids[start : start + BATCH]}
        buckets = {bucket for _body, sig in chunk.values() for bucket in similarity.bands(sig)}
        candidates = (
            ParagraphBand.objects.filter(language=language, bucket__in=buckets)
            .values_list(
                "fingerprint__paragraph_id", "fingerprint__paragraph__instrument__body_id", "fingerprint__signature"
            )
            .distinct()
        )
        others = {}
        for other, other_body, signature in candidates:
            other_sig = [int(value) for value in signature.split(",")]
            others[other] = (other_body, other_sig, set(similarity.bands(other_sig)))
        for pk, (body, sig) in chunk.items():
            mine_buckets = set(similarity.bands(sig))
            for other, (other_body, other_sig, other_buckets) in others.items():
                if other == pk or (every_pair_once and other < pk and other in mine):
                    continue
                if not mine_buckets & other_buckets:
                    continue
                alike = similarity.estimate(sig, other_sig)
                if alike >= THRESHOLD:
                    pairs[(min(pk, other), max(pk, other))] = (alike, body == other_body)
    ParagraphOverlap.objects.bulk_create(
        [
            ParagraphOverlap(paragraph_id=a, other_id=b, language=language, similarity=alike, same_body=same)
            for (a, b), (alike, same) in pairs.items()
        ],
        batch_size=BATCH,
        ignore_conflicts=True,
    )
    return len(pairs)
