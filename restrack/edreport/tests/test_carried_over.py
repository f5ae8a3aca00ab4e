"""Text carried over from an earlier period and not confirmed by the focal point (issue 20): the
coordinator's preview (the screen version) highlights it and the notices number it; the print
version and DOCX carry no mark."""

import datetime
import io

import docx
import pytest

from restrack.edreport.compose import ReportOptions, compose_report
from restrack.edreport.render.docx import render_docx
from restrack.edreport.render.html import render_html
from restrack.registry.models import Instrument
from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory, UpdateEntryFactory


@pytest.fixture
def report():
    period = ReportingPeriodFactory(label="2025-H1", introduction_en="This report covers 2025.")
    update = ProgressUpdateFactory(period=period, instrument=Instrument.objects.get(kind="resolution", number="2/6"))
    UpdateEntryFactory(update=update, position=1, text_en="Written this period.")
    UpdateEntryFactory(update=update, position=2, text_en="Due to open by the end of 2024.", carried_over=True)
    return compose_report(period, "en", ReportOptions(issued=datetime.date(2025, 4, 1)))


@pytest.mark.django_db
def test_the_preview_highlights_carried_over_text_and_the_notices_number_it(report):
    carried = [paragraph.number for paragraph in report.paragraphs() if paragraph.carried_over]
    assert carried == [3]  # 1: the introduction, 2: written this period
    assert any("carried over" in notice and "(3)" in notice for notice in report.notices)
    screen = render_html(report)
    assert screen.count("data-carried-over") == 1
    assert '<p class="para carried" id="para-3"' in screen
    assert "[Carried over, not confirmed]" in screen


@pytest.mark.django_db
def test_print_and_docx_carry_no_mark(report):
    assert "Carried over" not in render_html(report, for_print=True)
    texts = [paragraph.text for paragraph in docx.Document(io.BytesIO(render_docx(report))).paragraphs]
    assert not any("Carried over" in text for text in texts)
    assert any("Due to open by the end of 2024." in text for text in texts)
