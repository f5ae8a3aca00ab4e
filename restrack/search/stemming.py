"""English stemming of the index's words and of the query's, done in Python so that SQLite and
PostgreSQL hold and match the very same terms: `housing`, `houses` and `house` are all `hous`.

The stemmer is Snowball's English (Porter2) stemmer, from the `snowballstemmer` package (the
same algorithm as PostgreSQL's `english_stem`; FTS5's `porter` tokenizer is the older Porter
algorithm, which would give the two engines different results). It is applied to words of
Latin letters only, after folding (lower case, accents removed: restrack.core.segmentation.fold),
whatever the language of the row: a query does not say what language it is in, and what matters
is that a word is stemmed the same way when indexed and when asked for. Chinese words, the
character grams, digits and the scope terms are never stemmed. No word is dropped (no stop
words): `the` is still found as it was.
"""

from __future__ import annotations

import functools
import re
import threading

import snowballstemmer

_LATIN_WORD = re.compile(r"[a-z]{3,}")  # folded; shorter words (un, of) are left alone
_stemmer = threading.local()  # a Snowball stemmer keeps state while it works: one per thread


@functools.lru_cache(maxsize=65536)
def stem(token: str) -> str:
    """`token` (a folded word, as restrack.core.segmentation gives them) stemmed, if it is a
    word of Latin letters; unchanged otherwise."""
    if not _LATIN_WORD.fullmatch(token):
        return token
    stemmer = getattr(_stemmer, "english", None)
    if stemmer is None:
        stemmer = _stemmer.english = snowballstemmer.stemmer("english")
    return stemmer.stemWord(token)


def stem_text(tokens: str) -> str:
    """Space-joined tokens, each stemmed (what SearchEntry.tokens holds)."""
    return " ".join(stem(token) for token in tokens.split())
