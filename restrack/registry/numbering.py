"""The numbering schemes of UN governing bodies: instrument numbers, operative paragraph numbers
and document symbols. Parsing normalises what people type (full-width digits, stray spaces) and
refuses anything ambiguous with a message that says what the right form is."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

INSTRUMENT_NUMBER_RE = re.compile(r"^(?P<prefix>\d{1,4})/(?P<sequence>\d{1,3})$")
# Level 1 is a number, level 2 a letter ((a) ... (z), then (aa), (bb) ...), level 3 a roman numeral.
PARAGRAPH_NUMBER_RE = re.compile(
    r"^(?P<number>\d{1,3})(?:\((?P<letter>[a-z]|([a-z])\3)\)(?:\((?P<roman>[ivxlc]+)\))?)?$"
)
ROMAN_RE = re.compile(r"^(?=[ivxlc]+$)(xc|xl|l?x{0,3})(ix|iv|v?i{0,3})$")
ROMAN_VALUES = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100}
SYMBOL_RE = re.compile(r"^[A-Z][A-Z0-9]*(?:[./-][A-Za-z0-9]+)*(?:/[A-Za-z0-9]+(?:[.-][A-Za-z0-9]+)*)+$")


def _squeeze(text: str) -> str:
    """NFKC (full-width digits and brackets become ASCII) and no whitespace at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@dataclass(frozen=True)
class InstrumentNumber:
    prefix: int  # the Assembly session, or the year of an Executive Board decision
    sequence: int

    def __str__(self) -> str:
        return f"{self.prefix}/{self.sequence}"


def parse_instrument_number(text: str) -> InstrumentNumber:
    value = _squeeze(text)
    match = INSTRUMENT_NUMBER_RE.match(value)
    if not match or int(match["prefix"]) == 0 or int(match["sequence"]) == 0:
        raise ValidationError(
            _(
                "%(value)r is not a valid instrument number: write <session>/<n> for the "
                "Assembly (for example 2/6) or <year>/<n> for the Executive Board (for example 2023/6)."
            ),
            code="invalid_instrument_number",
            params={"value": text},
        )
    return InstrumentNumber(int(match["prefix"]), int(match["sequence"]))


def roman_to_int(numeral: str) -> int:
    total = 0
    for current, following in zip(numeral, numeral[1:] + " "):
        value = ROMAN_VALUES[current]
        total += -value if following != " " and ROMAN_VALUES[following] > value else value
    return total


@dataclass(frozen=True)
class ParagraphNumber:
    number: int
    letter: str | None = None
    roman: str | None = None

    def __str__(self) -> str:
        text = str(self.number)
        if self.letter:
            text += f"({self.letter})"
        if self.roman:
            text += f"({self.roman})"
        return text

    @property
    def parent(self) -> ParagraphNumber | None:
        if self.roman:
            return ParagraphNumber(self.number, self.letter)
        if self.letter:
            return ParagraphNumber(self.number)
        return None

    @property
    def sort_key(self) -> int:
        """An integer that orders 4 < 4(a) < 4(a)(i) < 4(b) < 5."""
        letter_rank = 0
        if self.letter:
            letter_rank = (ord(self.letter[0]) - ord("a") + 1) + 26 * (len(self.letter) - 1)
        roman_rank = roman_to_int(self.roman) if self.roman else 0
        return self.number * 100_000 + letter_rank * 1_000 + roman_rank

    @property
    def akn_eid(self) -> str:
        """The Akoma Ntoso (AKN4UN) identifier: 8(a) is para_8__list_1__point_a."""
        eid = f"para_{self.number}"
        if self.letter:
            eid += f"__list_1__point_{self.letter}"
        if self.roman:
            eid += f"__list_1__point_{self.roman}"
        return eid


def parse_paragraph_number(text: str) -> ParagraphNumber:
    value = _squeeze(text).lower()
    match = PARAGRAPH_NUMBER_RE.match(value)
    roman = match["roman"] if match else None
    if not match or (roman and not ROMAN_RE.match(roman)) or int(match["number"]) == 0:
        raise ValidationError(
            _(
                "%(value)r is not a valid operative paragraph number: write a number, optionally "
                "followed by a letter and a roman numeral in brackets, for example 4, 4(a) or 4(a)(i)."
            ),
            code="invalid_paragraph_number",
            params={"value": text},
        )
    return ParagraphNumber(int(match["number"]), match["letter"], roman)


def normalize_symbol(text: str) -> str:
    """A UN document symbol in its canonical form (HSP/EB.2024/INF/15), or ValidationError."""
    value = _squeeze(text).upper()
    # Numbered parts keep their customary case: /Res.1, /Dec.3, /Add.1, /Rev.1, /Corr.1.
    value = re.sub(r"/(RES|DEC|ADD|REV|CORR|AMEND)\.", lambda m: "/" + m[1].capitalize() + ".", value)
    if not SYMBOL_RE.match(value):
        raise ValidationError(
            _(
                "%(value)r is not a valid UN document symbol: symbols are slash-separated and start "
                "with the body, for example HSP/EB.2024/20 or HSP/EB.2024/INF/15."
            ),
            code="invalid_symbol",
            params={"value": text},
        )
    return value
