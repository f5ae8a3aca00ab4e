"""The round trip: the imported 2024 report, written again as DOCX and PDF, reads back through
the report parser as the same 49 paragraphs, sections, footnotes, symbol and title."""

import re

import pytest

from restrack.edreport.compose import ReportOptions, compose_report
from restrack.edreport.render import render
from restrack.ingest.gazetteers import reference_gazetteer
from restrack.ingest.pipeline import parse_file
from restrack.reading.tests.seeds import REPORT_2020, REPORT_2024
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


def test_a_generated_report_without_a_symbol_reads_back_as_that_report(samples):
    """The 2020 report states no symbol: its regenerated DOCX is found to be the same report (the
    one the period's paragraphs came from), refused without --replace as another file of it, and
    with --replace recorded as its new version with no paragraph changed; importing it again does
    nothing."""
    from restrack.accounts.system_user import get_system_user
    from restrack.ingest.actions import import_report
    from restrack.reading.errors import IngestError
    from restrack.registry.models import Document

    period = ReportingPeriod.objects.get(label="2020-H1")
    data = render(compose_report(period, "zh"), "docx")
    parsed = parse_file(None, data=data, file_name="2020.docx", gazetteer=reference_gazetteer())
    assert parsed.symbol is None and len(parsed.paragraphs) == 15
    with pytest.raises(IngestError, match="different version of a report already imported"):
        import_report(parsed, acting_user=get_system_user())
    documents = Document.objects.count()
    summary = import_report(parsed, acting_user=get_system_user(), replace=True)
    assert (summary.entries_created, summary.entries_updated, summary.entries_deleted) == (0, 0, 0)
    assert Document.objects.count() == documents
    again = import_report(parsed, acting_user=get_system_user())
    assert again.document == "unchanged"


# The 2020 report: a chapter per instrument, its own titles, a list set out item by item in
# paragraph 1, no symbol; regenerated from the data in its own shape (issue 20).


@pytest.fixture(scope="module")
def imported_2020():
    return parse_file(REPORT_2020, gazetteer=reference_gazetteer())


@pytest.fixture(scope="module")
def regenerated_2020(_shared_samples, django_db_blocker):
    with django_db_blocker.unblock():
        report = compose_report(ReportingPeriod.objects.get(label="2020-H1"), "zh")
    return {
        name: parse_file(None, data=render(report, name), file_name=f"report.{name}", gazetteer=reference_gazetteer())
        for name in FORMATS
    }


def shape(parsed):
    """Each paragraph's number, section, whether its heading is a chapter's, the instrument's title
    as the heading gives it (the heading's first line alone would differ where a PDF wraps it) and
    the paragraph's lines, whitespace aside."""
    return [
        (
            p.number,
            p.section.reference or p.section.kind,
            p.section.chapter,
            comparable(p.section.title or ""),
            [comparable(line) for line in p.text.split("\n")],
        )
        for p in parsed.paragraphs
    ]


@pytest.mark.parametrize("name", FORMATS)
def test_the_2020_report_comes_back_in_its_own_shape(imported_2020, regenerated_2020, name):
    again = regenerated_2020[name]
    assert shape(again) == shape(imported_2020)
    assert len(shape(imported_2020)) == 15 and len(shape(imported_2020)[0][4]) == 6  # (a) to (e)
    assert all(chapter for _n, ref, chapter, _h, _t in shape(again) if ref != "intro")
    assert [(p.number, f.marker, comparable(f.text)) for p in again.paragraphs for f in p.footnotes] == [
        (p.number, f.marker, comparable(f.text)) for p in imported_2020.paragraphs for f in p.footnotes
    ]
    assert (again.symbol, again.agenda_symbol, again.title) == (None, "HSP/EB.2020/1", imported_2020.title)
    meeting, original = again.meeting, imported_2020.meeting
    assert (meeting.year, meeting.session, meeting.agenda_item, meeting.start, meeting.end, meeting.place) == (
        original.year,
        original.session,
        original.agenda_item,
        original.start,
        original.end,
        original.place,
    )
    assert comparable(meeting.agenda_title or "") == comparable(original.agenda_title or "")


@pytest.mark.parametrize("name", FORMATS)
def test_the_generated_2024_report_imports_again_as_the_same_report(samples, name):
    """HSP/EB.2024/20 written again from the data, as DOCX and as PDF, is found to be the report
    its paragraphs came from: refused without --replace as another file of it, and with --replace
    no paragraph, footnote or update changes."""
    from restrack.accounts.system_user import get_system_user
    from restrack.ingest.actions import import_report
    from restrack.reading.errors import IngestError
    from restrack.reporting.models import UpdateEntry

    period = ReportingPeriod.objects.get(label="2024-H2")
    before = sorted(UpdateEntry.objects.filter(update__period=period).values_list("pk", "text_zh_hans"))
    data = render(compose_report(period, "zh"), name)
    parsed = parse_file(None, data=data, file_name=f"2024.{name}", gazetteer=reference_gazetteer())
    assert parsed.symbol == "HSP/EB.2024/20" and len(parsed.paragraphs) == 49
    with pytest.raises(IngestError, match="different version of a report already imported"):
        import_report(parsed, acting_user=get_system_user())
    summary = import_report(parsed, acting_user=get_system_user(), replace=True)
    assert (summary.entries_created, summary.entries_updated, summary.entries_deleted) == (0, 0, 0)
    assert sorted(UpdateEntry.objects.filter(update__period=period).values_list("pk", "text_zh_hans")) == before
