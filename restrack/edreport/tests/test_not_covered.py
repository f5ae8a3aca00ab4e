"""The generated document names the Assembly instruments it does not cover (issue 20): an update
not yet approved, or none at all for the period; in the report's language, in HTML, DOCX and
the text read back, and the reader stops the numbered paragraphs there."""

import datetime
import io

import docx
import pytest

from restrack.edreport.compose import ReportOptions, compose_report
from restrack.edreport.render.docx import render_docx
from restrack.edreport.render.html import render_html
from restrack.edreport.wording import WORDINGS
from restrack.reading.parser import NOT_COVERED_RE
from restrack.registry.models import GoverningBody, Instrument
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory, UpdateEntryFactory


def a_period_with_one_update_waiting():
    period = ReportingPeriodFactory(label="2025-H1")
    for number, text in (("2/6", "Eight more cities joined."), ("2/7", "A needs assessment is under way.")):
        UpdateEntryFactory(
            update=ProgressUpdateFactory(
                period=period, instrument=Instrument.objects.get(kind="resolution", number=number)
            ),
            text_en=text,
        )
    UpdateEntryFactory(
        update=ProgressUpdateFactory(
            period=period,
            instrument=Instrument.objects.get(kind="resolution", number="1/4"),
            workflow_state=WorkflowState.SUBMITTED,
        ),
        text_en="Not yet approved.",
    )
    return period


@pytest.mark.django_db
def test_every_assembly_instrument_without_an_approved_update_is_named_with_why():
    period = a_period_with_one_update_waiting()
    report = compose_report(period, "en", ReportOptions(issued=datetime.date(2025, 4, 1)))
    lines = {item.name: item.line for item in report.not_covered}
    assert report.not_covered_heading == "Resolutions and decisions not covered by this report"
    assert lines["Resolution 1/4"].startswith("Resolution 1/4 (") and lines["Resolution 1/4"].endswith(
        "): update submitted, not yet approved."
    )
    assert "Resolution 2/6" not in lines and "Resolution 2/7" not in lines
    active = Instrument.objects.filter(body__code=GoverningBody.ASSEMBLY, is_active=True).count()
    assert len(lines) == active - 2
    assert all(line.endswith(("no update for 2025-H1.", "not yet approved.")) for line in lines.values())
    assert [item.name for item in report.not_covered][:2] == ["Resolution 1/1", "Resolution 1/2"]  # report order


@pytest.mark.django_db
def test_the_note_is_in_the_report_language_and_in_both_files():
    period = a_period_with_one_update_waiting()
    report = compose_report(period, "zh", ReportOptions(issued=datetime.date(2025, 4, 1), allow_missing=True))
    waiting = next(item for item in report.not_covered if item.name == "第 1/4 号决议")
    assert waiting.line.endswith("：更新已提交，尚未核准。")
    assert any(item.line.endswith("：2025-H1 报告期没有更新。") for item in report.not_covered)
    html = render_html(report)
    assert "本报告未涉及的决议和决定" in html and waiting.line in html
    document = docx.Document(io.BytesIO(render_docx(report)))
    texts = [paragraph.text for paragraph in document.paragraphs]
    assert "本报告未涉及的决议和决定" in texts and waiting.line in texts


def test_the_reader_knows_both_headings():
    for wording in WORDINGS.values():
        assert NOT_COVERED_RE.match(wording.not_covered_heading)


def test_a_report_covering_every_instrument_has_no_note(samples):
    # 2024-H2 covers every Assembly instrument but decision 1/3, which it does not report on.
    report = compose_report(ReportingPeriod.objects.get(label="2024-H2"), "zh")
    assert [item.name for item in report.not_covered] == ["第 1/3 号决定"]
    period = ReportingPeriod.objects.get(label="2024-H2")
    UpdateEntryFactory(
        update=ProgressUpdateFactory(period=period, instrument=Instrument.objects.get(kind="decision", number="1/3")),
        text_zh_hans="过渡安排已完成。",
    )
    report = compose_report(period, "zh")
    assert report.not_covered == [] and report.not_covered_heading == ""
    assert 'id="not-covered"' not in render_html(report)
