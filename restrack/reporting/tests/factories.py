import datetime

import factory

from restrack.core.partial_dates import DatePrecision
from restrack.core.tests.factories import RecordFactory
from restrack.registry.models import Instrument
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import Commitment, EntryFootnote, ProgressUpdate, ReportingPeriod, UpdateEntry
from restrack.reporting.periods import parse_period_label


class ReportingPeriodFactory(RecordFactory):
    class Meta:
        model = ReportingPeriod
        django_get_or_create = ["label"]

    label = "2024-H2"
    start_date = factory.LazyAttribute(lambda period: parse_period_label(period.label).start)
    end_date = factory.LazyAttribute(lambda period: parse_period_label(period.label).end)


class ProgressUpdateFactory(RecordFactory):
    """An approved update of a reference instrument (resolution 2/6 unless given)."""

    class Meta:
        model = ProgressUpdate

    instrument = factory.LazyFunction(lambda: Instrument.objects.get(kind="resolution", number="2/6"))
    period = factory.SubFactory(ReportingPeriodFactory)
    workflow_state = WorkflowState.APPROVED


class UpdateEntryFactory(RecordFactory):
    class Meta:
        model = UpdateEntry

    update = factory.SubFactory(ProgressUpdateFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_en = factory.Sequence(lambda n: f"UN-Habitat held workshop {n} with local governments.")


class EntryFootnoteFactory(RecordFactory):
    class Meta:
        model = EntryFootnote

    entry = factory.SubFactory(UpdateEntryFactory)
    position = factory.Sequence(lambda n: n + 1)
    text_en = "HSP/EB.2024/INF/15."


class CommitmentFactory(RecordFactory):
    """A pending commitment of resolution 2/6 unless given, due by the end of 2026."""

    class Meta:
        model = Commitment

    instrument = factory.LazyFunction(lambda: Instrument.objects.get(kind="resolution", number="2/6"))
    description_en = factory.Sequence(lambda n: f"UN-Habitat will hold meeting {n}.")
    due_date = datetime.date(2026, 12, 31)
    due_precision = DatePrecision.YEAR
