"""What the funding pages and the API read about periods and their figures."""

from __future__ import annotations

from django.db.models import QuerySet

from restrack.accounts import policy
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
