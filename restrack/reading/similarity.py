"""How alike two operative paragraphs are, for finding those that repeat or overlap others: each
paragraph's content as a set of terms (Chinese: character bigrams of its runs of Chinese; other
languages: its words and word pairs, without the words every paragraph has), a MinHash signature of
that set (whose agreement estimates the sets' Jaccard similarity), and the signature cut into
bands for locality-sensitive hashing, so that the database finds the paragraphs sharing a band (an
indexed lookup) instead of comparing every pair. Touches no database.

The opening formula ("Requests the Executive Director to", "邀请会员国") is the same in thousands of
paragraphs and says nothing of their subject: it is left out of the terms, which hold what the
paragraph asks for.
"""

from __future__ import annotations

import hashlib
import re

from restrack.reading.text import is_cjk, nfkc

PERMUTATIONS = 64
BANDS = 16  # of PERMUTATIONS // BANDS rows: paragraphs about half alike or more share a band
ROWS = PERMUTATIONS // BANDS
_PRIME = (1 << 61) - 1
_SEEDS = [
    (
        int.from_bytes(hashlib.blake2b(f"a{n}".encode(), digest_size=8).digest(), "big") % _PRIME or 1,
        int.from_bytes(hashlib.blake2b(f"b{n}".encode(), digest_size=8).digest(), "big") % _PRIME,
    )
    for n in range(PERMUTATIONS)
]
# Fewer terms than this say too little to compare (a paragraph of a few words).
MIN_TERMS = 4

_LATIN_WORD_RE = re.compile(r"[^\W\d_]{2,}")
_CJK_RUN_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]+")
# Words of the formula and of every sentence, in the Latin-script languages.
_COMMON = frozenset(
    """
    the of and to in on for with by at as an its their this that these those be is are was were has have
    which who from or not all also further other such within through into upon under including
    decides requests invites encourages urges calls welcomes takes note notes reaffirms recognizes emphasizes stresses
    approves authorizes expresses recommends executive director secretariat un-habitat habitat member states
    governments partners stakeholders assembly board present resolution decision continue ensure support
    un report reports reporting implementation session sessions regular first second third fourth fifth
    sixth seventh eighth ninth tenth
    le la les des du de et en au aux un une pour par sur dans avec son sa ses leurs qui que
    el los las del y con su sus por para una al
    """.split()
)
# The formulas that open Chinese paragraphs.
_ZH_COMMON = re.compile(
    r"^(?:又|还|并|也|再次|进一步)?(?:请|邀请|鼓励|敦促|吁请|欢迎|注意到|决定|重申|确认|认识到|强调|核可|授权|建议)"
    r"(?:执行主任|秘书处|人居署|会员国|各国政府|发展伙伴|伙伴|所有利益攸关方)?"
)


def terms(text: str) -> set[str]:
    """The terms of a paragraph's content (see the module's docstring)."""
    plain = nfkc(text).lower()
    found: set[str] = set()
    chinese = sum(1 for char in plain if is_cjk(char))
    if chinese > len(plain) / 4:
        plain = _ZH_COMMON.sub("", plain)
        for run in _CJK_RUN_RE.findall(plain):
            found.update(run[i : i + 2] for i in range(len(run) - 1))
        return found
    words = [word for word in _LATIN_WORD_RE.findall(plain) if word not in _COMMON]
    found.update(words)
    found.update(f"{a} {b}" for a, b in zip(words, words[1:], strict=False))
    return found


def _hash(term: str) -> int:
    return int.from_bytes(hashlib.blake2b(term.encode(), digest_size=8).digest(), "big")


def signature(found: set[str]) -> list[int] | None:
    """The MinHash signature of a set of terms; None when there are too few to compare."""
    if len(found) < MIN_TERMS:
        return None
    hashes = [_hash(term) for term in found]
    return [min((a * value + b) % _PRIME for value in hashes) for a, b in _SEEDS]


def bands(sig: list[int]) -> list[int]:
    """The signature's bands, each hashed with its band's number to one number (63 bits, for a
    database column): two paragraphs share a bucket only in the same band."""
    out = []
    for band in range(BANDS):
        chunk = f"{band}:" + ",".join(str(value) for value in sig[band * ROWS : (band + 1) * ROWS])
        out.append(int.from_bytes(hashlib.blake2b(chunk.encode(), digest_size=8).digest(), "big") >> 1)
    return out


def estimate(first: list[int], second: list[int]) -> float:
    """Estimated Jaccard similarity of the two sets whose signatures these are."""
    return sum(1 for a, b in zip(first, second, strict=True) if a == b) / PERMUTATIONS


def jaccard(first: set[str], second: set[str]) -> float:
    return len(first & second) / len(first | second) if first or second else 0.0
