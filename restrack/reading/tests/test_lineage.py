"""References between instruments (restrack.reading.lineage): on the made-up corpus, whose authors
listed by hand the instruments each text cites, and on sentences of each kind in English and Chinese."""

import pytest

from restrack.reading.lineage import references
from restrack.reading.tests.resolutions.corpus import RESOLUTIONS


@pytest.mark.parametrize("doc", RESOLUTIONS, ids=lambda doc: doc.name)
def test_the_instruments_each_text_cites(doc):
    found = []
    for text in [*doc.preamble, *(text for _number, text in doc.paragraphs)]:
        for reference in references(text):
            if (reference.kind, reference.number) not in found:
                found.append((reference.kind, reference.number))
    assert found == [tuple(reference) for reference in doc.references]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Recalling its resolution 1/2 of 31 May 2019 on safer cities,", [("own", "resolution", "1/2", "recalls")]),
        (
            "Reaffirming General Assembly resolution 71/256 of 23 December 2016 and its resolutions 1/3 and 1/5,",
            [
                ("general-assembly", "resolution", "71/256", "reaffirms"),
                ("own", "resolution", "1/3", "reaffirms"),
                ("own", "resolution", "1/5", "reaffirms"),
            ],
        ),
        ("Taking note of Executive Board decision 2023/6,", [("executive-board", "decision", "2023/6", "cites")]),
        ("回顾其 2019 年 5 月 31 日第 1/2 号决议，", [("own", "resolution", "1/2", "recalls")]),
        (
            "重申联合国大会 2016 年 12 月 23 日第 71/256 号决议和执行局第 2023/6 号决定，",
            [
                ("general-assembly", "resolution", "71/256", "reaffirms"),
                ("executive-board", "decision", "2023/6", "reaffirms"),
            ],
        ),
        ("又回顾人居大会第 1/3 号决议，", [("assembly", "resolution", "1/3", "recalls")]),
        (
            "Decides that the present resolution supersedes resolution 1/4;",
            [("own", "resolution", "1/4", "supersedes")],
        ),
        (
            "Requests the Executive Director to report on the implementation of resolution 2/10;",
            [("own", "resolution", "2/10", "follows_up")],
        ),
        ("Noting the work done since 2019 and the 2030 Agenda,", []),
    ],
)
def test_bodies_and_relations(text, expected):
    assert [(r.body, r.kind, r.number, r.relation) for r in references(text)] == expected
