"""Word-level differences between two texts, for comparing versions of a paragraph. Chinese has
no spaces between words, so texts are cut into words by restrack.core.segmentation.words (jieba
for Chinese, letters and digits elsewhere): a changed word shows as one change in either script.

The pieces always add up: the kept and deleted pieces joined give the earlier text exactly, the
kept and inserted pieces the later text (spaces, punctuation and line breaks included)."""

from __future__ import annotations

from dataclasses import dataclass
from difflib import SequenceMatcher

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from restrack.core.segmentation import words

EQUAL, DELETED, INSERTED = "equal", "deleted", "inserted"


@dataclass(frozen=True)
class Piece:
    kind: str
    text: str


def _raw_pieces(before: str, after: str) -> list[Piece]:
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


def word_diff(before: str, after: str) -> list[Piece]:
    """The pieces that turn `before` into `after`: kept, deleted and inserted runs of words.

    A kept run of nothing but spaces between two changes is folded into them, so that a rewritten
    phrase reads as one deletion and one insertion ("<del>the quick</del><ins>a slow</ins> fox")
    rather than a word-by-word alternation. Within each change the deletion comes first."""
    pieces = _raw_pieces(before, after)
    result: list[Piece] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush():
        if deleted:
            result.append(Piece(DELETED, "".join(deleted)))
        if inserted:
            result.append(Piece(INSERTED, "".join(inserted)))
        deleted.clear()
        inserted.clear()

    for index, piece in enumerate(pieces):
        if piece.kind == DELETED:
            deleted.append(piece.text)
        elif piece.kind == INSERTED:
            inserted.append(piece.text)
        elif (
            (deleted or inserted)
            and not piece.text.strip()
            and index + 1 < len(pieces)
            and pieces[index + 1].kind != EQUAL
        ):
            # Present in both texts at this point: it belongs to both sides of the change.
            deleted.append(piece.text)
            inserted.append(piece.text)
        else:
            flush()
            result.append(piece)
    flush()
    return result


def diff_html(before: str, after: str, *, labelled: bool = False) -> SafeString:
    """The difference as HTML: deleted words in <del>, inserted in <ins>, the rest in <span>, all
    escaped. With `labelled`, each change starts with a visually hidden "deleted:" or "inserted:"
    (in the page's language) so that screen readers, which mostly ignore <del> and <ins>, say it."""
    tags = {EQUAL: "span", DELETED: "del", INSERTED: "ins"}
    labels = {DELETED: _("deleted:"), INSERTED: _("inserted:")} if labelled else {}
    language = get_language() or "en"
    parts = []
    for piece in word_diff(before, after):
        label = labels.get(piece.kind)
        if label:
            parts.append(
                format_html(
                    '<{0}><span class="visually-hidden" lang="{1}">{2} </span>{3}</{0}>',
                    tags[piece.kind],
                    language,
                    label,
                    piece.text,
                )
            )
        else:
            parts.append(format_html("<{0}>{1}</{0}>", tags[piece.kind], piece.text))
    return mark_safe("".join(parts))  # every part is built by format_html, which escapes the text


def changed(before: str, after: str) -> bool:
    return (before or "") != (after or "")
