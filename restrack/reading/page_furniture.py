"""What the pages of a UN document print around its text, and how to take it out of the lines a
reader extracted: the page header (the document's symbol alone on its line, with or without a page
number), bare page numbers at a page's edge, and the job number and bar code of the footer. Shared
by the report parser and the resolution reader."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from restrack.reading.text import nfkc

PAGE_BREAK = "\f"
SYMBOL_TEXT = r"[A-Z][A-Z0-9]{0,9}(?:/[A-Za-z0-9]+(?:[.\-][A-Za-z0-9]+)*)+"
SYMBOL_LINE_RE = re.compile(rf"^(?:\d{{1,3}}\s+)?(?P<symbol>{SYMBOL_TEXT})(?:\s+\d{{1,3}})?$")
PAGE_NUMBER_RE = re.compile(r"^\d{1,3}$")
# UN page furniture: the job number (GE.24-12345 (E) with print dates), the bar code
# (*2412345*) and the job number as printed under the bar code (2412345E), alone or together.
JOB_NUMBER_RE = re.compile(
    r"^(?:(?:[A-Z]{1,2}\.)?\d{2}-\d{5}(?:\s*\([A-Z]\))?(?:\s+\d{6}){0,2}(?:\s*\*\d{7,8}\*)?(?:\s+\d{7}[A-Z])?"
    r"|\*\d{7,8}\*(?:\s+\d{7}[A-Z])?|\d{7}[A-Z])$"
)
# A page's header, number or job number is a short line: longer lines are text.
MAX_FURNITURE_CHARS = 160


@dataclass
class Pages:
    lines: list[tuple[int, str]]  # (line number from 1, the line) of what is left
    header_symbols: dict[str, int] = field(default_factory=dict)  # symbol: how many headers print it


def without_page_furniture(raw_lines: list[str]) -> Pages:
    """The lines without page headers, page numbers and job numbers, and the symbols the headers
    print (the document's own, usually)."""
    numbered = list(enumerate(raw_lines, start=1))
    pages = Pages([])
    for index, (number, raw) in enumerate(numbered):
        if len(raw) > MAX_FURNITURE_CHARS:
            pages.lines.append((number, raw))
            continue
        text = nfkc(raw).strip()
        symbol_line = SYMBOL_LINE_RE.match(text)
        if symbol_line:
            symbol = symbol_line["symbol"]
            pages.header_symbols[symbol] = pages.header_symbols.get(symbol, 0) + 1
            continue
        if PAGE_NUMBER_RE.match(text) and _at_page_edge(numbered, index):
            continue
        if JOB_NUMBER_RE.match(text):
            continue
        pages.lines.append((number, raw))
    return pages


def _at_page_edge(numbered: list[tuple[int, str]], index: int) -> bool:
    """A bare number is a page number when, looking past blank lines and other bare numbers,
    a page break, a header symbol or the document's edge is its neighbour."""
    for step in (-1, 1):
        position = index + step
        while 0 <= position < len(numbered):
            raw = numbered[position][1]
            if raw == PAGE_BREAK:
                return True
            neighbour = nfkc(raw).strip()
            if neighbour and not PAGE_NUMBER_RE.match(neighbour):
                break
            position += step
        if not 0 <= position < len(numbered):
            return True
        if SYMBOL_LINE_RE.match(nfkc(numbered[position][1]).strip()):
            return True
    return False
