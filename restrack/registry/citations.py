"""How instruments and their operative paragraphs are cited, in each language's own form.

UN editorial practice writes "resolution 2/6" and "paragraph 4 (a) of resolution 2/6" in
English, "第 2/6 号决议" and "第 2/6 号决议第 4 (a)段" in Chinese; the public tracker's short form
is "(OP3, 4)". Every page, export and generated report cites through these functions, so the
forms stay the same everywhere. `language` is a Django language code ("en", "zh-hans"); "zh"
is accepted for Chinese.
"""

from __future__ import annotations

from collections.abc import Iterable

from restrack.registry import numbering

CHINESE_KIND = {"resolution": "决议", "decision": "决定"}
# The Arabic documents of the Assembly cite "القرار 2/6" (the resolution) and "المقرر 1/3" (the decision).
ARABIC_KIND = {"resolution": "القرار", "decision": "المقرر"}


def _chinese(language: str | None) -> bool:
    return (language or "").lower().startswith("zh")


def paragraph_label(number: str) -> str:
    """ "4(a)(i)" as printed in running text: "4 (a) (i)"."""
    parsed = numbering.parse_paragraph_number(number)
    return " ".join(
        part
        for part in (str(parsed.number), parsed.letter and f"({parsed.letter})", parsed.roman and f"({parsed.roman})")
        if part
    )


def instrument_name(kind: str, number: str, language: str | None, *, sentence_start: bool = False) -> str:
    """ "第 2/6 号决议" / "القرار 2/6" / "resolution 2/6" ("Resolution 2/6" at the start of a sentence or
    heading)."""
    if _chinese(language):
        return f"第 {number} 号{CHINESE_KIND.get(kind, kind)}"
    if (language or "").lower().startswith("ar") and kind in ARABIC_KIND:
        return f"{ARABIC_KIND[kind]} {number}"
    return f"{kind.capitalize() if sentence_start else kind} {number}"


def name_of(instrument, language: str | None, *, sentence_start: bool = False) -> str:
    return instrument_name(instrument.kind, instrument.number, language, sentence_start=sentence_start)


def _enumerate(labels: list[str], language: str | None) -> str:
    if len(labels) == 1:
        return labels[0]
    conjunction = "和" if _chinese(language) else "and"
    separator = "、" if _chinese(language) else ", "
    return f"{separator.join(labels[:-1])} {conjunction} {labels[-1]}"


def paragraphs_of(instrument, numbers: Iterable[str], language: str | None) -> str:
    """ "第 2/6 号决议第 4 (a)段" / "paragraph 4 (a) of resolution 2/6"; several paragraphs:
    "第 2/1 号决议第 3 和 4 段" / "paragraphs 3 and 4 of resolution 2/1"."""
    labels = [paragraph_label(number) for number in _in_order(numbers)]
    if not labels:
        return name_of(instrument, language)
    listing = _enumerate(labels, language)
    if _chinese(language):
        # A space before 段 only when the list ends in a digit: "第 3 段", "第 4 (a)段".
        return f"{name_of(instrument, language)}第 {listing}{' ' if listing[-1].isdigit() else ''}段"
    noun = "paragraph" if len(labels) == 1 else "paragraphs"
    return f"{noun} {listing} of {name_of(instrument, language)}"


def pursuant_to(instrument, numbers: Iterable[str], language: str | None, *, sentence_start: bool = False) -> str:
    """ "根据第 2/6 号决议第 4 (a)段" / "pursuant to paragraph 4 (a) of resolution 2/6"."""
    if _chinese(language):
        return f"根据{paragraphs_of(instrument, numbers, language)}"
    return f"{'Pursuant' if sentence_start else 'pursuant'} to {paragraphs_of(instrument, numbers, language)}"


def short_form(numbers: Iterable[str]) -> str:
    """The public tracker's "(OP3, 4)" form, the same in every language."""
    labels = [paragraph_label(number).replace(" ", "") for number in _in_order(numbers)]
    return f"(OP{', '.join(labels)})" if labels else ""


def _in_order(numbers: Iterable[str]) -> list[str]:
    unique = {str(numbering.parse_paragraph_number(number)) for number in numbers}
    return sorted(unique, key=lambda number: numbering.parse_paragraph_number(number).sort_key)
