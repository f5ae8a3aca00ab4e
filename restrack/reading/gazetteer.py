"""Recognising partner organisations by name in report text, in Chinese and English.

A `Gazetteer` holds every surface form ("alias") of every partner and finds them in a paragraph
with a leftmost-longest scan, so that 联合国儿童基金会 wins over a shorter alias inside it and
联合国开发计划署 over 开发署.

Text and aliases go through the same `normalise` first: NFKC (full-width letters, digits and
brackets become ASCII), whitespace next to a CJK character dropped (Chinese has no word spaces,
and PDF extraction adds stray ones: "联合国 毒品和犯罪问题办公室", "地方 2030联盟"), and other
whitespace runs collapsed to one space. `NormalisedText` remembers where each character came
from, so matches are reported as they appear in the input. `restrack.reading.extract` uses the
same normalisation.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class NormalisedText:
    """A normalised copy of `source`; `offsets[i]` is the index in `source` of `text[i]`."""

    source: str
    text: str
    offsets: tuple[int, ...]

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The source span of the normalised span [start, end)."""
        if start >= end:
            position = self.offsets[start] if start < len(self.offsets) else len(self.source)
            return position, position
        return self.offsets[start], self.offsets[end - 1] + 1

    def original(self, start: int, end: int) -> str:
        """The source text behind the normalised span [start, end), as it appears in the input."""
        source_start, source_end = self.span(start, end)
        return self.source[source_start:source_end]


def is_wide(char: str) -> bool:
    """CJK ideographs, kana, hangul, CJK punctuation and full-width forms."""
    return unicodedata.east_asian_width(char) in ("W", "F")


@functools.lru_cache(maxsize=4096)
def _nfkc(char: str) -> str:
    return unicodedata.normalize("NFKC", char)


_SPACE_RUN_RE = re.compile(r"\s+")


def normalise(text: str) -> NormalisedText:
    """NFKC per character; whitespace dropped next to wide characters, else collapsed to " "."""
    mapped = text.translate(_NFKC_TABLE)
    if len(mapped) == len(text):  # every character normalises to one character (nearly all text)
        return _normalise_spaces(text, mapped)
    chars: list[str] = []
    offsets: list[int] = []
    index, length = 0, len(text)
    while index < length:
        char = text[index]
        if char.isspace():
            run_end = index
            while run_end < length and text[run_end].isspace():
                run_end += 1
            inside = 0 < index and run_end < length  # leading and trailing whitespace goes
            if inside and not (is_wide(text[index - 1]) or is_wide(text[run_end])):
                chars.append(" ")
                offsets.append(index)
            index = run_end
            continue
        for normalised_char in _nfkc(char):
            chars.append(normalised_char)
            offsets.append(index)
        index += 1
    return NormalisedText(text, "".join(chars), tuple(offsets))


class _NfkcTable(dict):
    """NFKC of each character, for str.translate: computed the first time a character is met."""

    def __missing__(self, code: int) -> str:
        value = self[code] = unicodedata.normalize("NFKC", chr(code))
        return value


_NFKC_TABLE = _NfkcTable()


def _normalise_spaces(source: str, mapped: str) -> NormalisedText:
    """`normalise` when each character of `source` normalises to one character (`mapped`): only
    whitespace changes the offsets, so the text is copied in slices between whitespace runs (the
    per-character loop cost more than the rest of reading a paragraph). Whitespace and width are
    judged on the source's characters, as the per-character loop does."""
    pieces: list[str] = []
    offsets: list[int] = []
    last, length = 0, len(source)
    for run in _SPACE_RUN_RE.finditer(source):
        start, end = run.span()
        pieces.append(mapped[last:start])
        offsets.extend(range(last, start))
        if 0 < start and end < length and not (is_wide(source[start - 1]) or is_wide(source[end])):
            pieces.append(" ")
            offsets.append(start)
        last = end
    pieces.append(mapped[last:])
    offsets.extend(range(last, length))
    return NormalisedText(source, "".join(pieces), tuple(offsets))


def _is_word_char(char: str) -> bool:
    """Latin letters and digits: the characters a Latin alias must not touch on either side."""
    return char.isascii() and char.isalnum()


