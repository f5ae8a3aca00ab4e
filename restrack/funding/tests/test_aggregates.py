"""The database's sums and per-record figures (restrack.funding.aggregates) equal what the Python
arithmetic (FundingFigures, summarize) gives for the same records, to the cent and the per cent."""

import random
from decimal import Decimal

import pytest

from restrack.core.guard import writes_allowed
from restrack.funding import aggregates
from restrack.funding.choices import FundingBand
from restrack.funding.figures import FundingFigures, summarize
from restrack.funding.models import STORED_FIGURES, FundingRecord
from restrack.registry.tests.factories import InstrumentFactory
from restrack.reporting.tests.factories import ReportingPeriodFactory

pytestmark = pytest.mark.django_db

# requirements, core, earmarked, window, other: the edges of the arithmetic
EDGES = [
    ("1000.00", "995.00", None, None, None),  # gap 0.5 % rounds up to 1 %
    ("1000.00", "1005.00", None, None, None),  # surplus 0.5 % rounds away from zero: -1 %
    ("200.00", "199.00", None, None, None),  # 0.5 %
    ("3.00", "1.00", None, None, None),  # 66.67 %
    ("0.00", "10.00", None, None, None),  # requirements 0: no gap %
    ("0.00", None, None, None, None),  # no gap
    (None, "10.00", "0.01", None, None),  # no gap: requirements unknown
    (None, None, None, None, None),  # nothing reported
    ("1858000.55", "100000.10", "758000.20", None, None),
    ("500000.00", None, None, None, "600000.00"),  # surplus
    ("9999999999999.99", "0.01", None, None, None),  # 15 digits: what SQLite keeps exactly
    ("100.00", "0.00", "0.00", "0.00", "0.00"),  # 100 %
    ("100.00", "75.00", None, None, None),  # 25 %: the band's lower bound
    ("100.00", "25.50", None, None, None),  # 74.5 % rounds to 75 %
]


def _amount(rng):
    choice = rng.random()
    if choice < 0.15:
        return None
    if choice < 0.2:
        return Decimal("0.00")
    return Decimal(rng.randrange(1, 10**11)) / 100


def make_records(rows):
    period = ReportingPeriodFactory(label="2024-H2")
    instruments = InstrumentFactory.create_batch(len(rows))
    with writes_allowed():
        FundingRecord.objects.bulk_create(
            FundingRecord(
                instrument=instrument,
                period=period,
                requirements_usd=requirements,
                mobilized_core_usd=core,
                mobilized_earmarked_usd=earmarked,
                mobilized_window_usd=window,
                mobilized_other_usd=other,
            )
            for instrument, (requirements, core, earmarked, window, other) in zip(instruments, rows, strict=True)
        )
        # A bulk load does not call save(): the stored figures are filled by the database.
        aggregates.fill_stored_figures(FundingRecord.objects.all())
    return period


def test_each_record_s_figures_equal_the_python_arithmetic():
    rng = random.Random(20250101)
    rows = EDGES + [tuple(_amount(rng) for _ in range(5)) for _ in range(150)]
    make_records(rows)
    for record in aggregates.with_cents(FundingRecord.objects.all()):
        figures = FundingFigures.from_record(record)
        assert aggregates.amount(record.requirements_cents) == figures.requirements
        assert aggregates.amount(record.mobilized_cents) == figures.mobilized
        assert aggregates.amount(record.gap_cents) == figures.gap
        assert record.gap_percent_value == figures.gap_percent, record
        expected_band = _band(figures)
        assert record.funding_band == expected_band, (record, figures.gap_percent)


def test_save_stores_the_figures_the_database_computes():
    """FundingRecord.save() (every action) and fill_stored_figures (bulk loads, the migration)
    store the same figures: Python's arithmetic and the SQL expressions agree on every edge."""
    rng = random.Random(20261203)
    make_records(EDGES + [tuple(_amount(rng) for _ in range(5)) for _ in range(150)])
    filled = {record.pk: _stored(record) for record in FundingRecord.objects.all()}
    with writes_allowed():
        FundingRecord.objects.update(gap_cents=None, gap_percent_value=None, funding_band="x")
        for record in FundingRecord.objects.all():
            record.save()
    assert {record.pk: _stored(record) for record in FundingRecord.objects.all()} == filled
    record = FundingRecord.objects.filter(requirements_usd=Decimal("3.00")).get()
    assert _stored(record) == (300, 100, 200, 67, FundingBand.GAP_50_TO_75)


