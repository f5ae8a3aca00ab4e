"""Right-to-left text out of PDFs. A PDF draws glyphs where they stand on the page, so pdfminer
gives an Arabic or Hebrew line in visual order: letters reversed, the paragraph number at the line's
end (`.2024 ماع ... .1`). The reader turns each such line back into the order it was written in
(logical order) with the Unicode bidirectional algorithm (python-bidi), which undoes its own
reordering for the lines of a report; numbers, symbols and Latin words inside the line keep their
own order. A lam-alef ligature is one glyph whose text is two letters in logical order: it is
reversed before the line is, so that it comes out right."""

from __future__ import annotations

import re
import unicodedata

_RTL_RE = re.compile(r"[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
# Arabic presentation forms (a PDF's fonts may map glyphs to them): their letters instead.
_PRESENTATION_RE = re.compile(r"[\ufb50-\ufdff\ufe70-\ufeff]+")
_STRONG_RTL = {"R", "AL"}


def has_right_to_left(text: str) -> bool:
    return _RTL_RE.search(text) is not None


def prepare_chars(chars: list[dict]) -> None:
    """Reverse, in place, the text of each glyph that stands for several right-to-left letters (a
    ligature), so that reversing the line gives them in the order they were written."""
    for char in chars:
        text = char["text"]
        if len(text) > 1 and has_right_to_left(text):
            char["text"] = text[::-1]


def visual_to_logical(line: str) -> str:
    """`line` in the order it was written, when it holds right-to-left letters; unchanged when not.
    The line's direction is that of most of its strong letters (an Arabic report's lines are
    right-to-left; an English sentence quoting one Arabic word is not)."""
    if not has_right_to_left(line):
        return line
    from bidi import get_display

    line = _PRESENTATION_RE.sub(lambda match: unicodedata.normalize("NFKC", match.group()), line)
    rtl = ltr = 0
    for char in line:
        kind = unicodedata.bidirectional(char)
        if kind in _STRONG_RTL:
            rtl += 1
        elif kind == "L":
            ltr += 1
    return get_display(line, base_dir="R" if rtl >= ltr else "L")
