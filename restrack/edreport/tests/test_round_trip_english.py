"""The round trip in English (issue 20): a made-up English report is imported, written again from
the data as DOCX and PDF, and reads back as the same paragraphs, sections, footnotes, closing
chapter and masthead; importing the generated file again changes no paragraph. The report is
fictional."""

import re

import pytest

from restrack.accounts.system_user import get_system_user
from restrack.edreport.compose import compose_report
from restrack.edreport.render import render
from restrack.ingest.actions import import_report
from restrack.ingest.pipeline import parse_file
from restrack.reading.errors import IngestError
from restrack.reading.tests.seeds import gazetteer
from restrack.reporting.models import ReportingPeriod

pytestmark = pytest.mark.django_db

REPORT = """United Nations                                                    HSP/EB.2031/7
Executive Board of the
United Nations Human
Settlements Programme
Distr.: General
1 October 2031
Original: English

Second session of 2031
Nairobi, 10–12 November 2031
Item 5 of the provisional agenda*
Implementation of all resolutions adopted by the United Nations Habitat Assembly

Implementation of all resolutions adopted by the United Nations Habitat Assembly

Report of the Executive Director

I. Introduction
1. The present report, a made-up example, describes the progress made on two resolutions of the
Assembly in the second half of 2031.

* HSP/EB.2031/1.

II. Implementation of resolutions adopted by the United Nations Habitat Assembly at its first
session, in 2019
A. Resolution 1/2
United Nations system-wide guidelines on safer cities and human settlements
2. UN-Habitat prepared a toolkit on safer public spaces for twelve cities.1 The toolkit was
tested in three of them.
3. A second edition of the toolkit will be published by March 2032.
B. Resolution 1/5
Enhancing urban-rural linkages for sustainable urbanization and human settlements
4. Three pilot projects linked rural and urban markets in two countries, with funding from a
trust fund.

III. Action to be taken by the Executive Board
5. The Executive Board may wish to take note of the present report.

1 HSP/EB.2031/INF/3.
"""


def comparable(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def shape(parsed):
    return [
        (
            p.number,
            p.section.reference or p.section.kind,
            comparable(p.text),
            [(f.marker, comparable(f.text)) for f in p.footnotes],
        )
        for p in parsed.paragraphs
    ]


@pytest.fixture
def imported(tmp_path, _shared_samples):
    path = tmp_path / "HSP-EB.2031-7.txt"
    path.write_text(REPORT, encoding="utf-8")
    parsed = parse_file(path, gazetteer=gazetteer())
    import_report(parsed, acting_user=get_system_user())
    return parsed


@pytest.mark.parametrize("name", ["docx", "pdf"])
def test_an_english_report_comes_back_from_its_data(imported, name):
    period = ReportingPeriod.objects.get(label="2031-H2")
    report = compose_report(period, "en")
    again = parse_file(None, data=render(report, name), file_name=f"report.{name}", gazetteer=gazetteer())
    assert len(imported.paragraphs) == 5
    # The closing chapter is the period's, after the instruments' chapters, with its own title.
    assert period.closing_title_en == "Action to be taken by the Executive Board"
    assert period.closing_en == "The Executive Board may wish to take note of the present report."
    assert "Executive Board may wish" not in period.introduction_en
    assert report.chapters[-1].heading == "III. Action to be taken by the Executive Board"
    assert shape(again) == shape(imported)
    assert (again.symbol, again.agenda_symbol, again.title) == ("HSP/EB.2031/7", "HSP/EB.2031/1", imported.title)
    assert (again.meeting.year, again.meeting.session, again.meeting.agenda_item) == (2031, 2, "5")
    # Imported again: the same report, nothing to change (another file of it needs --replace).
    with pytest.raises(IngestError, match="different version of a report already imported"):
        import_report(again, acting_user=get_system_user())
    summary = import_report(again, acting_user=get_system_user(), replace=True)
    assert (summary.entries_created, summary.entries_updated, summary.entries_deleted) == (0, 0, 0)
