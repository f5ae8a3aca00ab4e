"""Building search entries from the registry and the reports, and bringing them up to date.

Each indexed object gives one `SearchEntry` per language it has text in. Report paragraphs are
indexed only while their progress update is published: the index holds public content only.

`reindex()` takes the objects that changed (by kind and id) and rewrites just their rows, reading
the current state of the database: an object that no longer exists, or is no longer public,
loses its rows. Running it twice, or for an object that did not change, is harmless; the signal
handlers rely on that.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from urllib.parse import quote

from django.db import transaction
from django.dispatch import Signal
from django.utils.text import slugify

from restrack.accounts import policy
from restrack.core.segmentation import index_tokens
from restrack.core.translation_fields import fallback_order, get_translations, language_codes, localized_columns
from restrack.registry.models import Instrument, OperativeParagraph, Partner
from restrack.reporting.models import UpdateEntry
from restrack.search import engines
from restrack.search.grams import document_grams
from restrack.search.models import HitKind, SearchEntry
from restrack.search.scope import scope_text
from restrack.search.stemming import stem

CHUNK = 500

# Changes to these objects change rows of other kinds (see _expand).
UPDATE, PERIOD = "update", "period"


# -- titles and links ----------------------------------------------------------------------------
# Built in code per language rather than with gettext: rows are written in whatever language the
# saving request happens to be in, but must read the same for everyone.


def _reference(instrument: Instrument, language: str) -> str:
    if language == "zh-hans":
        return f"第 {instrument.number} 号{'决议' if instrument.kind == 'resolution' else '决定'}"
    return f"{'Resolution' if instrument.kind == 'resolution' else 'Decision'} {instrument.number}"


def instrument_title(instrument: Instrument, language: str, title: str) -> str:
    separator = "：" if language == "zh-hans" else ": "
    return f"{_reference(instrument, language)}{separator}{title}"[:600]


def operative_paragraph_title(paragraph: OperativeParagraph, language: str) -> str:
    reference = _reference(paragraph.instrument, language)
    if language == "zh-hans":
        return f"{reference}第 {paragraph.number} 段"
    return f"{reference}, operative paragraph {paragraph.number}"


def paragraph_title(entry: UpdateEntry, language: str) -> str:
    reference, label = _reference(entry.update.instrument, language), entry.update.period.label
    number = entry.source_paragraph or entry.position  # the number readers of the report know
    return (
        f"{reference}，{label}，第 {number} 段"
        if language == "zh-hans"
        else f"{reference}, {label}, paragraph {number}"
    )


def partner_title(partner: Partner, language: str) -> str:
    """The partner's name in `language` (the English one with its code), else in the fallback
    languages' order."""
    names, short_names = get_translations(partner, "name"), get_translations(partner, "short_name")
    name = names.get(language) or short_names.get(language)
    if not name:
        for code in fallback_order(language):
            name = names.get(code) or short_names.get(code)
            if name:
                break
    name = name or partner.code
    return (f"{name} ({partner.code})" if language == "en" and name != partner.code else name)[:600]


def titles(objects: dict[str, Iterable[int]], language: str) -> dict[tuple[str, int], str]:
    """{(kind, id): the title of that object's hits in `language`}, for the objects of each kind in
    `objects` ({kind: ids}): what a hit in another language's text shows on a page in `language`
    (a Chinese paragraph's hit on /en/search/ reads "Resolution 2/7, 2024-H2, paragraph 38"). One
    query per kind asked for, whatever the number of objects."""
    result = {}
    for kind, ids in objects.items():
        ids = set(ids)
        if not ids:
            continue
        objects_of_kind = TITLE_SOURCES[kind]()
        for obj in objects_of_kind.filter(pk__in=ids):
            if kind == HitKind.PARAGRAPH:
                title = paragraph_title(obj, language)
            elif kind == HitKind.OPERATIVE_PARAGRAPH:
                title = operative_paragraph_title(obj, language)
            elif kind == HitKind.PARTNER:
                title = partner_title(obj, language)
            else:
                translations = get_translations(obj, "title")
                text = next((translations[code] for code in fallback_order(language) if translations.get(code)), "")
                title = instrument_title(obj, language, text)
            result[kind, obj.pk] = title
    return result


