"""Snippets with the matched words marked: about 80 characters of the original text around the
first match, HTML-escaped, matches wrapped in <mark>…</mark>.

Built here rather than with FTS5's snippet() so that SQLite and PostgreSQL show the same thing,
and on the original characters: Chinese has no word boundaries to find, and matching is done in
the folded text (case, accents and full-width forms removed, as in the index) mapped back to the
original positions, so `unicef` marks `UNICEF` and `ｕｎ` marks `ＵＮ`. English words are marked by
their stem too, as they are matched (a search for housing marks houses).
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from restrack.core.segmentation import CJK_CHARS, fold, fold_with_offsets
from restrack.search.stemming import stem

WIDTH = 80
ELLIPSIS = "…"
# A letter or digit of a script that separates words with spaces: what a whole-word needle may
# not touch. Chinese characters may: 与UNICEF合作 marks UNICEF.
_SPACED_WORD_CHAR = f"[^\\W_{CJK_CHARS}]"
_WHITESPACE = re.compile(r"\s")
_LATIN_WORD = re.compile(r"(?<![^\W_])[a-z]+(?![^\W_])")  # a whole word of Latin letters, folded


@dataclass(frozen=True)
class Needle:
    text: str
    whole_word: bool = False


def compile_needles(needles: Iterable[Needle]) -> re.Pattern | None:
    """One pattern for all needles (folded), longest first so that 联合国儿童基金会 is marked
    whole rather than as 联合国."""
    parts = []
    for needle in sorted(
        {Needle(fold(n.text), n.whole_word) for n in needles if n.text.strip()}, key=lambda n: (-len(n.text), n.text)
    ):
        pattern = re.escape(needle.text)
        if needle.whole_word:
            pattern = f"(?<!{_SPACED_WORD_CHAR}){pattern}(?!{_SPACED_WORD_CHAR})"
        parts.append(pattern)
    return re.compile("|".join(parts)) if parts else None


def _spans(text: str, pattern: re.Pattern | None, stems: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Where the pattern matches, and the words whose stem is one of `stems` (houses for a search
    for housing: restrack.search.stemming), as positions in the original text."""
    if pattern is None and not stems:
        return []
    folded, offsets = fold_with_offsets(text)
    found = []
    if pattern is not None:
        found += [match.span() for match in pattern.finditer(folded) if match.end() > match.start()]
    if stems:
        found += [match.span() for match in _LATIN_WORD.finditer(folded) if stem(match.group()) in stems]
    spans: list[tuple[int, int]] = []
    for folded_start, folded_end in sorted(found):
        start, end = offsets[folded_start], offsets[folded_end - 1] + 1
        if spans and start <= spans[-1][1]:  # 住房 right after 适当, or overlapping: one mark, not two
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    return spans


def _window(text: str, start: int, end: int) -> tuple[int, int]:
    """About WIDTH characters containing [start, end), a third of the context before it; in
    spaced scripts, not cutting a word in two when a space is near."""
    if len(text) <= WIDTH:
        return 0, len(text)
    left = max(0, start - max(0, WIDTH - (end - start)) // 3)
    right = min(len(text), max(left + WIDTH, end))
    left = max(0, min(left, right - WIDTH))
    if left > 0 and text[left - 1] != " ":
        space = text.find(" ", left, min(start, left + 15))
        if space != -1:
            left = space + 1
    if right < len(text) and text[right] != " ":
        space = text.rfind(" ", max(end, right - 15), right)
        if space != -1:
            right = space
    return left, right


def snippet(text: str, pattern: re.Pattern | None, stems: frozenset[str] = frozenset()) -> SafeString:
    """About WIDTH characters of `text` around its first match, escaped, the matches of `pattern`
    and the words whose stem is in `stems` marked."""
    text = _WHITESPACE.sub(" ", text)  # one for one, so positions stay valid
    spans = _spans(text, pattern, stems)
    left, right = _window(text, *(spans[0] if spans else (0, 0)))
    parts = [ELLIPSIS] if left > 0 else []
    position = left
    for start, end in spans:
        start, end = max(start, position), min(end, right)
        if start >= end:
            continue
        parts += [html.escape(text[position:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        position = end
    parts.append(html.escape(text[position:right]))
    if right < len(text):
        parts.append(ELLIPSIS)
    return mark_safe("".join(parts).strip())
