"""The Sustainable Development Goals and targets and the New Urban Agenda a paragraph names
("Sustainable Development Goal 11", "targets 11.1 and 11.3", "可持续发展目标 11", "具体目标 11.1",
"the New Urban Agenda", "paragraph 31 of the New Urban Agenda", "《新城市议程》第 31 段"), as the codes
of the registry's reference list (SDG-11, SDG-11.1, NUA, NUA-25-42). Touches no database."""

from __future__ import annotations

import re

from restrack.reading.text import nfkc

# The New Urban Agenda's parts by their paragraph ranges (registry/reference/goals.json).
NUA_PARTS = [(1, 22), (25, 42), (43, 62), (63, 80), (85, 92), (93, 125), (126, 160), (161, 175)]

_TARGET = r"\d{1,2}\.(?:\d{1,2}|[a-c])"
_EN_TARGETS_RE = re.compile(rf"\btargets?\s+(?P<first>{_TARGET})(?P<more>(?:\s*(?:,|and|et|y)\s*{_TARGET})*)", re.I)
_EN_GOALS_RE = re.compile(
    r"\b(?:Sustainable\s+Development\s+Goals?|SDGs?|Goals?)\s+(?P<first>\d{1,2})(?![.\d])(?P<more>(?:\s*(?:,|and)\s*\d{1,2}(?![.\d]))*)",
    re.I,
)
_ZH_TARGETS_RE = re.compile(rf"具体目标\s*(?P<first>{_TARGET})(?P<more>(?:\s*[、和及]\s*{_TARGET})*)")
_ZH_GOALS_RE = re.compile(
    r"(?:可持续发展)?目标\s*(?P<first>\d{1,2})(?![.\d])(?P<more>(?:\s*[、和及]\s*\d{1,2}(?![.\d]))*)"
)
_NUA_RE = re.compile(
    r"New\s+Urban\s+Agenda|Nouveau\s+Programme\s+pour\s+les\s+villes|Nueva\s+Agenda\s+Urbana|新城市议程", re.I
)
_NUA_PARAGRAPH_RE = re.compile(
    r"paragraphs?\s+(?P<en>\d{1,3})\s+of\s+the\s+New\s+Urban\s+Agenda|新城市议程》?\s*第\s*(?P<zh>\d{1,3})\s*段", re.I
)


def goal_codes(text: str) -> list[str]:
    """The codes the text names, in the order it names them, each once."""
    plain = nfkc(text)
    found: list[str] = []
    for pattern in (_EN_TARGETS_RE, _ZH_TARGETS_RE):
        for match in pattern.finditer(plain):
            for target in [match["first"], *re.findall(_TARGET, match["more"] or "")]:
                found.append(f"SDG-{target}")
    for pattern in (_EN_GOALS_RE, _ZH_GOALS_RE):
        for match in pattern.finditer(plain):
            for goal in [match["first"], *re.findall(r"\d{1,2}", match["more"] or "")]:
                if 1 <= int(goal) <= 17:
                    found.append(f"SDG-{int(goal)}")
    for match in _NUA_PARAGRAPH_RE.finditer(plain):
        number = int(match["en"] or match["zh"])
        part = next((f"NUA-{low}-{high}" for low, high in NUA_PARTS if low <= number <= high), None)
        if part:
            found.append(part)
    if _NUA_RE.search(plain):
        found.append("NUA")
    return list(dict.fromkeys(found))


def goal_of(code: str) -> str:
    """The goal a target belongs to (SDG-11.1 → SDG-11); the code itself otherwise."""
    if code.startswith("SDG-") and "." in code:
        return code.split(".")[0]
    return code