# What each kind's title is made of, and only that: a page of hits reads no text, summary or
# facts of the paragraphs, updates and instruments it names.
TITLE_SOURCES = {
    HitKind.PARAGRAPH: lambda: UpdateEntry.objects.select_related("update__instrument", "update__period").only(
        "pk",
        "position",
        "source_paragraph",
        "update__instrument__kind",
        "update__instrument__number",
        "update__period__label",
    ),
    HitKind.INSTRUMENT: lambda: Instrument.objects.only("pk", "kind", "number", *localized_columns("title")),
    HitKind.OPERATIVE_PARAGRAPH: lambda: OperativeParagraph.objects.select_related("instrument").only(
        "pk", "number", "instrument__kind", "instrument__number"
    ),
    HitKind.PARTNER: lambda: Partner.objects.only(
        "pk", "code", *localized_columns("name"), *localized_columns("short_name")
    ),
}


def _instrument_path(instrument: Instrument) -> str:
    return f"{instrument.kind}s/{instrument.number}/"  # resolutions/2/7/, as the public pages


# Where a text may be cut into clauses without changing its tokens or grams: characters that
# separate words (and runs of Chinese characters) and stay separators once folded.
_CLAUSE_BREAK = re.compile(r"[\s，。；：、！？,.;:!?]+")


@functools.lru_cache(maxsize=32768)
def _clause_index(clause: str) -> tuple[str, str]:
    return " ".join(stem(token) for token in index_tokens(clause)), document_grams(clause)


def indexed_text(text: str) -> tuple[str, str]:
    """`text`'s tokens (stemmed: restrack.search.stemming) and grams (SearchEntry.tokens, .grams),
    as index_tokens and document_grams give them for the whole text, worked out clause by clause with a cache: reports repeat
    clauses (names of bodies, set phrases) and segmentation is most of a row's cost."""
    tokens, grams = [], []
    for clause in _CLAUSE_BREAK.split(text):
        if clause:
            clause_tokens, clause_grams = _clause_index(clause)
            if clause_tokens:
                tokens.append(clause_tokens)
            if clause_grams:
                grams.append(clause_grams)
    return " ".join(tokens), " ".join(grams)


def _row(kind: str, object_id: int, language: str, original: str, **fields) -> SearchEntry:
    tokens, grams = indexed_text(original)
    scope = scope_text(kind, language, fields.get("period_label", ""), fields.get("instrument_id"))
    return SearchEntry(
        kind=kind,
        object_id=object_id,
        language=language,
        original=original,
        tokens=tokens,
        grams=grams,
        scope=scope,
        **fields,
    )


# -- one object's rows ---------------------------------------------------------------------------


def instrument_rows(instrument: Instrument) -> list[SearchEntry]:
    rows = []
    for language, title in get_translations(instrument, "title").items():
        if title:
            rows.append(
                _row(
                    HitKind.INSTRUMENT,
                    instrument.pk,
                    language,
                    title,
                    instrument_id=instrument.pk,
                    title=instrument_title(instrument, language, title),
                    url_hint=_instrument_path(instrument),
                )
            )
    return rows


def operative_paragraph_rows(paragraph: OperativeParagraph) -> list[SearchEntry]:
    instrument = paragraph.instrument
    rows = []
    for language, text in get_translations(paragraph, "text").items():
        if text:
            rows.append(
                _row(
                    HitKind.OPERATIVE_PARAGRAPH,
                    paragraph.pk,
                    language,
                    text,
                    instrument_id=instrument.pk,
                    title=operative_paragraph_title(paragraph, language),
                    url_hint=f"{_instrument_path(instrument)}#op-{slugify(paragraph.number)}",
                )
            )
    return rows


