"""The implementation status a report's paragraphs on one instrument suggest, with the sentences
that justify it: a funding constraint stated means implementation constrained; work going on or
planned, or activities reported, under implementation; work said to be finished with nothing
going on, completed; nothing of the kind (or a statement that nothing was done), not started. Chinese and English (the other UN languages' reports are read as English
is: their cues are not known, so they propose nothing beyond "not started").

A proposal, not an assessment: the coordinator accepts or changes it in the cycle, and a status
proposed for an imported past report is shown as derived from the report text. Touches no database.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from restrack.reading.text import nfkc

CONSTRAINED = "constrained"
UNDER_IMPLEMENTATION = "under_implementation"
COMPLETED = "completed"
NOT_STARTED = "not_started"

EVIDENCE_SHOWN = 3  # sentences kept as the evidence of a proposal
EVIDENCE_CHARS = 400  # a sentence longer than this is cut (at a word where it can be)

# A sentence ends at a Chinese full stop, question or exclamation mark or semicolon, or at a Latin
# one followed by a space and what starts a sentence.
_SENTENCE_END_RE = re.compile(r"(?<=[。！？；])|(?<=[.!?;])\s+(?=[A-Z0-9(（“\"‘'])")

# A funding constraint: a word of money and a word of lack in the same sentence.
_MONEY_RE = re.compile(
    r"资金|供资|经费|资源|捐款|预算|\bfund(?:s|ed|ing)?\b|\bresources?\b|\bfinanc\w*|\bcontributions?\b|\bbudget\w*",
    re.IGNORECASE,
)
_LACK_RE = re.compile(
    r"限制|制约|有限|不足|缺乏|缺少|短缺|缺口|减少|没有|尚未|无法"
    r"|\bconstrain\w*|\blimit(?:ed|ation|ations)\b|\black(?:s|ing)?\b|\binsufficient\b|\bshortfalls?\b"
    r"|\bshortages?\b|\bunderfund\w*|\babsence\b|\bscarc\w*|\bgaps?\b|\breduc\w*"
    r"|\bnot (?:yet )?(?:been )?(?:provided|received|forthcoming|available|made available)\b",
    re.IGNORECASE,
)
# Work going on or planned.
_UNDER_WAY_RE = re.compile(
    r"正在|目前|继续|持续|仍在|进行中|逐步|延长|将于|将在|预计|计划于|拟于"
    r"|\b(?:is|are) (?:being|currently|now|still)\b|\bunder ?way\b|\bongoing\b|\bin progress\b"
    r"|\bcontinu(?:es|e|ing) to\b|\bextended\b|\bwill\b|\b(?:is|are) (?:planned|scheduled|expected)\b"
    r"|\b(?:is|are) (?:working|supporting|developing|preparing|assisting|implementing|collaborating"
    r"|partnering|exploring|providing|conducting|organizing|organising|engaging|finali[sz]ing)\b",
    re.IGNORECASE,
)
# Work said to be finished.
_FINISHED_RE = re.compile(
    r"已(?:经)?(?:圆满|顺利)?(?:完成|结束|竣工|办结)|现已结束|业已完成|顺利完成"
    r"|\b(?:has|have|had|was|were) (?:now )?(?:been )?(?:successfully )?(?:completed|concluded|finali[sz]ed"
    r"|accomplished|ended|closed)\b|\bcame to an end\b",
    re.IGNORECASE,
)
# Something done: a report of activities, even in the past tense, is work being implemented.
_ACTIVITY_RE = re.compile(
    r"组织|举办|举行|开展|签署|发出|启动|编写|开发|培训|合作|联系|支持|提供|制定|召开|发布|推出|设立|协助|参与"
    r"|实施|筹备|宣布|修订|核可|通过了|收到|评估|调动"
    r"|\b(?:organi[sz]ed|held|launched|signed|trained|developed|prepared|supported|convened|published|provided"
    r"|established|hosted|conducted|carried out|undert(?:ook|aken)|initiated|contributed|partnered|collaborated"
    r"|delivered|drafted|adopted|approved|revised|mobili[sz]ed|assisted|engaged|issued|produced)\b",
    re.IGNORECASE,
)
# "Under-funded resolutions" names a kind of resolution, it does not say this one lacks money.
_FUNDING_ADJECTIVE_RE = re.compile(
    r"资金不足的|供资不足的|\bunder-?funded (?:resolutions?|mandates?|instruments?|decisions?)\b", re.IGNORECASE
)
_NOT_STARTED_RE = re.compile(
    r"尚未(?:开始|启动|着手|开展)|没有开展|未能开展"
    r"|\bnot (?:yet )?(?:been )?(?:started|begun|commenced|initiated|launched)\b"
    r"|\bno (?:action|activities|activity|progress|work) (?:has|have) (?:yet )?been\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class StatusProposal:
    status: str
    evidence: tuple[str, ...]  # the sentences that justify it, in the report's order

    def as_dict(self) -> dict:
        return {"status": self.status, "evidence": list(self.evidence)}


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph as written, stripped (Chinese and Latin punctuation alike)."""
    return [part.strip() for part in _SENTENCE_END_RE.split(text or "") if part and part.strip()]


def propose(paragraphs: list[str]) -> StatusProposal:
    """The status `paragraphs` (a report's paragraphs on one instrument) suggest, and its evidence."""
    found: dict[str, list[str]] = {key: [] for key in (CONSTRAINED, NOT_STARTED, "under_way", COMPLETED, "done")}
    for paragraph in paragraphs:
        for sentence in sentences(paragraph):
            plain = nfkc(sentence)  # full-width letters and digits as ASCII, for the cues
            money = _FUNDING_ADJECTIVE_RE.sub("", plain)
            if _MONEY_RE.search(money) and _LACK_RE.search(money):
                found[CONSTRAINED].append(sentence)
            elif _NOT_STARTED_RE.search(plain):
                found[NOT_STARTED].append(sentence)
            elif _UNDER_WAY_RE.search(plain):
                found["under_way"].append(sentence)
            elif _FINISHED_RE.search(plain):
                found[COMPLETED].append(sentence)
            elif _ACTIVITY_RE.search(plain):
                found["done"].append(sentence)
    # A stated funding constraint decides; work going on outweighs a finished phase (a next one is
    # being prepared); work said to be finished outweighs activities reported in the past tense;
    # activities reported are work under implementation; "not started" is what is left, with its
    # sentences where the report says so.
    for key, status in (
        (CONSTRAINED, CONSTRAINED),
        ("under_way", UNDER_IMPLEMENTATION),
        (COMPLETED, COMPLETED),
        ("done", UNDER_IMPLEMENTATION),
        (NOT_STARTED, NOT_STARTED),
    ):
        if found[key]:
            return StatusProposal(status, tuple(_shortened(s) for s in found[key][:EVIDENCE_SHOWN]))
    return StatusProposal(NOT_STARTED, ())


def _shortened(sentence: str) -> str:
    if len(sentence) <= EVIDENCE_CHARS:
        return sentence
    cut = sentence[:EVIDENCE_CHARS]
    space = cut.rfind(" ")
    return (cut[:space] if space > EVIDENCE_CHARS // 2 else cut).rstrip() + "…"
