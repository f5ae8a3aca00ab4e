"""The status an update's paragraphs suggest (restrack.reading.status), per language of their text:
the status is decided on every language's sentences together, and its evidence is kept per language
({"en": [...], "zh-hans": [...]}) so that each page shows it in its own language."""

from __future__ import annotations

from modeltranslation.utils import build_localized_fieldname

from restrack.core.translation_fields import language_codes
from restrack.reading import status as reading


def proposal(update) -> tuple[str, dict[str, list[str]]]:
    """(status, evidence by language) of `update`'s paragraphs as they are stored now."""
    columns = {code: build_localized_fieldname("text", code) for code in language_codes()}
    texts: dict[str, list[str]] = {code: [] for code in columns}
    for row in update.entries.order_by("position").values(*columns.values()):
        for code, column in columns.items():
            if row[column]:
                texts[code].append(row[column])
    every = [text for paragraphs in texts.values() for text in paragraphs]
    decided = reading.propose(every).status
    evidence = {}
    for code, paragraphs in texts.items():
        found = reading.propose(paragraphs)
        if paragraphs and found.status == decided and found.evidence:
            evidence[code] = list(found.evidence)
    return decided, evidence
