"""Operative paragraphs that repeat or overlap others, in the same body or across bodies, in the
same language: each paragraph's text is fingerprinted (restrack.reading.similarity), its bands are
stored in an indexed table, and the paragraphs sharing a band are compared by their signatures;
those at least THRESHOLD alike are stored as ParagraphOverlap. Refreshed for the paragraphs of a
text when it is imported, and for all paragraphs by `rebuild` (restrack find-overlaps).

The work is bounded whatever the texts: a formula repeated in thousands of resolutions puts
thousands of paragraphs in one band's bucket, and comparing them all with each other would be
quadratic in time and in stored pairs. So each paragraph is compared with at most COMPARED members
of each of its buckets, the earliest (lowest ids: the paragraphs adopted or imported first), and
keeps its KEPT most alike (the earliest first among equals); a pair is stored when either of its
paragraphs keeps it. A paragraph that repeats a common formula is thus shown with the first
paragraphs that said it, and a rebuild reads the bands once, in bucket order.

Called inside actions only (restrack.ingest.actions.import_resolution, restrack.registry.actions.
rebuild_overlaps), which check the permission and hold the transaction."""

from __future__ import annotations

import heapq
import operator
from array import array
from collections.abc import Iterable

from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from restrack.core.translation_fields import language_codes
from restrack.reading import similarity
from restrack.registry.models import OperativeParagraph, ParagraphBand, ParagraphFingerprint, ParagraphOverlap

THRESHOLD = 0.5  # estimated Jaccard similarity of two paragraphs' terms from which they overlap
KEPT = 5  # overlaps each paragraph keeps: its most alike
COMPARED = 16  # members of one bucket a paragraph is compared with: the earliest
BATCH = 500

Signature = array  # of similarity.PERMUTATIONS unsigned 64-bit minimum hashes: compact, compared in C


def refresh(paragraph_ids: Iterable[int], language: str) -> int:
    """Fingerprint the paragraphs' texts in `language` and record what they overlap; returns how
    many overlaps they have now."""
    ids = list(paragraph_ids)
    column = build_localized_fieldname("text", language)
    ParagraphFingerprint.objects.filter(paragraph_id__in=ids, language=language).delete()  # and their bands
    ParagraphOverlap.objects.filter(Q(paragraph_id__in=ids) | Q(other_id__in=ids), language=language).delete()
    rows = OperativeParagraph.objects.filter(pk__in=ids).exclude(**{column: ""}).exclude(**{f"{column}__isnull": True})
    mine = _fingerprint(rows.values_list("pk", "instrument__body_id", column), language)
    kept = _Kept(keeping=set(mine))
    buckets: dict[int, list[int]] = {}
    for pk, (_body, sig) in mine.items():
        for bucket in similarity.bands(list(sig)):
            buckets.setdefault(bucket, []).append(pk)
    others = _earliest_members(buckets, language)
    known = {**_signatures(set().union(*others.values()) - set(mine), language), **mine} if others else dict(mine)
    for bucket, members in buckets.items():
        candidates = sorted({*others.get(bucket, ()), *members})
        for pk in members:
            for other in candidates:
                if other != pk:
                    kept.compare(pk, other, known)
    return _store(kept, known, language)


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
        kept = _Kept()
        for members in _buckets_in_order(language):
            head: list[int] = []
            for pk in members:
                for earlier in head:
                    kept.compare(pk, earlier, mine)
                if len(head) < COMPARED:
                    head.append(pk)
        total += _store(kept, mine, language)
    return total


class _Kept:
    """Each paragraph's KEPT most alike others, as the comparisons find them; with `keeping`, only
    those paragraphs keep any (a refresh: the others kept theirs when they were compared)."""

    def __init__(self, keeping: set[int] | None = None):
        self.keeping = keeping
        self.best: dict[int, list[tuple[float, int]]] = {}  # a heap of (alike, -other): the least kept first

    def compare(self, pk: int, other: int, known: dict[int, tuple[int, Signature]]) -> None:
        if self._has(pk, other):
            return  # compared already, through another band they share
        first, second = known[pk][1], known[other][1]
        alike = 1.0 if first == second else sum(map(operator.eq, first, second)) / similarity.PERMUTATIONS
        if alike >= THRESHOLD:
            self._offer(pk, other, alike)
            self._offer(other, pk, alike)

    def _has(self, pk: int, other: int) -> bool:
        return any(-entry[1] == other for entry in self.best.get(pk, ()))

    def _offer(self, pk: int, other: int, alike: float) -> None:
        if self.keeping is not None and pk not in self.keeping:
            return
        heap = self.best.setdefault(pk, [])
        if self._has(pk, other):
            return
        entry = (alike, -other)  # among equals the earliest (lowest id) ranks highest
        if len(heap) < KEPT:
            heapq.heappush(heap, entry)
        elif entry > heap[0]:
            heapq.heapreplace(heap, entry)

    def pairs(self) -> dict[tuple[int, int], float]:
        return {
            (min(pk, -negative), max(pk, -negative)): alike
            for pk, heap in self.best.items()
            for alike, negative in heap
        }


def _fingerprint(rows, language: str) -> dict[int, tuple[int, Signature]]:
    """Store the signatures and bands of (paragraph id, body id, text) rows; {paragraph id: (body
    id, signature)} of those with enough terms to compare."""
    found: dict[int, tuple[int, Signature]] = {}
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
        found[pk] = (body, array("Q", sig))
        batch.append((pk, sig))
        if len(batch) >= BATCH:
            flush()
    if batch:
        flush()
    return found


def _buckets_in_order(language: str) -> Iterable[list[int]]:
    """The paragraphs of each bucket with more than one, earliest first: one walk of the bands'
    index in bucket order."""
    rows = (
        ParagraphBand.objects.filter(language=language)
        .order_by("bucket", "fingerprint_id")
        .values_list("bucket", "fingerprint__paragraph_id")
        .iterator(chunk_size=BATCH * similarity.BANDS)
    )
    current, members = None, []
    for bucket, pk in rows:
        if bucket != current:
            if len(members) > 1:
                yield members
            current, members = bucket, []
        members.append(pk)
    if len(members) > 1:
        yield members


def _earliest_members(buckets: dict[int, list[int]], language: str) -> dict[int, list[int]]:
    """{bucket: the paragraph ids of its COMPARED earliest members} (an index range each)."""
    found = {}
    for bucket in buckets:
        found[bucket] = list(
            ParagraphBand.objects.filter(language=language, bucket=bucket)
            .order_by("fingerprint_id")
            .values_list("fingerprint__paragraph_id", flat=True)[:COMPARED]
        )
    return found


def _signatures(paragraph_ids: set[int], language: str) -> dict[int, tuple[int, Signature]]:
    rows = ParagraphFingerprint.objects.filter(paragraph_id__in=paragraph_ids, language=language).values_list(
        "paragraph_id", "paragraph__instrument__body_id", "signature"
    )
    return {pk: (body, array("Q", map(int, signature.split(",")))) for pk, body, signature in rows}


def _store(kept: _Kept, known: dict[int, tuple[int, Signature]], language: str) -> int:
    pairs = list(kept.pairs().items())
    for start in range(0, len(pairs), BATCH * 10):
        ParagraphOverlap.objects.bulk_create(
            [
                ParagraphOverlap(
                    paragraph_id=a,
                    other_id=b,
                    language=language,
                    similarity=alike,
                    same_body=known[a][0] == known[b][0],
                )
                for (a, b), alike in pairs[start : start + BATCH * 10]
            ],
            batch_size=BATCH,
            ignore_conflicts=True,
        )
    return len(pairs)
