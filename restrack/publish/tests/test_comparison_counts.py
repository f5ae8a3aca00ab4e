"""The kept counts of the comparison of each two consecutive public periods (PeriodComparison,
restrack.publish.comparison_counts) follow every change that moves them: instruments created and
deleted, updates published, withdrawn, given another status, moved to another period and deleted,
funding records created, changed and deleted, periods published and withdrawn; they always equal
the live count the page runs over every instrument, and the page shows the same either way."""

from decimal import Decimal

import pytest

from restrack.accounts.tests.factories import UserFactory
from restrack.core.guard import writes_allowed
from restrack.funding.models import FundingRecord
from restrack.publish import comparison_counts
from restrack.publish.models import PeriodComparison
from restrack.registry.choices import ImplementationStatus
from restrack.registry.models import Instrument
from restrack.registry.tests.factories import InstrumentFactory
from restrack.reporting.actions import publish_period
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.tests.factories import ProgressUpdateFactory, ReportingPeriodFactory

pytestmark = pytest.mark.django_db


def assert_kept(expected: dict | None = None) -> None:
    """Every pair of consecutive public periods is kept, with the live count of the page; the
    counts of the pairs in `expected` ({(earlier, later): {field: n}}) are those."""
    pairs = comparison_counts.consecutive_pairs()
    kept = comparison_counts.kept()
    assert kept == {pair: comparison_counts.live(*pair) for pair in pairs}
    for (earlier, later), counts in (expected or {}).items():
        assert {field: kept[earlier.pk, later.pk][field] for field in counts} == counts


def record(instrument, period, requirements, mobilized) -> FundingRecord:
    made = FundingRecord(
        instrument=instrument,
        period=period,
        requirements_usd=Decimal(requirements),
        mobilized_core_usd=Decimal(mobilized),
    )
    made.save()
    return made


def test_counts_follow_instruments_updates_records_and_periods():
    first = ReportingPeriodFactory(label="2031-H1", state=PeriodState.PUBLISHED)
    second = ReportingPeriodFactory(label="2031-H2", state=PeriodState.PUBLISHED)
    pair = (first, second)
    assert (first.pk, second.pk) in comparison_counts.kept()  # counted when the period was published
    published = WorkflowState.PUBLISHED
    with writes_allowed():
        before = comparison_counts.kept()[first.pk, second.pk]
        a, b, c, d = (InstrumentFactory() for _ in range(4))
        assert_kept({pair: {"instruments": before["instruments"] + 4, "silent": before["silent"] + 4}})
        base = comparison_counts.kept()[first.pk, second.pk]

        def expect(**changes):
            assert_kept({pair: {field: base[field] + changes.get(field, 0) for field in comparison_counts.FIELDS}})

        ProgressUpdateFactory(instrument=a, period=second, workflow_state=published)
        expect(new=1, silent=-1)
        ProgressUpdateFactory(
            instrument=b, period=first, workflow_state=published, status=ImplementationStatus.UNDER_IMPLEMENTATION
        )
        b_later = ProgressUpdateFactory(
            instrument=b, period=second, workflow_state=published, status=ImplementationStatus.UNDER_IMPLEMENTATION
        )
        expect(new=1, silent=-2)
        b_later.status = ImplementationStatus.COMPLETED
        b_later.save()
        expect(new=1, silent=-2, status=1)
        ProgressUpdateFactory(instrument=c, period=first, workflow_state=published)  # silent after
        expect(new=1, silent=-2, status=1)
        d_later = ProgressUpdateFactory(instrument=d, period=second, workflow_state=WorkflowState.APPROVED)
        expect(new=1, silent=-2, status=1)  # not public
        d_later.workflow_state = published
        d_later.save()
        expect(new=2, silent=-3, status=1)
        d_later.workflow_state = WorkflowState.RETURNED  # withdrawn by a correction
        d_later.save()
        expect(new=1, silent=-2, status=1)
        d_later.period = first  # moved to the earlier period, and published there
        d_later.workflow_state = published
        d_later.save()
        expect(new=1, silent=-2, status=1)
        d_later.delete()
        expect(new=1, silent=-2, status=1)

        a_before = record(a, first, "100", "10")
        a_after = record(a, second, "100", "10")
        expect(new=1, silent=-2, status=1)  # the same figures
        a_after.mobilized_core_usd = Decimal("20")
        a_after.save()
        expect(new=1, silent=-2, status=1, funding=1)
        a_before.requirements_usd = None  # an unknown requirement differs from a known one
        a_before.save()
        expect(new=1, silent=-2, status=1, funding=1)
        a_before.delete()
        expect(new=1, silent=-2, status=1)
        record(b, first, "5", "1")
        record(b, second, "6", "1")
        expect(new=1, silent=-2, status=1, funding=1)

        extra = InstrumentFactory()
        expect(instruments=1, new=1, silent=-1, status=1, funding=1)
        extra.delete()
        expect(new=1, silent=-2, status=1, funding=1)

        # A third period, published by the action: a new pair, counted live once, then kept.
        third = ReportingPeriodFactory(label="2032-H1", state=PeriodState.OPEN)
        ProgressUpdateFactory(instrument=b, period=third, workflow_state=WorkflowState.APPROVED)
    assert (second.pk, third.pk) not in comparison_counts.kept()
    publish_period(third, acting_user=UserFactory(role="coordinator"))
    assert_kept({(second, third): {"new": 0}})
    with writes_allowed():
        ProgressUpdateFactory(instrument=a, period=third, workflow_state=published)
        assert_kept()
        # What one instrument adds (the receivers' cached query) is the page's count narrowed to it.
        for pair_ids in comparison_counts.kept():
            for instrument in (a, b, c, d):
                narrowed = Instrument.objects.filter(pk=instrument.pk)
                assert comparison_counts.one(*pair_ids, instrument.pk) == comparison_counts.live(*pair_ids, narrowed)
        second.state = PeriodState.CLOSED  # withdrawn: the first and third periods follow each other
        second.save()
        assert (first.pk, third.pk) in comparison_counts.kept()
        assert (first.pk, second.pk) not in comparison_counts.kept()
        assert_kept()


def test_the_page_shows_the_kept_counts_as_the_live_ones(client, samples):
    kept = comparison_counts.kept()
    assert kept  # the samples' periods
    urls = ["/en/periods/compare/", "/en/periods/compare/?from=2020-H1&to=2024-H2", "/en/periods/compare/?change=new"]
    with_kept = [client.get(url).content for url in urls]
    PeriodComparison.objects.all().delete()  # every page counts live
    assert [client.get(url).content for url in urls] == with_kept
    assert comparison_counts.rebuild() == len(kept)
    assert comparison_counts.kept() == kept
