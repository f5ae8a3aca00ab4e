"""The rules behind the layouts of issue 18, each on a few made-up lines: where they apply and,
as much, where they must not (a sentence that only looks like a paragraph start, a real hyphen)."""

from __future__ import annotations

import pytest

from restrack.reading.tests.seeds import parse_lines
from restrack.reading.text import join_hyphenated

HEAD = ["Made-up test lines", "", "Report of the Executive Director", ""]


def numbered(report):
    return [(p.number, p.section.reference or p.section.kind, p.text) for p in report.paragraphs]


def test_a_number_in_a_sentence_does_not_start_a_paragraph():
    report = parse_lines(
        [*HEAD, "I. Introduction", "1. The Board acted in line with paragraph 2. The next step follows."]
    )
    assert numbered(report) == [(1, "intro", "The Board acted in line with paragraph 2. The next step follows.")]


def test_a_chinese_heading_runs_into_its_first_paragraph():
    report = parse_lines(["导言 1. 本报告所述期间为 2024 年下半年。 2. 报告涉及两项决议。"])
    assert numbered(report) == [(1, "intro", "本报告所述期间为 2024 年下半年。"), (2, "intro", "报告涉及两项决议。")]


def test_a_lone_number_before_a_blank_line_joins_its_text():
    report = parse_lines([*HEAD, "I.", "Introduction", "1.", "", "The text of the first paragraph."])
    assert numbered(report) == [(1, "intro", "The text of the first paragraph.")]


@pytest.mark.parametrize(
    ("left", "right", "words", "joined"),
    [
        ("the implemen-", "tation", {"implementation"}, "the implementation"),
        ("consul-", "tations", set(), "consultations"),
        ("people-", "centred", set(), None),  # a usual first element of compounds
        ("well-", "being", {"well-being"}, None),
        ("multi-", "lateral", {"multilateral"}, "multilateral"),  # the document writes it whole
        ("UN-", "Habitat", set(), None),
        ("2020-", "2023", set(), None),
        ("trans\u2010", "formation", set(), "transformation"),
        ("partic\u00ad", "ipation", set(), "participation"),
        ("done -", "and", set(), None),
        ("see https://example.org/made-up-page-about-the-", "role-of-cities", set(), None),
    ],
)
def test_line_end_hyphens(left, right, words, joined):
    assert join_hyphenated(left, right, words) == joined


def test_a_session_block_is_not_the_title():
    report = parse_lines(
        [
            "United Nations HSP/EB.2025/20",
            "",
            "First session of 2025",
            "Nairobi, 6–8 May 2025",
            "",
            "Report of the Executive Director",
            "",
            "I. Introduction",
            "1. Text.",
        ]
    )
    assert report.title is None and report.meeting.year == 2025


def test_numbering_restarting_without_an_annex_is_not_taken():
    report = parse_lines([*HEAD, "I. Introduction", "1. First.", "2. Second.", "1. A list item, not a paragraph."])
    assert [p.number for p in report.paragraphs] == [1, 2]
    assert report.paragraphs[-1].text == "Second. 1. A list item, not a paragraph."


@pytest.mark.parametrize(
    ("language", "text", "refs"),
    [
        ("fr", "En application du paragraphe 4 de la résolution 2/6, dix villes.", [("resolution 2/6", "4")]),
        ("fr", "Conformément au paragraphe 7, le groupe s'est réuni.", [("resolution 2/7", "7")]),
        ("es", "De conformidad con el párrafo 4 (a) de la resolución 2/6.", [("resolution 2/6", "4(a)")]),
        ("ru", "Во исполнение пункта 4 решения 2/3 группа.", [("decision 2/3", "4")]),
        ("ar", "عملا بالفقرة 4 من القرار 2/6، أعدت عشر مدن.", [("resolution 2/6", "4")]),
    ],
)
def test_operative_paragraphs_cited_in_other_languages(language, text, refs):
    from restrack.reading.op_refs_other_languages import find_op_refs

    assert [(r["instrument"], r["paragraph"]) for r in find_op_refs(text, language, "resolution 2/7")] == refs


def test_a_list_set_out_item_by_item_keeps_a_line_per_item():
    report = parse_lines(
        [
            *HEAD,
            "I. Introduction",
            "1. The present report covers the following:",
            "(a) resolution 2/6, on localizing the",
            "Sustainable Development Goals;",
            "(b) resolution 2/7; and",
            "(c) resolution 2/8.",
            "2. Work continued under paragraph 4",
            "(a) of resolution 2/6 and paragraph 2",
            "(b) of resolution 2/7; three cities joined.",
        ]
    )
    assert numbered(report) == [
        (
            1,
            "intro",
            "The present report covers the following:\n(a) resolution 2/6, on localizing the Sustainable Development "
            "Goals;\n(b) resolution 2/7; and\n(c) resolution 2/8.",
        ),
        # "(a)" and "(b)" here are wrapped references, not a list: no line ends with a colon before them.
        (
            2,
            "intro",
            "Work continued under paragraph 4 (a) of resolution 2/6 and paragraph 2 (b) of resolution 2/7; "
            "three cities joined.",
        ),
    ]
