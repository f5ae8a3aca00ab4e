"""Scope terms: what a row is (its kind, language, period and instrument) as words of the
full-text document, so that a search with filters is one full-text match, and the matches per
kind are counted from the index's posting lists instead of by looking every matching row up.

A row's `SearchEntry.scope` holds its terms, space-joined:

    zzkindparagraph zzlangzhhans zzperiod2024h2 zzinstr7

They are indexed in a column of their own (the FTS5 table's `scope`; weight D of PostgreSQL's
`document`, where tokens are A and grams B), and a query's words are only ever matched in the
`tokens` and `grams` columns, so no text and no query can match a scope term: the terms are
unambiguous whatever a paragraph says, and filters are terms only code writes. Every term is
lower-case letters and digits, kept whole by both engines' tokenizers.

Public: the index holds public content only (report paragraphs while their update is published;
restrack.search.index), so being in the index is being public. Whatever changes a paragraph's
public state (publishing, correcting or unpublishing its update) rewrites its rows
(restrack.search.signals), and the hits a search shows are checked once more with the access
policy (restrack.search.query), so an index that fell behind never shows an unpublished paragraph.
"""

from __future__ import annotations

import re

PREFIX = "zz"
_NOT_ALNUM = re.compile(r"[^0-9a-z]")


def _term(name: str, value) -> str:
    return f"{PREFIX}{name}{_NOT_ALNUM.sub('', str(value).lower())}"


def kind_term(kind: str) -> str:
    return _term("kind", kind)  # operative_paragraph → zzkindoperativeparagraph


def language_term(language: str) -> str:
    return _term("lang", language)  # zh-hans → zzlangzhhans


def period_term(label: str) -> str:
    return _term("period", label)  # 2024-H2 → zzperiod2024h2


def instrument_term(instrument_id: int) -> str:
    return _term("instr", int(instrument_id))


def scope_text(kind: str, language: str, period_label: str = "", instrument_id: int | None = None) -> str:
    """What `SearchEntry.scope` holds for a row (SCOPE_SQL computes the same in the database)."""
    terms = [kind_term(kind), language_term(language)]
    if period_label:
        terms.append(period_term(period_label))
    if instrument_id is not None:
        terms.append(instrument_term(instrument_id))
    return " ".join(terms)


def filter_terms(language: str | None, period_label: str | None, instrument_id: int | None) -> list[str]:
    """The terms a row must all hold to be within the filters."""
    terms = []
    if language:
        terms.append(language_term(language))
    if period_label:
        terms.append(period_term(period_label))
    if instrument_id is not None:
        terms.append(instrument_term(instrument_id))
    return terms


# scope_text in SQL (SQLite and PostgreSQL), for migrations that fill the column in place. Kinds
# and languages hold letters, `_` and `-`; period labels letters, digits and `-`.
SCOPE_SQL = (
    "'zzkind' || replace(kind, '_', '') || ' zzlang' || replace(language, '-', '')"
    " || CASE WHEN period_label <> '' THEN ' zzperiod' || lower(replace(period_label, '-', '')) ELSE '' END"
    " || CASE WHEN instrument_id IS NULL THEN '' ELSE ' zzinstr' || CAST(instrument_id AS TEXT) END"
)
