"""Numbers written as documents number things: 一、二、 (Chinese chapters), i, ii (roman),
a, b, ..., z, aa, bb (letters, as Word and UN documents continue past z)."""

from __future__ import annotations

CHINESE_DIGITS = "〇一二三四五六七八九"


def chinese_number(n: int) -> str:
    if n < 0 or n >= 10000:
        return str(n)
    if n < 10:
        return CHINESE_DIGITS[n]
    out = ""
    for value, unit in ((1000, "千"), (100, "百"), (10, "十")):
        digit, n = divmod(n, value)
        if digit:
            out += ("" if (unit == "十" and digit == 1 and not out) else CHINESE_DIGITS[digit]) + unit
        elif out and n:
            out += "" if out.endswith("〇") else "〇"
    if n:
        out += CHINESE_DIGITS[n]
    return out.replace("〇", "零")


def roman_numeral(n: int) -> str:
    if n <= 0 or n >= 4000:
        return str(n)
    out = ""
    for value, numeral in (
        (1000, "m"),
        (900, "cm"),
        (500, "d"),
        (400, "cd"),
        (100, "c"),
        (90, "xc"),
        (50, "l"),
        (40, "xl"),
        (10, "x"),
        (9, "ix"),
        (5, "v"),
        (4, "iv"),
        (1, "i"),
    ):
        while n >= value:
            out += numeral
            n -= value
    return out


def letter_sequence(n: int) -> str:
    """1 → a, 26 → z, 27 → aa, 28 → bb."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
