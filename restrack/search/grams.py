"""Character grams: what lets the full-text engines find any run of Chinese characters (住房, 窟,
民窟) without reading the text of every row.

Chinese has no spaces, and jieba's words do not hold every substring (民窟 is no word of 贫民窟), so
besides the words (`SearchEntry.tokens`) every row stores `SearchEntry.grams`: for each run of
Chinese characters of its folded text, the run's character bigrams in order, then the run's last
character alone:

    适当住房，人人       →  适当 当住 住房 房 人人 人

A query is turned into terms of the same kind (`query_terms`):

- a run of two or more characters is the phrase of its bigrams (住房 → "住房"; 适当住房 → "适当 当住
  住房", consecutive), so that 住 … 房 far apart never matches 住房;
- a single character is a prefix: the bigrams that start with it, or a run's last character
  (窟 → "窟"*; the engines keep a one-character prefix index for this);
- letters and digits next to Chinese (UN人居署, 2030年) are matched as words of `tokens` (stemmed,
  as the index's words are: restrack.search.stemming).

The run's last character ends each run's phrase, so that a phrase never runs on from one run into
the next (住房，人人 does not hold the bigram sequence 房人). Every term holds letters and digits only,
like the tokens, so both engines' tokenizers keep it whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from restrack.core.segmentation import CJK_CHARS, fold
from restrack.search.stemming import stem

_CJK_RUN = re.compile(f"[{CJK_CHARS}]+")
_WORD = re.compile(r"[^\W_]+")  # as restrack.core.segmentation: letters and digits

TOKENS, GRAMS = "tokens", "grams"  # the two indexed columns of SearchEntry


@dataclass(frozen=True)
class Term:
    """What a row must hold: consecutive terms (one or more) in one column; with `prefix`, a
    single term that starts with `texts[0]`."""

    column: str
    texts: tuple[str, ...]
    prefix: bool = False


def run_grams(run: str) -> list[str]:
    """The grams of one run of Chinese characters: its bigrams, then its last character."""
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def _runs(folded: str) -> list[str]:
    return _CJK_RUN.findall(folded)


def document_grams(text: str) -> str:
    """What `SearchEntry.grams` holds for `text`: its grams, space-joined ("" without Chinese)."""
    folded = fold(text)
    return " ".join(gram for run in _runs(folded) for gram in run_grams(run))


def query_terms(phrase: str) -> list[Term]:
    """The terms a row must all hold to contain `phrase` (a query's phrase that has Chinese in it):
    its runs of Chinese characters as gram phrases or prefixes, its other words as tokens."""
    terms: list[Term] = []
    for word in _WORD.findall(fold(phrase)):
        position = 0
        for run in _CJK_RUN.finditer(word):
            if run.start() > position:
                terms.append(Term(TOKENS, (stem(word[position : run.start()]),)))
            text = run.group()
            if len(text) == 1:
                terms.append(Term(GRAMS, (text,), prefix=True))
            else:
                terms.append(Term(GRAMS, tuple(text[i : i + 2] for i in range(len(text) - 1))))
            position = run.end()
        if position < len(word):
            terms.append(Term(TOKENS, (stem(word[position:]),)))
    return list(dict.fromkeys(terms))


def word_terms(tokens: list[str], *, prefix: bool = False) -> list[Term]:
    """Words of `tokens` as terms, stemmed as the index's words are (restrack.search.stemming);
    with `prefix`, each may be the start of a longer word."""
    return list(dict.fromkeys(Term(TOKENS, (stem(token),), prefix=prefix) for token in tokens))
