"""Small text helpers shared by the report parser and the extractor. Chinese and English go
through the same functions: nothing here assumes that spaces separate words."""

from __future__ import annotations

import re
import unicodedata

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
    if left[-1] == "-" and left[-2:-1].isalpha():
        return left + right
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
ROMAN = {
    "I": 1,
    "II": 2,
    "III": 3,
    "IV": 4,
    "V": 5,
    "VI": 6,
    "VII": 7,
    "VIII": 8,
    "IX": 9,
    "X": 10,
    "XI": 11,
    "XII": 12,
    "XIII": 13,
    "XIV": 14,
    "XV": 15,
}


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text)
