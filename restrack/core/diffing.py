"""Word-level differences between two texts, for comparing versions of a paragraph. Chinese has
no spaces between words, so texts are cut into words by restrack.search.segmentation.words (jieba
for Chinese, letters and digits elsewhere): a changed word shows as one change in either script."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import format_html_join
from django.utils.safestring import SafeString

from restrack.search.segmentation import words

EQUAL, DELETED, INSERTED = "equal", "deleted", "inserted"


@dataclass(frozen=True)
class Piece:
    kind: str
    text: str


def word_diff(before: str, after: str) -> list[Piece]:
    """The pieces that turn `before` into `after`: kept, deleted and inserted runs of words."""
    old, new = words(before or ""), words(after or "")
    pieces = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(a=old, b=new, autojunk=False).get_opcodes():
        if tag == "equal":
            pieces.append(Piece(EQUAL, "".join(old[i1:i2])))
            continue
        if i2 > i1:
            pieces.append(Piece(DELETED, "".join(old[i1:i2])))
        if j2 > j1:
            pieces.append(Piece(INSERTED, "".join(new[j1:j2])))
    return pieces


def diff_html(before: str, after: str) -> SafeString:
    """The difference as HTML: deleted words in <del>, inserted in <ins>, the rest as text."""
    tags = {EQUAL: "span", DELETED: "del", INSERTED: "ins"}
    return format_html_join("", "<{0}>{1}</{0}>", ((tags[piece.kind], piece.text) for piece in word_diff(before, after)))


def changed(before: str, after: str) -> bool:
    return (before or "") != (after or "")
