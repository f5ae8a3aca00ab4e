"""The round trip: the imported 2024 report, written again as DOCX and PDF, reads back through
the report parser as the same 49 paragraphs, sections, footnotes, symbol and title."""

import re

import pytest

from restrack.edreport.compose import ReportOptions, compose_report
from restrack.edreport.render import render
from restrack.ingest.gazetteers import reference_gazetteer
from restrack.ingest.pipeline import parse_file
from restrack.reading.tests.seeds import REPORT_2024
from restrack.reporting.models import ReportingPeriod

FORMATS = ["docx", "pdf"]
# Marked so that pytest-django sets up the test database, which the module's shared fixture uses.
pytestmark = pytest.mark.django_db


def comparable(text: str) -> str:
    """Whitespace aside: Chinese text has none between words, and line breaks differ by format."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def imported():
    return parse_file(REPORT_2024, gazetteer=reference_gazetteer())


@pytest.fixture(scope="module")
def regenerated(_shared_samples, django_db_blocker):
    """The Chinese report of 2024-H2, written once per format for the module."""
    with django_db_blocker.unblock():
        report = compose_report(ReportingPeriod.objects.get(label="2024-H2"), "zh", ReportOptions(agenda_item="6"))
    return {
        name: parse_file(None, data=render(report, name), file_name=f"report.{name}", gazetteer=reference_gazetteer())
        for name in FORMATS
    }


@pytest.mark.parametrize("name", FORMATS)
def test_the_49_paragraphs_come_back_numbered_1_to_49_with_the_imported_text(imported, regenerated, name):
    parsed = regenerated[name]
    assert [p.number for p in parsed.paragraphs] == list(range(1, 50))
    for original, again in zip(imported.paragraphs, parsed.paragraphs):
        assert comparable(again.text) == comparable(original.text), f"paragraph {original.number}"


@pytest.mark.parametrize("name", FORMATS)
def test_the_sections_come_back_in_the_same_order(imported, regenerated, name):
    def sections(parsed):
        return list(
            dict.fromkeys(
                (p.section.kind, p.section.number, comparable(p.section.title or "")) for p in parsed.paragraphs
            )
        )

    assert sections(regenerated[name]) == sections(imported)
    assert len(sections(imported)) == 16  # the introduction and 15 resolutions


@pytest.mark.parametrize("name", FORMATS)
def test_the_footnotes_come_back_on_their_paragraphs(imported, regenerated, name):
    def footnotes(parsed):
        return [(p.number, f.marker, comparable(f.text)) for p in parsed.paragraphs for f in p.footnotes]

    assert footnotes(regenerated[name]) == footnotes(imported)
    assert [number for number, _marker, _text in footnotes(imported)] == [11, 14, 47]


@pytest.mark.parametrize("name", FORMATS)
def test_the_masthead_comes_back(imported, regenerated, name):
    parsed = regenerated[name]
    assert (parsed.symbol, parsed.agenda_symbol, parsed.title) == ("HSP/EB.2024/20", "HSP/EB.2024/14", imported.title)
    assert (parsed.meeting.year, parsed.meeting.session, parsed.meeting.agenda_item) == (2024, 2, "6")
    assert parsed.meeting.agenda_title == imported.meeting.agenda_title
    assert parsed.warnings == []
