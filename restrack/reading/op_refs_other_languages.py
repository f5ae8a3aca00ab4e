"""Operative paragraphs cited in French, Spanish, Russian and Arabic reports (issue 18, layout 10):
"paragraphe 4 de la résolution 2/6", "párrafo 4 (a) de la resolución 2/6", "пункта 4 резолюции
2/6", "الفقرة 4 من القرار 2/6", and a bare "paragraphe 4" that refers to the section's instrument.
The same shape as `extract`'s op_refs for Chinese and English: {"instrument", "paragraph", "text"}.
Kept apart from extract.py, which reads Chinese and English only."""

from __future__ import annotations

import re

# "4", "4 (a)", "4 a)" as UN texts print the sub-paragraph.
_NUMBER = r"(?P<paragraph>\d{1,3})(?:\s?\(?(?P<sub>[a-z])\))?"
_PARAGRAPH_WORDS = {
    "fr": r"paragraphes?",
    "es": r"párrafos?",
    "ru": r"пункт[а-я]*",
    "ar": r"(?:ب|و|ل)?(?:ال)?فقر(?:ة|ات)",
}
_INSTRUMENT_WORDS = {
    "fr": (r"(?:de\s+la\s+)?résolution", r"(?:de\s+la\s+)?décision"),
    "es": (r"(?:de\s+la\s+)?resolución", r"(?:de\s+la\s+)?decisión"),
    "ru": (r"резолюци[а-я]*", r"решени[а-я]*"),
    "ar": (r"(?:من\s+)?القرار", r"(?:من\s+)?المقرر"),
}
_PATTERNS = {
    language: re.compile(
        rf"(?<!\w){words}\s+{_NUMBER}(?:\s+(?:(?P<resolution>{resolution})|(?P<decision>{decision}))\s+"
        rf"(?P<number>\d{{1,2}}/\d{{1,3}}))?",
        re.I,
    )
    for language, words in _PARAGRAPH_WORDS.items()
    for resolution, decision in [_INSTRUMENT_WORDS[language]]
}


def find_op_refs(text: str, language: str, instrument: str | None) -> list[dict]:
    """The operative paragraphs `text` cites, in order, each once; a paragraph cited without an
    instrument belongs to `instrument` (the section's), or is left out when there is none."""
    pattern = _PATTERNS.get(language)
    if pattern is None:
        return []
    refs: dict[tuple[str, str], str] = {}
    for match in pattern.finditer(text):
        if match["number"]:
            owner = f"{'resolution' if match['resolution'] else 'decision'} {match['number']}"
        else:
            owner = instrument
        if owner is None:
            continue
        label = match["paragraph"] + (f"({match['sub']})" if match["sub"] else "")
        refs.setdefault((owner, label), match.group().strip())
    return [{"instrument": owner, "paragraph": label, "text": span} for (owner, label), span in refs.items()]
