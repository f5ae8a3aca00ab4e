"""Where a resolution comes from: the instruments its preamble and operative paragraphs refer to
("Recalling its resolution 1/2", "回顾其第 1/2 号决议", "General Assembly resolution 71/256", "Executive
Board decision 2023/6"), with the body that adopted each and how the text relates to it (recalls,
reaffirms, supersedes, follows up, or only cites). Touches no database.

A reference names its body ("General Assembly resolution 71/256", "执行局第 2023/6 号决定"), or says
"its" / "其" (the body adopting the text), or names none; an Assembly's text writing "resolution
1/2" means its own. Numbers are read as the registry writes them (session/sequence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from restrack.reading.text import nfkc

RECALLS, REAFFIRMS, SUPERSEDES, FOLLOWS_UP, CITES = "recalls", "reaffirms", "supersedes", "follows_up", "cites"
# The bodies a reference may name. "own": the body adopting the text.
OWN, ASSEMBLY, BOARD, GENERAL_ASSEMBLY, ECOSOC, OTHER_BODY = (
    "own",
    "assembly",
    "executive-board",
    "general-assembly",
    "ecosoc",
    "other",
)

_EN_REFERENCE_RE = re.compile(
    r"(?P<before>(?:[\w'’-]+\s+){0,6}?)(?P<kind>resolutions?|decisions?|résolutions?|décisions?|resoluci(?:ón|ones)"
    r"|decisi(?:ón|ones)|резолюци\w*|решени\w*|قرار\w*|مقرر\w*)\s+(?:(?:n[o°º]|№)\s*)?(?P<number>\d{1,4}/\d{1,3}[A-Z]?)"
    r"(?P<more>(?:\s*(?:,|and|et|y)\s*\d{1,4}/\d{1,3}[A-Z]?)*)",
    re.I,
)
_ZH_REFERENCE_RE = re.compile(
    r"(?P<before>[^，。；,;]{0,24}?)第\s*(?P<number>\d{1,4}/\d{1,3}[A-Z]?)\s*(?P<more>(?:[、和及]\s*\d{1,4}/\d{1,3}\s*)*)号\s*(?P<kind>决议|决定)"
)
_BODY_WORDS = [
    (
        GENERAL_ASSEMBLY,
        re.compile(
            r"General\s+Assembly|Assemblée\s+générale|Asamblea\s+General|Генеральн\w+\s+Ассамбле\w+|联合国大会|(?<!人居)大会",
            re.I,
        ),
    ),
    (
        BOARD,
        re.compile(
            r"Executive\s+Board|Board|Conseil\s+exécutif|Junta\s+Ejecutiva|Исполнительн\w+\s+совет\w*|执行局", re.I
        ),
    ),
    (ECOSOC, re.compile(r"Economic\s+and\s+Social\s+Council|经济及社会理事会|经社理事会", re.I)),
    (ASSEMBLY, re.compile(r"(?:UN-Habitat|Habitat)\s+Assembly|人居大会", re.I)),
    (OTHER_BODY, re.compile(r"Council|Commission|Conference|理事会|委员会|会议", re.I)),
    (OWN, re.compile(r"\b(?:its|sa|ses|su|sus|свою|своей|своих|своего)\b|其", re.I)),
]
# The opening words that say how the paragraph relates to what it refers to.
_KINDS = [
    (SUPERSEDES, re.compile(r"supersed|replac|remplace|sustituy|заменя|取代|替代", re.I)),
    (REAFFIRMS, re.compile(r"^\W*(?:also\s+|further\s+)?(?:reaffirm|réaffirm|reafirm|вновь\s+подтвержд|重申)", re.I)),
    (
        RECALLS,
        re.compile(r"^\W*(?:also\s+|further\s+)?(?:recall|rappel|record|ссыла|напомина|又回顾|还回顾|回顾)", re.I),
    ),
    (
        FOLLOWS_UP,
        re.compile(r"follow[\s-]*up|implementation\s+of|pursuant|suite\s+donnée|seguimiento|执行|落实|后续", re.I),
    ),
]


DECISION_WORDS = ("decision", "décision", "decisi", "решени", "مقرر")


@dataclass(frozen=True)
class Reference:
    body: str  # OWN, ASSEMBLY, BOARD, GENERAL_ASSEMBLY, ECOSOC or OTHER_BODY
    kind: str  # "resolution" or "decision"
    number: str  # 1/2, 71/256, 2023/6
    relation: str  # RECALLS, REAFFIRMS, SUPERSEDES, FOLLOWS_UP or CITES
    text: str  # the words as the paragraph writes them


def references(paragraph: str) -> list[Reference]:
    """The instruments `paragraph` (a preambular or operative paragraph) refers to, in order, each
    once, with how the paragraph relates to it."""
    text = nfkc(paragraph)
    relation = _relation(text)
    found: list[Reference] = []
    for match in _EN_REFERENCE_RE.finditer(text):
        kind = "decision" if match["kind"].lower().startswith(DECISION_WORDS) else "resolution"
        body = _body(match["before"])
        for number in [match["number"], *re.findall(r"\d{1,4}/\d{1,3}[A-Z]?", match["more"] or "")]:
            found.append(Reference(body, kind, number, relation, match.group().strip()))
    for match in _ZH_REFERENCE_RE.finditer(text):
        kind = "decision" if match["kind"] == "决定" else "resolution"
        body = _body(match["before"])
        for number in [match["number"], *re.findall(r"\d{1,4}/\d{1,3}", match["more"] or "")]:
            found.append(Reference(body, kind, number, relation, match.group().strip()))
    unique = {}
    for reference in found:
        unique.setdefault((reference.body, reference.kind, reference.number), reference)
    return list(unique.values())


def _body(before: str) -> str:
    """The body named in the words just before the reference (the nearest one), else none (OWN)."""
    best, position = OWN, -1
    for body, pattern in _BODY_WORDS:
        for match in pattern.finditer(before):
            if match.start() > position:
                best, position = body, match.start()
    return best


def _relation(text: str) -> str:
    for relation, pattern in _KINDS:
        if pattern.search(text[:80] if relation in (REAFFIRMS, RECALLS) else text):
            return relation
    return CITES
