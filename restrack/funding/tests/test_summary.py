"""The funding summary (FundingSummaryRow) always equals a recomputation from the records: after
each action that writes figures (one instrument, a sheet, a sheet refused, a dry run), after an
instrument moves to another session or kind, and whatever the periods' states; its totals equal
summarize() of the public records to the cent; the rebuild and its command rewrite it."""

from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from restrack.accounts import policy
from restrack.accounts.tests.factories import UserFactory
from restrack.core.guard import writes_allowed
from restrack.funding import aggregates
from restrack.funding.actions import (
    FundingRow,
    FundingSheetError,
    rebuild_funding_summary,
    record_funding,
    record_funding_sheet,
)
from restrack.funding.figures import FundingFigures, summarize
from restrack.funding.models import AMOUNT_FIELDS, FundingRecord, FundingSummaryRow
from restrack.registry import actions as registry_actions
from restrack.registry.models import Instrument
from restrack.registry.tests.factories import AssemblySessionFactory, InstrumentFactory
from restrack.reporting.choices import PeriodState
from restrack.reporting.models import ReportingPeriod
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

VALUES = ("period_id", "body_id", "session_id", "kind", "band", "records", *aggregates.SUMMARY_COLUMNS.values())


def stored() -> list[tuple]:
    return sorted(FundingSummaryRow.objects.values_list(*VALUES), key=repr)


def recomputed() -> list[tuple]:
    rows = aggregates.summary_rows(FundingRecord.objects.all())
    return sorted((tuple(getattr(row, name) for name in VALUES) for row in rows), key=repr)


def assert_current():
    """The summary equals a recomputation, and its public totals per period equal summarize()."""
    assert stored() == recomputed()
    public_rows = FundingSummaryRow.objects.filter(policy.public_q("funding.fundingrecord"))
    for period in ReportingPeriod.objects.all():
        records = policy.public(FundingRecord.objects.filter(period=period))
        expected = summarize(FundingFigures.from_record(record) for record in records)
        totals = aggregates.summary_totals(public_rows.filter(period=period))
        assert totals.summary == expected
        assert totals == aggregates.totals_of(aggregates.with_cents(records))


@pytest.fixture
def world():
    """Two sessions, five instruments, a published and a draft period, a finance officer and a
    coordinator."""
    sessions = [AssemblySessionFactory(number=70 + n, year=2070 + n) for n in range(2)]
    instruments = [InstrumentFactory(session=sessions[n % 2]) for n in range(5)]
    periods = [
        ReportingPeriodFactory(label="2070-H1", state=PeriodState.PUBLISHED),
        ReportingPeriodFactory(label="2070-H2", state=PeriodState.OPEN),
    ]
    return {
        "sessions": sessions,
        "instruments": instruments,
        "periods": periods,
        "finance": UserFactory(username="fatima", role="finance_officer"),
        "coordinator": UserFactory(username="carla", role="coordinator"),
    }


cents = st.one_of(
    st.none(),
    st.sampled_from([0, 1, 50, 99_500, 100_000, 100_500, 999_999_999_999_999]),
    st.integers(min_value=0, max_value=10**13),
)
amounts = st.tuples(*(cents for _ in AMOUNT_FIELDS)).map(
    lambda values: {
        name: None if value is None else Decimal(value) / 100 for name, value in zip(AMOUNT_FIELDS, values, strict=True)
    }
)
row = st.tuples(st.integers(0, 4), st.integers(0, 1), amounts)
steps = st.lists(
    st.one_of(
        st.tuples(st.just("record"), row),
        st.tuples(st.just("sheet"), st.lists(row, min_size=1, max_size=6)),
        st.tuples(st.just("dry run"), st.lists(row, min_size=1, max_size=3)),
        st.tuples(st.just("move"), st.integers(0, 4), st.integers(0, 1)),
        st.tuples(st.just("kind"), st.integers(0, 4)),
        st.tuples(st.just("publish"), st.integers(0, 1)),
    ),
    min_size=1,
    max_size=8,
)


