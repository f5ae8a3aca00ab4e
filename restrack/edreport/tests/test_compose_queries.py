"""Composing the report reads the database a fixed number of times, however many sessions,
instruments, paragraphs, footnotes, cited operative paragraphs and funding figures the period has:
a report of thousands of paragraphs costs the same queries as one of three."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from restrack.core.guard import writes_allowed
from restrack.edreport.compose import ReportOptions, compose_report
from restrack.funding.models import FundingRecord
from restrack.registry.models import OperativeParagraph, SessionPart
from restrack.registry.tests.factories import AssemblySessionFactory, InstrumentFactory
from restrack.reporting.choices import WorkflowState
from restrack.reporting.tests.factories import (
    EntryFootnoteFactory,
    ProgressUpdateFactory,
    ReportingPeriodFactory,
    UpdateEntryFactory,
)

pytestmark = pytest.mark.django_db
OPTIONS = ReportOptions(issued=datetime.date(2030, 6, 1), funding_annex=True, allow_missing=True)
_serial = itertools.count(1)


def _instrument_with_paragraphs(period, session, paragraphs: int):
    """An approved update of a new instrument of `session`: `paragraphs` paragraphs, each citing
    two operative paragraphs, every other one with a footnote; funding figures for the period."""
    instrument = InstrumentFactory(session=session)
    with writes_allowed():
        cited = [
            OperativeParagraph.objects.create(instrument=instrument, number=str(number), order=number)
            for number in (1, 2)
        ]
        FundingRecord.objects.create(instrument=instrument, period=period, requirements_usd=1000)
    update = ProgressUpdateFactory(period=period, instrument=instrument)
    for index in range(paragraphs):
        entry = UpdateEntryFactory(
            update=update,
            text_en=f"UN-Habitat held workshop {next(_serial)}.",
            text_zh_hans=f"人居署举办了第 {index + 1} 次讲习班。",
        )
        with writes_allowed():
            entry.operative_paragraphs.set(cited)
        if index % 2 == 0:
            EntryFootnoteFactory(entry=entry, text_en="HSP/EB.2030/INF/1.", text_zh_hans="HSP/EB.2030/INF/1。")
    return instrument


def _session(year: int):
    session = AssemblySessionFactory(year=year)
    with writes_allowed():
        SessionPart.objects.create(session=session, start_date=datetime.date(year + 1, 5, 1))
    return session


def _queries(period, language: str) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as captured:
        report = compose_report(period, language, OPTIONS)
    return len(captured), sum(1 for _paragraph in report.paragraphs())


@pytest.mark.parametrize("language", ["en", "zh"])
def test_composing_takes_the_same_queries_for_a_report_ten_times_as_long(language):
    period = ReportingPeriodFactory(label="2030-H1", introduction_en="Intro.", introduction_zh_hans="导言。")
    first = _session(2030)
    _instrument_with_paragraphs(period, first, 2)
    small, small_paragraphs = _queries(period, language)

    # More of everything: sessions (with resumed parts), instruments, paragraphs, footnotes,
    # cited operative paragraphs, funding figures, and an update left out (not approved).
    for session in (first, _session(2031), _session(2032)):
        for _ in range(3):
            _instrument_with_paragraphs(period, session, 4)
    ProgressUpdateFactory(
        period=period, instrument=InstrumentFactory(session=first), workflow_state=WorkflowState.SUBMITTED
    )
    large, large_paragraphs = _queries(period, language)

    assert large_paragraphs >= 10 * small_paragraphs - 1 > 20
    assert large == small