@dataclass(frozen=True)
class _Alias:
    text: str  # normalised
    code: str
    bounded_left: bool  # starts with a Latin letter or digit, so needs a word boundary before it
    bounded_right: bool

    def matches_at(self, text: str, position: int) -> bool:
        if not text.startswith(self.text, position):
            return False
        if self.bounded_left and position > 0 and _is_word_char(text[position - 1]):
            return False
        end = position + len(self.text)
        return not (self.bounded_right and end < len(text) and _is_word_char(text[end]))


class Gazetteer:
    """Partner names in any language → partner codes.

    Matching is case-sensitive ("UNEP" is an acronym, "unep" is not) and Latin-script aliases
    match only as whole words; Chinese aliases match anywhere. When two partners share an alias,
    the first one given wins.
    """

    def __init__(self, aliases: Iterable[tuple[str, str, str]]):  # (text, language, code)
        by_text: dict[str, _Alias] = {}
        for text, _language, code in aliases:
            normalised = normalise(text or "").text
            if normalised and normalised not in by_text:
                by_text[normalised] = _Alias(
                    normalised, code, _is_word_char(normalised[0]), _is_word_char(normalised[-1])
                )
        # Aliases indexed by first character, longest first: the first that matches at a
        # position is the longest one there. A dict lookup per character keeps a paragraph scan
        # to a few hundred microseconds whatever the number of aliases.
        self._by_first_char: dict[str, list[_Alias]] = {}
        for alias in sorted(by_text.values(), key=lambda alias: -len(alias.text)):
            self._by_first_char.setdefault(alias.text[0], []).append(alias)
        self.codes = sorted({alias.code for alias in by_text.values()})
        # Positions where no alias starts are skipped by one regular-expression search.
        first_chars = "".join(re.escape(char) for char in sorted(self._by_first_char))
        self._first_char_re = re.compile(f"[{first_chars}]") if first_chars else None

    def __len__(self) -> int:
        return sum(len(aliases) for aliases in self._by_first_char.values())

    @classmethod
    def from_partner_records(cls, partners: Iterable[dict]) -> Gazetteer:
        """The gazetteer of partner records shaped as the registry's reference data
        (`{"code": ..., "name": {language: text}, "short_name": {...}, "aliases": {language: [...]}}`);
        a record flagged "is_self" (UN-Habitat itself, never anyone's partner) is left out."""
        aliases = []
        for partner in partners:
            if partner.get("is_self"):
                continue
            code = partner["code"]
            aliases.append((code, "en", code))
            for language, texts in partner.get("aliases", {}).items():
                aliases.extend((text, language, code) for text in texts)
            for field in ("name", "short_name"):
                names = partner.get(field, {})
                aliases.extend((text, language, code) for language, text in names.items())
        return cls(aliases)

    def find(self, text: str | NormalisedText) -> list[dict]:
        """The partners named in `text`, in order of first appearance, each code once:
        [{"code": "UNODC", "text": "联合国毒品和犯罪问题办公室"}]. "联合国儿童基金会（儿基会）" is
        one UNICEF, reported with the first (full) name. Given text already normalised (as
        extract_facts has it), it is not normalised again."""
        normalised = text if isinstance(text, NormalisedText) else normalise(text)
        found: dict[str, str] = {}
        for start, end, code in self._scan(normalised.text):
            found.setdefault(code, normalised.original(start, end))
        return [{"code": code, "text": span} for code, span in found.items()]

    def _scan(self, text: str) -> Iterable[tuple[int, int, str]]:
        """Leftmost-longest, non-overlapping matches as (start, end, code) in normalised text."""
        if self._first_char_re is None:
            return
        position = 0
        search = self._first_char_re.search
        while True:
            found = search(text, position)
            if found is None:
                return
            position = found.start()
            alias = self._longest_at(text, position)
            if alias is None:
                position += 1
                continue
            yield position, position + len(alias.text), alias.code
            position += len(alias.text)

    def _longest_at(self, text: str, position: int) -> _Alias | None:
        for alias in self._by_first_char.get(text[position], ()):
            if alias.matches_at(text, position):
                return alias
        return None
