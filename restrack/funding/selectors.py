"""What the funding pages and the API read about periods and their figures."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from restrack.accounts import policy
from restrack.funding.figures import FundingFigures
from restrack.funding.models import ParagraphFunding, WindowAllocation
from restrack.reporting.models import ReportingPeriod


def periods_with_visible_figures(user) -> QuerySet:
    """The periods whose funding figures `user` may read (the policy's rule for funding records)."""
    states = policy.readable_states(user, "funding.fundingrecord")
    periods = ReportingPeriod.objects.all()
    return periods if states is None else periods.filter(state__in=sorted(states))


def latest_published_period_with_figures() -> ReportingPeriod | None:
    return (
        policy.public(ReportingPeriod.objects.filter(funding_records__isnull=False))
        .distinct()
        .order_by("-start_date")
        .first()
    )


@dataclass(frozen=True)
class MandateMoney:
    """The money of one operative paragraph as the public sees it: its figures in the latest
    published period that has any (None: none recorded), and what the window has allocated to it."""

    period: str | None
    figures: FundingFigures | None
    allocated: Decimal | None


def mandate_money(paragraph_ids: list[int]) -> dict[int, MandateMoney]:
    """{paragraph id: MandateMoney} for those of `paragraph_ids` with figures or allocations: one
    query for the figures (the newest public period first) and one for the allocations."""
    latest: dict[int, ParagraphFunding] = {}
    records = policy.public(ParagraphFunding.objects.filter(paragraph_id__in=paragraph_ids)).select_related("period")
    for record in records.order_by("paragraph_id", "-period__start_date"):
        latest.setdefault(record.paragraph_id, record)
    allocated = allocated_by_paragraph(paragraph_ids)
    return {
        pk: MandateMoney(
            latest[pk].period.label if pk in latest else None,
            latest[pk].figures if pk in latest else None,
            allocated.get(pk),
        )
        for pk in paragraph_ids
        if pk in latest or pk in allocated
    }


def allocated_by_paragraph(paragraph_ids, *, until=None) -> dict[int, Decimal]:
    """What the window allocated to each of the paragraphs (up to the day `until`, a period's end,
    when given); paragraphs without allocations left out."""
    allocations = WindowAllocation.objects.filter(paragraph_id__in=paragraph_ids)
    if until is not None:
        allocations = allocations.filter(allocated_on__lte=until)
    return dict(
        allocations.values("paragraph_id").annotate(total=Sum("amount_usd")).values_list("paragraph_id", "total")
    )
