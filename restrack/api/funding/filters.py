"""Who may see which funding figures. A period's figures become public with the period: anonymous
visitors and Member States' viewers see the records of published periods only, as on the public
tracker; the secretariat (coordinators, reviewers, focal points, administrators, finance officers)
sees the figures being prepared too. A record someone may not see does not exist for them (404)."""

from __future__ import annotations

from django.db.models import QuerySet

from restrack.accounts.actions import role_of
from restrack.accounts.choices import Role
from restrack.funding.models import FundingRecord
from restrack.reporting.choices import PeriodState
from restrack.reporting.models import ReportingPeriod

SEES_DRAFT_FIGURES = {Role.ADMINISTRATOR, Role.COORDINATOR, Role.REVIEWER, Role.FOCAL_POINT, Role.FINANCE_OFFICER}


def sees_draft_figures(user) -> bool:
    return user is not None and user.is_authenticated and role_of(user) in SEES_DRAFT_FIGURES


def visible_periods(user) -> QuerySet:
    periods = ReportingPeriod.objects.all()
    return periods if sees_draft_figures(user) else periods.filter(state=PeriodState.PUBLISHED)


def visible_records(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = FundingRecord.objects.all() if queryset is None else queryset
    return queryset if sees_draft_figures(user) else queryset.filter(period__state=PeriodState.PUBLISHED)


def latest_published_period_with_figures() -> ReportingPeriod | None:
    return (
        ReportingPeriod.objects.filter(state=PeriodState.PUBLISHED, funding_records__isnull=False)
        .distinct()
        .order_by("-start_date")
        .first()
    )
