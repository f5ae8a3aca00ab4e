"""Turning text into search tokens, the same way for what is indexed and what is asked.

Chinese is written without spaces, so runs of Chinese characters are segmented with jieba; every
other script is split into words at anything that is not a letter or digit. Before that, text is
folded (compatibility forms, accents and case removed, character by character) so that `Ｕ`, `U`
and `u`, or `é` and `e`, are the same token. Tokens contain letters and digits only, which keeps
them identical under SQLite's unicode61 tokenizer and PostgreSQL's parser, and makes them safe to
quote in either engine's query syntax.

Indexing uses `jieba.cut_for_search`, which emits the sub-words of long words too (贫民窟 gives
贫民 and 贫民窟), so a shorter word in a query still finds the longer one in a text. Queries use
the precise `jieba.cut`: its words are what `cut_for_search` emits for the same text.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
import unicodedata
from pathlib import Path

import jieba
from django.conf import settings

# CJK Unified Ideographs, Extension A, compatibility ideographs and the supplementary planes.
CJK_CHARS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_HAS_CJK = re.compile(f"[{CJK_CHARS}]")
# A letter or digit; the underscore and punctuation separate words, as in both engines.
_WORD = re.compile(r"[^\W_]+")

_loaded = False
_load_lock = threading.Lock()


def _ensure_loaded() -> None:
    """Load jieba's bundled dictionary once per process, without its progress messages on
    stderr. jieba's own lazy loading would do it on first use too, but noisily and possibly
    in the middle of a request; calling this first keeps both under our control."""
    global _loaded
    if _loaded:
        return
    with _load_lock:
        if not _loaded:
            # jieba sets its logger to DEBUG on import, overriding the LOGGING setting.
            jieba.setLogLevel(logging.WARNING)
            # jieba caches its parsed dictionary (a marshal file) in the world-writable /tmp by
            # default; keep it in Restrack's own var/ directory instead.
            cache_dir = Path(settings.VAR_DIR) / "cache"
            cache_dir.mkdir(parents=True, exist_ok=True)
            jieba.dt.tmp_dir = str(cache_dir)
            jieba.initialize()
            _loaded = True


def load_when_serving(sender=None, **kwargs) -> None:
    """restrack.core.server_hooks.worker_started: each server worker loads the dictionary (about a
    second) as it starts, before its first request, instead of during its first search."""
    _ensure_loaded()


@functools.lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def fold(text: str) -> str:
    """`text` without case, accents or compatibility forms. Folding is done per character so
    that highlighting can map positions in the folded text back to the original."""
    return "".join(_fold_char(char) for char in text)


def fold_with_offsets(text: str) -> tuple[str, list[int]]:
    """The folded text and, for each of its characters, the index of the original character."""
    pieces, offsets = [], []
    for index, char in enumerate(text):
        folded = _fold_char(char)
        pieces.append(folded)
        offsets.extend([index] * len(folded))
    return "".join(pieces), offsets


def has_cjk(text: str) -> bool:
    return bool(_HAS_CJK.search(text))


def is_cjk_word(token: str) -> bool:
    return bool(_CJK_RUN.fullmatch(token))


def _tokens(text: str, cut) -> list[str]:
    result = []
    for word in _WORD.findall(fold(text)):
        if not has_cjk(word):
            result.append(word)
            continue
        position = 0
        for run in _CJK_RUN.finditer(word):
            if run.start() > position:  # letters or digits glued to Chinese: 2024年
                result.append(word[position : run.start()])
            result.extend(piece for piece in cut(run.group()) if piece.strip())
            position = run.end()
        if position < len(word):
            result.append(word[position:])
    return result


def index_tokens(text: str) -> list[str]:
    """Tokens to store for `text`, with Chinese sub-words."""
    _ensure_loaded()
    return _tokens(text, jieba.cut_for_search)


def query_tokens(text: str) -> list[str]:
    """Tokens of a query, Chinese cut into its most likely words."""
    _ensure_loaded()
    return _tokens(text, jieba.cut)


_PIECE = re.compile(r"\s+|[^\W_]+|.", re.DOTALL)


def words(text: str) -> list[str]:
    """`text` cut into words, spaces and punctuation, unfolded, so that the pieces join back into
    exactly `text`: what a word-level comparison of two versions needs, in any script."""
    _ensure_loaded()
    pieces = []
    for match in _PIECE.finditer(text):
        piece = match.group()
        if not has_cjk(piece):
            pieces.append(piece)
            continue
        position = 0
        for run in _CJK_RUN.finditer(piece):
            if run.start() > position:
                pieces.append(piece[position : run.start()])
            pieces.extend(jieba.cut(run.group(), HMM=True))
            position = run.end()
        if position < len(piece):
            pieces.append(piece[position:])
    return pieces
