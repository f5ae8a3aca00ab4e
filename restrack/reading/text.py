"""Small text helpers shared by the report parser and the extractor. Chinese and English go
through the same functions: nothing here assumes that spaces separate words."""

from __future__ import annotations

import re
import unicodedata

from restrack.reading.numerals import roman_numeral

# CJK ideographs plus the full-width punctuation Chinese text uses.
CJK_CHAR = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef“”‘’《》—…"
CJK_RE = re.compile(f"[{CJK_CHAR}]")
CHINESE_NUMERALS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def is_cjk(char: str) -> bool:
    return bool(char) and bool(CJK_RE.match(char))


def join_lines(left: str, right: str) -> str:
    """Join two pieces of one sentence that a line break separated: no space where either side is
    Chinese, one space between Latin words (a line ending in a hyphen keeps it and gets none)."""
    left, right = left.rstrip(), right.lstrip()
    if not left:
        return right
    if not right:
        return left
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return left + right
    if left[-1] == "-" and (left[-2:-1].isalpha() or (left[-2:-1].isdigit() and right[0].isdigit())):
        return left + right  # a word or a range ("2020-" / "2023") broken at its hyphen
    if left[-1] == "/" and right[0].isalnum():  # a URL or symbol broken after a slash
        return left + right
    return f"{left} {right}"


def squeeze_spaces(text: str) -> str:
    return re.sub(r"[ \t\u00a0\u3000]+", " ", text).strip()


def chinese_numeral(text: str) -> int | None:
    """一 → 1, 十二 → 12, 二十 → 20; None for anything else."""
    if not text or any(char not in CHINESE_NUMERALS for char in text):
        return None
    if text == "十":
        return 10
    if "十" in text:
        tens, _, units = text.partition("十")
        return (CHINESE_NUMERALS[tens] if tens else 1) * 10 + (CHINESE_NUMERALS[units] if units else 0)
    if len(text) == 1:
        return CHINESE_NUMERALS[text]
    return None


ENGLISH_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}
# Chapter numerals: a report with a chapter per instrument (the 2020 layout) runs past XV.
ROMAN = {roman_numeral(n).upper(): n for n in range(1, 90)}


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)


# Line-end hyphens that only break a word: the soft hyphen and U+2010 as PDFs write them.
BREAK_HYPHENS = ("\u00ad", "\u2010")
HYPHENS = ("-", *BREAK_HYPHENS)
# First elements of English compounds that keep their hyphen when a line ends after it
# ("people-" / "centred") and the document does not say otherwise.
COMPOUND_FIRST_WORDS = frozenset(
    "people well self non co multi cross long short small medium large low middle high gender climate city "
    "nature evidence community human data region sector cost area context peri post pre inter sub ex vice "
    "follow open full part mid one two three four five ten first second third country state level".split()
)
_LAST_WORD_RE = re.compile(r"([^\W\d_]+)$")
_FIRST_WORD_RE = re.compile(r"^([^\W\d_]+)")
WORD_RE = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


def join_hyphenated(left: str, right: str, lexicon: frozenset[str] | set[str] = frozenset()) -> str | None:
    """`left` + `right` when a line ending in a hyphen broke one word ("implemen-" / "tation"), or
    None when the hyphen is not a line-end break to undo. A soft hyphen or U+2010 always is; an
    ASCII hyphen is when a lowercase word follows, unless the document writes the compound with its
    hyphen ("people-centred") or its first part is a usual first element of compounds; a word the
    document writes whole ("implementation") settles it the other way. Words are compared in
    lowercase; `lexicon` holds the document's words (hyphenated compounds included)."""
    if not left or left[-1] not in HYPHENS:
        return None
    token = left.rsplit(None, 1)[-1]
    if "/" in token or "@" in token:
        return None  # a link or address broken at one of its hyphens keeps it
    before, after = _LAST_WORD_RE.search(left[:-1]), _FIRST_WORD_RE.match(right)
    if before is None or after is None:
        return None
    if left[-1] in BREAK_HYPHENS:
        return left[:-1] + right
    if not right[0].islower():
        return None  # "UN-" / "Habitat"
    first, second = before.group(1).lower(), after.group(1).lower()
    if f"{first}-{second}" in lexicon:
        return None
    if f"{first}{second}" in lexicon or first not in COMPOUND_FIRST_WORDS:
        return left[:-1] + right
    return None


def lexicon(lines) -> set[str]:
    """The lowercase words (and hyphenated compounds) of a document's lines."""
    words: set[str] = set()
    for line in lines:
        words.update(word.lower() for word in WORD_RE.findall(line))
    return words
