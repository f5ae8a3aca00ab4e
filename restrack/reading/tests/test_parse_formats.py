"""The same report read from text, PDF and DOCX gives the same paragraphs and facts."""

import re

import pytest

from restrack.reading.tests.seeds import FIXTURES, REPORT_2020, REPORT_2024, parsed


def comparable(report):
    return [
        (
            p.number,
            p.section.reference or p.section.kind,
            re.sub(r"\s+", "", p.text),
            [(f.marker, f.urls, f.symbols) for f in p.footnotes],
            p.facts,
        )
        for p in report.paragraphs
    ]


@pytest.mark.parametrize(
    ("text_file", "other"),
    [
        (REPORT_2024, FIXTURES / "seed-2024.pdf"),
        (REPORT_2020, FIXTURES / "seed-2020.docx"),
    ],
    ids=["pdf", "docx"],
)
def test_the_same_report_in_another_format_parses_the_same(text_file, other):
    expected, found = parsed(text_file), parsed(other)
    assert comparable(found) == comparable(expected)
    assert (found.symbol, found.agenda_symbol, found.meeting, found.title) == (
        expected.symbol,
        expected.agenda_symbol,
        expected.meeting,
        expected.title,
    )
    assert found.source["format"] == other.suffix[1:]


def test_an_english_pdf():
    report = parsed(FIXTURES / "english-report.pdf")
    assert report.language == "en" and report.symbol == "HSP/EB.2024/20"
    assert [p.section.reference for p in report.paragraphs][1:] == ["resolution 1/1", "resolution 1/2"]
    assert all(p.text and "\n" not in p.text for p in report.paragraphs)
