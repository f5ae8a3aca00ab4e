"""The dates and amounts a paragraph states, read from its text when it is saved (restrack.reading
extracts them) and stored with it, so that pages show them without reading the text again and
they always agree with the text that was saved."""

from __future__ import annotations

from functools import cache

from restrack.reading.extract import ExtractionContext, extract_facts
from restrack.reading.gazetteer import Gazetteer

# The extraction's language names for the interface's language codes.
EXTRACTION_LANGUAGES = {"zh-hans": "zh", "en": "en"}


@cache
def _no_partners() -> Gazetteer:
    return Gazetteer([])  # partners are the paragraph's stored links, not read from its text here


def stated_facts(texts: dict[str, str | None], *, instrument: str | None, year: int | None) -> dict:
    """{language code: {"dates": [...], "amounts": [...]}} for each language `texts` has."""
    facts = {}
    for code, text in texts.items():
        if not text or code not in EXTRACTION_LANGUAGES:
            continue
        context = ExtractionContext(
            language=EXTRACTION_LANGUAGES[code], instrument=instrument, report_year=year, gazetteer=_no_partners()
        )
        found = extract_facts(text, context)
        facts[code] = {"dates": found.dates, "amounts": found.amounts}
    return facts


def facts_in(entry, language: str) -> dict:
    """The stored facts of `entry` in `language`, or in the first language that has them."""
    stored = entry.facts or {}
    for code in (language, *stored):
        if code in stored:
            return stored[code]
    return {"dates": [], "amounts": []}
