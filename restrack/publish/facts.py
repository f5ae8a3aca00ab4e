"""Dates and amounts a published paragraph states, read from its text when the page is shown so
that they always agree with the text (an edited paragraph never shows stale facts)."""

from __future__ import annotations

from functools import lru_cache

from django.utils.translation import get_language

from restrack.reading.extract import ExtractionContext, extract_facts
from restrack.reading.gazetteer import Gazetteer

LANGUAGE_FIELDS = (("zh", "text_zh_hans"), ("en", "text_en"))


@lru_cache(maxsize=1)
def _no_partners() -> Gazetteer:
    return Gazetteer([])  # partners come from the paragraph's stored links, not from its text


def entry_facts(entry, instrument, period) -> dict:
    """{"dates": [...], "amounts": [...]} of the paragraph, in the page's language when it has text."""
    preferred = "zh" if (get_language() or "").startswith("zh") else "en"
    ordered = sorted(LANGUAGE_FIELDS, key=lambda item: item[0] != preferred)
    for language, field in ordered:
        text = getattr(entry, field)
        if text:
            context = ExtractionContext(
                language=language,
                instrument=instrument.reference,
                report_year=period.end_date.year,
                gazetteer=_no_partners(),
            )
            facts = extract_facts(text, context)
            return {"dates": facts.dates, "amounts": facts.amounts}
    return {"dates": [], "amounts": []}