def paragraph_rows(entry: UpdateEntry) -> list[SearchEntry]:
    update = entry.update
    if not policy.is_public(update):
        return []
    instrument, label = update.instrument, update.period.label
    rows = []
    for language, text in get_translations(entry, "text").items():
        if text:
            rows.append(
                _row(
                    HitKind.PARAGRAPH,
                    entry.pk,
                    language,
                    text,
                    instrument_id=instrument.pk,
                    period_label=label,
                    title=paragraph_title(entry, language),
                    url_hint=f"{_instrument_path(instrument)}#entry-{entry.pk}",
                )
            )
    return rows


def partner_rows(partner: Partner) -> list[SearchEntry]:
    """One row per language holding every name the partner goes by in it (names, short names,
    aliases; the code with the English ones), so that any of them finds the partner."""
    names = get_translations(partner, "name")
    short_names = get_translations(partner, "short_name")
    aliases = {}
    for alias in partner.aliases.all():  # prefetched
        aliases.setdefault(alias.language, []).append(alias.text)
    rows = []
    for language in language_codes():
        own = [names[language], short_names[language], *sorted(aliases.get(language, []))]
        own = [form for form in own if form]
        if not own and language != "en":  # the English row always exists: it holds the code
            continue
        forms = list(dict.fromkeys(([partner.code] if language == "en" else []) + own))
        name = names[language] or short_names[language] or partner.code
        title = f"{name} ({partner.code})" if language == "en" and name != partner.code else name
        rows.append(
            _row(
                HitKind.PARTNER,
                partner.pk,
                language,
                " / ".join(forms),
                title=title[:600],
                url_hint=f"partners/{quote(partner.code, safe='')}/",
            )
        )
    return rows


def _or_all(objects, model):
    return model.objects.all() if objects is None else objects


# Per kind: the objects that may have rows, with what building them reads (`prepare(objects)`
# adds it to a queryset of the kind's model, every object by default), and the builder.
SOURCES = {
    HitKind.PARAGRAPH: (
        lambda objects=None: _or_all(objects, UpdateEntry).select_related("update__instrument", "update__period"),
        paragraph_rows,
    ),
    HitKind.INSTRUMENT: (lambda objects=None: _or_all(objects, Instrument), instrument_rows),
    HitKind.OPERATIVE_PARAGRAPH: (
        lambda objects=None: _or_all(objects, OperativeParagraph).select_related("instrument"),
        operative_paragraph_rows,
    ),
    HitKind.PARTNER: (
        lambda objects=None: _or_all(objects, Partner).prefetch_related("aliases"),
        partner_rows,
    ),
}


# -- keeping rows current ------------------------------------------------------------------------


def _expand(targets: dict[str, set[int]]) -> dict[str, set[int]]:
    """Turn changes that affect other rows into those rows' objects: an update's workflow state
    decides whether its paragraphs are public, a period's label and an instrument's number
    appear in paragraph rows, and an instrument's number in its operative paragraphs' rows."""
    result = {kind: set(targets.get(kind, ())) for kind in SOURCES}
    entries = UpdateEntry.objects.none()
    if targets.get(UPDATE):
        entries |= UpdateEntry.objects.filter(update_id__in=targets[UPDATE])
    if targets.get(PERIOD):
        entries |= UpdateEntry.objects.filter(update__period_id__in=targets[PERIOD])
    if targets.get(HitKind.INSTRUMENT):
        instruments = targets[HitKind.INSTRUMENT]
        entries |= UpdateEntry.objects.filter(update__instrument_id__in=instruments)
        result[HitKind.OPERATIVE_PARAGRAPH].update(
            OperativeParagraph.objects.filter(instrument_id__in=instruments).values_list("pk", flat=True)
        )
    if targets.get(UPDATE) or targets.get(PERIOD) or targets.get(HitKind.INSTRUMENT):
        result[HitKind.PARAGRAPH].update(entries.values_list("pk", flat=True))
    return result