def run(step, world):
    kind, *arguments = step
    instruments, periods = world["instruments"], world["periods"]
    reason = "Made-up figures for a test"

    def funding_row(spec, where=""):
        i, p, values = spec
        return FundingRow(instruments[i], periods[p], values, "", where)

    if kind == "record":
        i, p, values = arguments[0]
        record_funding(instruments[i], periods[p], acting_user=world["finance"], reason=reason, **values)
    elif kind in ("sheet", "dry run"):
        rows = [funding_row(spec, f"row {n}") for n, spec in enumerate(arguments[0])]
        try:
            record_funding_sheet(rows, acting_user=world["finance"], reason=reason, dry_run=kind == "dry run")
        except FundingSheetError:
            pass  # a row repeated: nothing written, the summary unchanged
    elif kind == "move":
        i, s = arguments
        instrument, session = Instrument.objects.get(pk=instruments[i].pk), world["sessions"][s]
        instrument.session, instrument.number = session, f"{session.number}/{100 + i}"
        registry_actions.save_record(instrument, acting_user=world["coordinator"], reason="Moved")
    elif kind == "kind":
        instrument = Instrument.objects.get(pk=instruments[arguments[0]].pk)
        instrument.kind = "decision" if instrument.kind == "resolution" else "resolution"
        registry_actions.save_record(instrument, acting_user=world["coordinator"], reason="Kind corrected")
    elif kind == "publish":
        period = ReportingPeriod.objects.get(pk=periods[arguments[0]].pk)
        period.state = PeriodState.OPEN if period.state == PeriodState.PUBLISHED else PeriodState.PUBLISHED
        with writes_allowed():
            period.save()


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=steps)
def test_the_summary_equals_the_records_after_any_sequence_of_writes(world, steps):
    with transaction.atomic():
        for step in steps:
            run(step, world)
            assert_current()
        transaction.set_rollback(True)  # each example starts from no figures


def test_a_sheet_of_many_rows_is_summarized_by_group(world):
    instruments, (published, draft) = world["instruments"], world["periods"]
    rows = [
        FundingRow(instrument, period, {"requirements_usd": f"{1000 + n}.25", "mobilized_core_usd": f"{n * 300}.10"})
        for n, instrument in enumerate(instruments)
        for period in (published, draft)
    ]
    record_funding_sheet(rows, acting_user=world["finance"], reason="Certified")
    assert_current()
    # Two sessions of one body, resolutions only: one row per period, session and band.
    groups = set(FundingSummaryRow.objects.values_list("period", "session", "band"))
    assert len(groups) == FundingSummaryRow.objects.count()
    assert sum(FundingSummaryRow.objects.values_list("records", flat=True)) == 10


def test_unknown_stays_unknown_in_the_summary(world):
    instrument, period = world["instruments"][0], world["periods"][0]
    record_funding(instrument, period, acting_user=world["finance"], reason="x", requirements_usd="100.00")
    (row,) = FundingSummaryRow.objects.all()
    assert (row.band, row.requirements_cents, row.mobilized_cents, row.gap_cents) == ("unknown", 10000, None, None)
    totals = aggregates.summary_totals(FundingSummaryRow.objects.all())
    assert totals.summary.mobilized is None and totals.gap_unknown == 1 and totals.bands["unknown"] == 1


def test_rebuild_and_its_command_rewrite_the_summary_from_the_records(world, capsys):
    instruments, period = world["instruments"], world["periods"][0]
    with writes_allowed():  # a bulk load: no action, so no summary
        FundingRecord.objects.bulk_create(
            FundingRecord(instrument=instrument, period=period, requirements_usd=Decimal("10.00"))
            for instrument in instruments
        )
    assert stored() != recomputed()
    assert rebuild_funding_summary() == FundingSummaryRow.objects.count() > 0
    assert_current()
    with writes_allowed():
        FundingSummaryRow.objects.update(records=99)
    call_command("rebuild_funding_summary")
    assert "Funding summary rebuilt" in capsys.readouterr().out
    assert_current()


def test_an_instrument_edit_that_keeps_its_group_leaves_the_summary_as_it_is(world):
    instrument, period = world["instruments"][0], world["periods"][0]
    record_funding(instrument, period, acting_user=world["finance"], reason="x", requirements_usd="100.00")
    before = stored()
    instrument = Instrument.objects.get(pk=instrument.pk)
    registry_actions.update_instrument(instrument, acting_user=world["coordinator"], reason="x", lead_unit="Housing")
    assert stored() == before