def test_saving_a_change_of_amounts_updates_the_stored_figures():
    make_records([("100.00", "75.00", None, None, None)])
    record = FundingRecord.objects.get()
    assert record.funding_band == FundingBand.GAP_25_TO_50 and record.gap_percent_value == 25
    with writes_allowed():
        record.mobilized_other_usd = "40.00"  # as text: stored as the column holds it
        record.save(update_fields=["mobilized_other_usd"])
    record.refresh_from_db()
    assert _stored(record) == (10000, 11500, -1500, -15, FundingBand.FUNDED)


def _stored(record):
    return tuple(getattr(record, name) for name in STORED_FIGURES)


def _band(figures):
    if figures.gap is None:
        return None if figures.requirements is None and figures.mobilized is None else FundingBand.UNKNOWN
    if figures.gap <= 0:
        return FundingBand.FUNDED
    for band, limit in aggregates.BAND_LIMITS:
        if figures.gap_percent < limit:
            return band
    return FundingBand.GAP_75_OR_MORE


def test_totals_equal_summarize_to_the_cent():
    rng = random.Random(7)
    rows = EDGES[:-4] + [tuple(_amount(rng) for _ in range(5)) for _ in range(300)]
    make_records(rows)
    records = FundingRecord.objects.all()
    expected = summarize(FundingFigures.from_record(record) for record in records)
    totals = aggregates.totals_of(aggregates.with_cents(records))
    assert totals.summary == expected
    figures = [FundingFigures.from_record(record) for record in records]
    assert totals.gap_unknown == sum(
        1 for f in figures if f.gap is None and (f.requirements is not None or f.mobilized is not None)
    )
    assert sum(totals.bands.values()) == expected.instruments


def test_no_records_and_unknown_amounts_are_none_never_zero():
    totals = aggregates.totals_of(aggregates.with_cents(FundingRecord.objects.all()))
    assert totals.summary == summarize([])
    make_records([(None, None, None, None, None), ("10.00", None, None, None, None)])
    totals = aggregates.totals_of(aggregates.with_cents(FundingRecord.objects.all()))
    assert totals.summary.mobilized is None and totals.summary.gap is None
    assert totals.summary.requirements == Decimal("10.00") and totals.gap_unknown == 1


def test_totals_by_group_add_up_to_the_whole():
    period = make_records(EDGES)
    later = ReportingPeriodFactory(label="2025-H1")
    with writes_allowed():
        for record in FundingRecord.objects.all():
            record.pk, record.period = None, later
            record.save()
    records = aggregates.with_cents(FundingRecord.objects.all())
    groups = aggregates.totals_by(records, "period")
    assert [values["period"] for values, _totals in groups] == sorted([period.pk, later.pk])
    for values, totals in groups:
        one = FundingRecord.objects.filter(period=values["period"])
        assert totals.summary == summarize(FundingFigures.from_record(record) for record in one)


def test_records_keep_their_instrument_s_place_in_the_report_order():
    """FundingRecord.instrument_order sorts as Instrument.Meta.ordering does, and follows an
    instrument's or a session's change (the funding page's tables in report order walk it)."""
    from restrack.registry.models import Instrument

    make_records(EDGES[:6])
    instruments = list(Instrument.objects.filter(funding_records__isnull=False))  # report order
    by_key = [record.instrument for record in FundingRecord.objects.order_by("instrument_order", "pk")]
    assert by_key == instruments
    first, last = instruments[0], instruments[-1]
    with writes_allowed():
        session = first.session
        session.year = last.session.year + 1  # the first instrument's session moves after the last
        session.save()
    moved = list(Instrument.objects.filter(funding_records__isnull=False))
    assert [record.instrument for record in FundingRecord.objects.order_by("instrument_order", "pk")] == moved
    assert moved != instruments
    with writes_allowed():
        record = FundingRecord.objects.get(instrument=moved[-1])
        record.instrument = moved[0]
        record.period = ReportingPeriodFactory(label="2025-H1")
        record.save()  # saved for another instrument: its key follows
    assert record.instrument_order == FundingRecord.objects.filter(instrument=moved[0]).first().instrument_order