def _chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


# Sent after the transaction that wrote rows of the index commits: answers to searches given before
# may be stale (the page cache, restrack.publish.page_cache, starts a new generation on it).
index_changed = Signal()


def _announce_change() -> None:
    transaction.on_commit(lambda: index_changed.send(sender=SearchEntry), robust=True)


def reindex(targets: dict[str, Iterable[int]]) -> int:
    """Rewrite the rows of the objects in `targets` ({kind: ids}; kinds are the hit kinds plus
    "update" and "period"). Returns the number of rows written."""
    written = 0
    with transaction.atomic():
        for kind, ids in _expand({kind: set(ids) for kind, ids in targets.items()}).items():
            queryset, build = SOURCES[kind]
            for chunk in _chunks(ids):
                rows = [row for obj in queryset().filter(pk__in=chunk) for row in build(obj)]
                SearchEntry.objects.filter(kind=kind, object_id__in=chunk).delete()
                SearchEntry.objects.bulk_create(rows)
                written += len(rows)
        _announce_change()
    return written


def rows_for(kind: str, queryset=None, *, batch_size: int = CHUNK) -> Iterator[list[SearchEntry]]:
    """The unsaved rows of the objects of one kind, in batches of about `batch_size` rows, in
    constant memory however many objects there are: what bulk loading calls, then writes each
    batch with `SearchEntry.objects.bulk_create(batch)` (the engines' structures follow bulk
    writes). `queryset` narrows the objects (UpdateEntry.objects.filter(...) for paragraphs);
    by default every object of the kind. Paragraphs of updates that are not public give no rows.
    """
    prepare, build = SOURCES[kind]
    objects = prepare(queryset)
    batch: list[SearchEntry] = []
    for obj in objects.order_by("pk").iterator(chunk_size=batch_size):
        batch.extend(build(obj))
        if len(batch) >= batch_size:
            yield batch
            batch = []
    if batch:
        yield batch


def rows_for_entries(queryset=None, *, batch_size: int = CHUNK) -> Iterator[list[SearchEntry]]:
    """`rows_for(HitKind.PARAGRAPH, queryset)`: report paragraphs' rows, in batches."""
    return rows_for(HitKind.PARAGRAPH, queryset, batch_size=batch_size)


def bulk_index(kind: str, queryset=None, *, batch_size: int = CHUNK) -> int:
    """Write the rows of the objects of one kind (narrowed by `queryset`) that have none yet, in
    batches; for loading many objects at once (an import of a whole archive, benchmarks).
    Objects that already have rows must go through `reindex()`, which replaces them. Returns the
    number of rows written."""
    written = 0
    for batch in rows_for(kind, queryset, batch_size=batch_size):
        SearchEntry.objects.bulk_create(batch, batch_size=batch_size)
        written += len(batch)
    return written


@contextmanager
def bulk_loading():
    """A transaction for writing many rows at once (`bulk_index`, deletes): on SQLite the FTS
    table is not updated row by row meanwhile (its triggers are dropped) but built from all the
    rows in one pass at the end, several times faster; searches in other connections see the
    index as it was until the transaction commits. For loads that write a large part of the
    index (a rebuild, an archive, a benchmark): the final pass reads every row."""
    with transaction.atomic(), engines.current().bulk_load():
        _announce_change()
        yield


def rebuild() -> int:
    """Drop every row and index everything again, in one transaction so that searches running
    meanwhile see the old index until the new one is complete. Rows are built and written in
    batches (`rows_for`), in constant memory. Returns the number of rows."""
    written = 0
    with bulk_loading():
        SearchEntry.objects.all().delete()
        for kind in SOURCES:
            written += bulk_index(kind)
    return written
