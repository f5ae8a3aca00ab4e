"""Data for the API's scale tests: `grow(n)` adds n instruments, each with operative paragraphs,
a published and a draft update with paragraphs (operative paragraphs cited, partners, footnotes),
commitments, funding figures in both periods and a window allocation, set up directly (inside
restrack.core.guard.writes_allowed) so that tests can compare a small world with a larger one."""

from __future__ import annotations

import datetime
from decimal import Decimal

from restrack.core.guard import writes_allowed
from restrack.core.partial_dates import DatePrecision
from restrack.funding.models import FundingRecord, WindowAllocation, WindowContribution
from restrack.funding.window import the_window
from restrack.registry.models import OperativeParagraph
from restrack.registry.tests.factories import InstrumentFactory, PartnerFactory
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.models import Commitment, EntryFootnote, ProgressUpdate, UpdateEntry
from restrack.reporting.tests.factories import ReportingPeriodFactory

STATES = ((PeriodState.PUBLISHED, WorkflowState.PUBLISHED), (PeriodState.OPEN, WorkflowState.DRAFT))


def grow(n: int, *, year: int = 2024) -> None:
    """Add `n` instruments with everything the API lists about them, reported on in two periods of
    `year` (the first published, the second open with drafts)."""
    with writes_allowed():
        periods = [
            ReportingPeriodFactory(label=f"{year}-H{half}", state=state)
            for half, (state, _workflow) in enumerate(STATES, start=1)
        ]
        partners = [PartnerFactory() for _ in range(2)]
        window = the_window()
        for number in range(n):
            instrument = InstrumentFactory()
            top = OperativeParagraph.objects.create(instrument=instrument, number="1", order=100000, text_en="Requests")
            sub = OperativeParagraph.objects.create(
                instrument=instrument, number="1(a)", parent=top, order=100100, text_en="to report"
            )
            for period, (_state, workflow) in zip(periods, STATES, strict=True):
                update = ProgressUpdate.objects.create(instrument=instrument, period=period, workflow_state=workflow)
                for position in (1, 2):
                    entry = UpdateEntry.objects.create(
                        update=update, position=position, text_en=f"UN-Habitat held workshop {number}.{position}."
                    )
                    entry.operative_paragraphs.set([top, sub])
                    entry.partners.set(partners)
                    EntryFootnote.objects.create(entry=entry, position=1, text_en="HSP/EB.2024/INF/15.")
                    if position == 1:
                        Commitment.objects.create(
                            instrument=instrument,
                            description_en=f"UN-Habitat will hold meeting {number}.",
                            due_date=datetime.date(2020, 12, 31),
                            due_precision=DatePrecision.YEAR,
                            promised_in=entry,
                            delivered_in=entry if workflow == WorkflowState.DRAFT else None,
                        )
                FundingRecord.objects.create(
                    instrument=instrument,
                    period=period,
                    requirements_usd=Decimal("1000000.00") + number,
                    mobilized_core_usd=Decimal("250000.50"),
                    note="made-up",
                )
            WindowContribution.objects.create(
                window=window,
                donor=f"Donor {number}",
                received_on=datetime.date(2024, 1, 1),
                amount=100,
                amount_usd=100,
            )
            WindowAllocation.objects.create(
                window=window, instrument=instrument, allocated_on=datetime.date(2024, 2, 1), amount_usd=50
            )
