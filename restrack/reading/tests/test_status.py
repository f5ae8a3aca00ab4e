"""The status a report's paragraphs suggest, with its evidence (restrack.reading.status): the cues
in Chinese and English, their precedence, and the agreement with statuses assigned by hand, by a
reader who did not see this code, to the instruments the two sample reports report on
(data/status_labels.json). The made-up sentences below are written for these tests."""

import json
from pathlib import Path

import pytest

from restrack.reading.status import propose, sentences
from restrack.reading.tests.seeds import SAMPLES, parsed

LABELS = json.loads((Path(__file__).parent / "data" / "status_labels.json").read_text(encoding="utf-8"))["labels"]
AGREEMENT_FLOOR = 0.9  # of the hand labels the proposals must agree with


@pytest.mark.parametrize(
    ("paragraphs", "status", "evidence"),
    [
        (["人居署正在与伙伴合作编写指南。"], "under_implementation", ["人居署正在与伙伴合作编写指南。"]),
        (
            ["该项目第一阶段已于 2023 年完成。目前正在筹备第二阶段。"],
            "under_implementation",
            ["目前正在筹备第二阶段。"],
        ),
        (["该研究已经完成，报告已提交。"], "completed", ["该研究已经完成，报告已提交。"]),
        (
            ["人居署正在开展工作；然而，由于缺乏自愿捐款，进展有限。"],
            "constrained",
            ["然而，由于缺乏自愿捐款，进展有限。"],
        ),
        (
            ["The study has been completed. Its findings were published."],
            "completed",
            ["The study has been completed."],
        ),
        (
            ["UN-Habitat is working with cities. Progress is limited by a lack of funding."],
            "constrained",
            ["Progress is limited by a lack of funding."],
        ),
        (["No activities have yet been undertaken on the invented mandate."], "not_started", None),
        (["The Assembly took note of the report."], "not_started", []),
        ([], "not_started", []),
    ],
)
def test_cues_and_their_precedence(paragraphs, status, evidence):
    proposal = propose(paragraphs)
    assert proposal.status == status
    if evidence is not None:
        assert list(proposal.evidence) == evidence


def test_sentences_keep_their_own_punctuation():
    assert sentences("甲正在进行；乙已完成。Then one. And two") == [
        "甲正在进行；",
        "乙已完成。",
        "Then one.",
        "And two",
    ]


def test_funding_that_remains_important_is_not_a_constraint():
    assert propose(["为性别平等提供资金仍然至关重要，人居署正在调动资源。"]).status == "under_implementation"


def test_agreement_with_the_hand_labels_of_the_sample_reports():
    agreed, disagreements = 0, []
    for label in LABELS:
        report = parsed(SAMPLES / label["report"])
        paragraphs = [p.text for p in report.paragraphs if p.section.reference == label["instrument"]]
        assert paragraphs, f"{label['report']} has no section on {label['instrument']}"
        proposed = propose(paragraphs).status
        if proposed == label["status"]:
            agreed += 1
        else:
            disagreements.append((label["report"], label["instrument"], label["status"], proposed))
    share = agreed / len(LABELS)
    print(f"status agreement with the hand labels: {agreed}/{len(LABELS)} ({share:.0%}); differ: {disagreements}")
    assert share >= AGREEMENT_FLOOR, disagreements
