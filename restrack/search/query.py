"""Searching the index: `search("贫民")`, `search("UNICEF", kinds={"paragraph"})`.

How a query is matched:

1. A query that is a partner's code, name or alias (UNICEF, 儿基会) is expanded to all the
   names that partner goes by, in every language; each is then matched on its own (OR).
2. Each phrase is segmented like the index and matched through the full-text engine: a row
   matches when it holds all of the phrase's words (single Chinese characters aside, which
   jieba attaches differently depending on context).
3. A phrase with Chinese in it also matches a row that holds it as a run of characters, found
   through the character grams of the index (restrack.search.grams): 窟, or 民窟, which no word
   holds, are looked up like words, never by reading every row's text.
4. Phrases in other scripts that find nothing as words are matched as the start of words
   (`hous` then finds "housing") through the index, and only when that finds nothing either, as
   substrings of the text, which reads every row.

The filters (language, period, instrument, kinds) are scope terms of the full-text document
(restrack.search.scope), so a filtered search is one full-text match, and the counts per kind
are counted by the engine from its index, up to a cap each (more is `capped`: "2,000+").
Hits come by the engine's rank (bm25 on SQLite, ts_rank on PostgreSQL: scores are comparable
within one database only), ranked and cut to `limit` in the engine (at most the engine's
rank_cap matches are ranked); substring matches by the number of occurrences, then shorter texts first. Only public
rows exist in the index, and the report paragraphs among the hits shown are checked against
their update's workflow state once more, in the query that reads them.

English words are matched by their stem (restrack.search.stemming: housing finds houses), in
the index and in the query alike, and snippets mark the words that share a query word's stem.
An object found in several of its languages' rows is one hit (and counted once below the cap),
shown from its row in the reader's language (`display_language`) when that row matched, with
its title in that language.

A search costs a fixed number of SQL queries, however many hits it returns and however large
the index: the names of partners it may name, the counts per kind (objects counted in the same
statement), the best ids, their rows, and with a reader's language, the titles of the hits from
rows in other languages (a query per kind among them).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Count, FloatField, OuterRef, Q, Subquery, Value
from django.db.models.functions import Length, Lower, Replace
from django.urls import NoReverseMatch, reverse
from modeltranslation.utils import build_localized_fieldname

from restrack.accounts import policy
from restrack.core.segmentation import fold, has_cjk, is_cjk_word, query_tokens
from restrack.core.translation_fields import language_codes
from restrack.registry.models import Partner, PartnerAlias
from restrack.reporting.models import UpdateEntry
from restrack.reporting.periods import parse_period_label
from restrack.search import engines, index
from restrack.search.grams import query_terms, word_terms
from restrack.search.highlight import Needle, compile_needles, snippet
from restrack.search.models import HitKind, SearchEntry
from restrack.search.scope import filter_terms
from restrack.search.stemming import stem

MAX_QUERY_LENGTH = 200  # characters; longer queries are cut, not refused
MAX_PHRASES = 20  # a query and the names of the partners it expands to
MAX_LIMIT = 500
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_STEMMED = re.compile(r"[a-z]{3,}")  # the query words whose stem marks words in snippets
LANGUAGE_ALIASES = {"zh": "zh-hans", "zh-cn": "zh-hans", "zh_hans": "zh-hans", "zh-hans-cn": "zh-hans"}


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    instrument_id: int | None
    period_label: str
    language: str
    title: str
    snippet_html: str  # safe HTML: escaped text and <mark> elements
    url_hint: str  # path below the public site's language prefix
    score: float

    @property
    def url(self) -> str:
        """The public page of the hit, in the active language (/en/resolutions/2/7/#entry-12)."""
        try:
            root = reverse("publish:dashboard")
        except NoReverseMatch:
            root = "/"
        return root + self.url_hint


@dataclass
class SearchResults:
    query: str
    hits: list[Hit] = field(default_factory=list)
    total: int = 0  # matches with every filter applied; hits holds at most `limit` of them
    facets: dict[str, int] = field(default_factory=dict)  # kind → matches, before the kinds filter
    # More matches of a kind asked for than the engine counts (engines: count_cap): its count
    # (and the total) is a lower bound ("2,000+"), and only the first rank_cap matches were ranked.
    capped: bool = False
    phrases: list[str] = field(default_factory=list)  # what was searched for, after expansion

    def __iter__(self) -> Iterator[Hit]:
        return iter(self.hits)

    def __len__(self) -> int:
        return len(self.hits)


@dataclass
class _Plan:
    """What to look for, and what to mark."""

    groups: list = field(default_factory=list)  # term groups for the engine (see engines)
    prefix_groups: list = field(default_factory=list)  # words as prefixes, if the groups find nothing
    substrings: list[str] = field(default_factory=list)  # Chinese phrases, without a full-text engine
    fallback_substrings: list[str] = field(default_factory=list)  # if nothing else finds anything
    needles: list[Needle] = field(default_factory=list)
    stems: set[str] = field(default_factory=set)  # English words found by their stem: marked by it too


# -- arguments -----------------------------------------------------------------------------------


def _language(language: str | None) -> str | None:
    if language is None:
        return None
    code = LANGUAGE_ALIASES.get(language.strip().lower(), language.strip().lower())
    if code not in language_codes():
        raise ValueError(f"Unknown language {language!r}; use one of {language_codes()}.")
    return code


def _kinds(kinds: Iterable[str] | None) -> set[str]:
    if kinds is None:
        return set(HitKind.values)
    unknown = set(kinds) - set(HitKind.values)
    if unknown:
        raise ValueError(f"Unknown kind(s) {sorted(unknown)}; use some of {HitKind.values}.")
    return set(kinds)


def _period(label: str | None) -> str | None:
    if not label:
        return None
    try:
        return str(parse_period_label(label))
    except ValidationError as error:
        raise ValueError(error.messages[0]) from error


# -- building the plan ---------------------------------------------------------------------------


def expand_aliases(text: str) -> list[str]:
    """`text`, followed by every name of the partners it names exactly (case aside)."""
    name_fields = [
        build_localized_fieldname(name, code) for name in ("name", "short_name") for code in language_codes()
    ]
    named = Q(code__iexact=text) | Q(aliases__text__iexact=text)
    for name in name_fields:
        named |= Q(**{f"{name}__iexact": text})
    partners = list(Partner.objects.filter(named).values_list("pk", "code", *name_fields).distinct())
    if not partners:
        return [text]
    aliases = PartnerAlias.objects.filter(partner_id__in=[row[0] for row in partners])
    names = [name for row in partners for name in row[1:]] + list(aliases.values_list("text", flat=True))
    phrases = dict.fromkeys([text, *(name for name in names if name)])
    return list(phrases)[:MAX_PHRASES]


def _plan(phrases: list[str]) -> _Plan:
    plan = _Plan()
    for phrase in phrases:
        tokens = query_tokens(phrase)
        if has_cjk(phrase):
            # Dropped from the words, kept in the grams: 的, 和 and the like.
            words = [token for token in tokens if not (is_cjk_word(token) and len(token) == 1)]
            if words:
                plan.groups.append(word_terms(words))
            plan.groups.append(query_terms(phrase))
            plan.substrings.extend(dict.fromkeys([phrase, fold(phrase)]))
            plan.needles.append(Needle(phrase))
        else:
            if tokens:
                plan.groups.append(word_terms(tokens))
                plan.prefix_groups.append(word_terms(tokens, prefix=True))
                plan.stems.update(stem(token) for token in tokens if _STEMMED.fullmatch(token))
            if len(phrase) >= 2:
                plan.fallback_substrings.append(phrase)
            plan.needles.append(Needle(phrase, whole_word=True))
        # Single letters and characters would be marked all over the snippet.
        plan.needles.extend(Needle(token, whole_word=not is_cjk_word(token)) for token in tokens if len(token) > 1)
    plan.groups = _unique(plan.groups)
    plan.prefix_groups = _unique(plan.prefix_groups)
    plan.substrings = list(dict.fromkeys(plan.substrings))
    return plan


def _unique(groups: list) -> list:
    return list({tuple(group): group for group in groups if group}.values())


def _substring_condition(substrings: list[str]) -> Q | None:
    """Rows containing any of `substrings`: reads every row's text (no index serves it on SQLite)."""
    condition = None
    for substring in substrings:
        part = Q(original__icontains=substring)
        condition = part if condition is None else condition | part
    return condition


# -- running it ----------------------------------------------------------------------------------


def _scope(language, instrument_id, period_label):
    """The rows within the filters, for substring matching (the full-text engines match the same
    filters as scope terms)."""
    scope = SearchEntry.objects.all()
    if language:
        scope = scope.filter(language=language)
    if instrument_id is not None:
        scope = scope.filter(instrument_id=instrument_id)
    if period_label:
        scope = scope.filter(period_label=period_label)
    return scope


def _shown(ids: list[int]) -> dict[int, SearchEntry]:
    """The rows of the best ids, their report paragraphs checked against their update's workflow
    state once more (in the same query, for these rows only): an index that fell behind (a failed
    or pending re-indexing) still never shows an unpublished paragraph."""
    published = policy.public(UpdateEntry.objects.filter(pk=OuterRef("object_id")))  # public, whoever asks
    rows = SearchEntry.objects.defer("tokens", "grams", "scope").filter(pk__in=ids)
    rows = rows.filter(~Q(kind=HitKind.PARAGRAPH) | Q(object_id=Subquery(published.values("pk")[:1])))
    return {row.pk: row for row in rows}


def _facets(matching) -> dict[str, int]:
    """{kind: matching objects} (an object has a row per language)."""
    counts = dict(matching.order_by().values_list("kind").annotate(count=Count("object_id", distinct=True)))
    return {kind: counts.get(kind, 0) for kind in HitKind.values}


def _by_occurrences(matching, substrings: list[str]):
    """Substring matches: most occurrences of the first substring, then shorter texts (titles and
    names before paragraphs)."""
    needle = substrings[0].lower()
    return matching.annotate(
        score=Value(0.0, output_field=FloatField()),
        occurrences=Length("original") - Length(Replace(Lower("original"), Value(needle), Value(""))),
        length=Length("original"),
    ).order_by("-occurrences", "length", "pk")


def _one_per_object(candidates, preferred: str | None) -> list[tuple]:
    """The candidates (id, score, kind, object_id, language), best first, one per object: an
    object whose rows in several languages match is one hit, at the place of its best row, shown
    from its row in `preferred` (the page's language) when that row is among the candidates."""
    chosen: dict[tuple[str, int], tuple] = {}
    for candidate in candidates:
        key = (candidate[2], candidate[3])
        if key not in chosen:
            chosen[key] = candidate
        elif candidate[4] == preferred and chosen[key][4] != preferred:
            chosen[key] = (*candidate[:1], chosen[key][1], *candidate[2:])  # its place, this row
    return list(chosen.values())


def search(
    query: str,
    *,
    language: str | None = None,
    kinds: set[str] | None = None,
    instrument_id: int | None = None,
    period_label: str | None = None,
    limit: int = 50,
    offset: int = 0,
    display_language: str | None = None,
) -> SearchResults:
    """Search the public index. `language` keeps hits in one language ("en", "zh-hans"),
    `kinds` keeps some kinds of hit (see HitKind), `instrument_id` and `period_label` ("2024-H2")
    keep what belongs to an instrument or a period (partners have neither; only paragraphs have
    a period). Unknown languages, kinds and malformed periods raise ValueError; an empty query
    finds nothing.

    Hits are objects: one whose text matches in several languages is one hit (and counted once
    while the counts are below the engine's cap). `limit` hits are given from the `offset`-th.
    With `display_language` (the page's language), a hit is shown from its row in that language
    when that row matches too, and every hit's title is in that language (a Chinese paragraph on
    an English page: "Resolution 2/7, 2024-H2, paragraph 38"), falling back as the registry's
    texts do; without it, each hit has the title of its own row's language."""
    # Control characters are never text (and PostgreSQL refuses NUL in a string).
    text = " ".join(_CONTROL.sub(" ", query or "").split())[:MAX_QUERY_LENGTH]
    results = SearchResults(query=text, facets=dict.fromkeys(HitKind.values, 0))
    language, kinds = _language(language), _kinds(kinds)
    display_language = _language(display_language)
    period_label = _period(period_label)
    limit = max(0, min(limit, MAX_LIMIT))
    offset = max(0, offset)
    if not text:
        return results

    results.phrases = expand_aliases(text)
    plan = _plan(results.phrases)
    engine = engines.current()
    filters = filter_terms(language, period_label, instrument_id)
    groups = plan.groups if engine.full_text else []
    substrings = [] if groups else plan.substrings
    facets = results.facets
    # Without a language filter an object may match in several of its rows: counted once.
    objects = not language
    if groups:
        facets = engine.counts(groups, filters, engine.count_cap + 1, objects=objects)
        if not any(facets.values()) and plan.prefix_groups:
            groups = plan.prefix_groups
            plan.needles += [Needle(phrase) for phrase in plan.fallback_substrings]
            facets = engine.counts(groups, filters, engine.count_cap + 1, objects=objects)
    elif substrings:
        facets = _facets(_scope(language, instrument_id, period_label).filter(_substring_condition(substrings)))
    if not any(facets.values()) and plan.fallback_substrings:
        groups, substrings = [], plan.substrings + plan.fallback_substrings
        plan.needles += [Needle(phrase) for phrase in plan.fallback_substrings]
        facets = _facets(_scope(language, instrument_id, period_label).filter(_substring_condition(substrings)))
    cap = engine.count_cap
    results.capped = any(count > cap for kind, count in facets.items() if kind in kinds)
    results.facets = {kind: min(count, cap) for kind, count in facets.items()}
    results.total = sum(count for kind, count in results.facets.items() if kind in kinds)
    if not results.total or not limit or offset >= results.total:
        return results

    # Each object has at most a row per language: that many candidates per hit always suffice.
    wanted_rows = (offset + limit) * (1 if language else len(language_codes()))
    if groups:
        # The best ids and scores, ranked in the engine; then only their rows are read.
        all_kinds = kinds == set(HitKind.values)
        candidates = engine.best(groups, filters, None if all_kinds else kinds, wanted_rows, engine.rank_cap)
    else:
        wanted = _scope(language, instrument_id, period_label).filter(kind__in=kinds)
        rows = _by_occurrences(wanted.filter(_substring_condition(substrings)), substrings)
        candidates = list(rows.values_list("pk", "score", "kind", "object_id", "language")[:wanted_rows])
    best = _one_per_object(candidates, display_language)[offset : offset + limit]
    texts = _shown([candidate[0] for candidate in best])
    titles = {}
    if display_language:
        others: dict[str, set[int]] = {}
        for pk, _score, kind, object_id, row_language in best:
            if row_language != display_language and pk in texts:
                others.setdefault(kind, set()).add(object_id)
        titles = index.titles(others, display_language)
    pattern, stems = compile_needles(plan.needles), frozenset(plan.stems)
    for pk, score, *_rest in best:
        row = texts.get(pk)
        if row is None:  # no longer public: the index is about to lose it
            continue
        results.hits.append(
            Hit(
                kind=row.kind,
                object_id=row.object_id,
                instrument_id=row.instrument_id,
                period_label=row.period_label,
                language=row.language,
                title=titles.get((row.kind, row.object_id), row.title),
                snippet_html=snippet(row.original, pattern, stems),
                url_hint=row.url_hint,
                score=float(score or 0.0),
            )
        )
    return results
