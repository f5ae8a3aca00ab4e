"""Who may see which progress updates. Anonymous visitors see what is published; Member States'
viewers also what is submitted or approved; the secretariat (focal points, reviewers, coordinators,
administrators) everything, drafts included: a focal point may read a colleague's draft but not
change it (403). An update someone may not see does not exist for them (404), so drafts never leak
through a guessed address."""

from __future__ import annotations

from django.db.models import QuerySet

from restrack.accounts.actions import role_of
from restrack.accounts.choices import Role
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate

SEES_EVERYTHING = {Role.ADMINISTRATOR, Role.COORDINATOR, Role.REVIEWER, Role.FOCAL_POINT}
# Finance officers enter funding figures and read updates as Member States do.
READS_BEFORE_PUBLICATION = {Role.VIEWER, Role.FINANCE_OFFICER}
BEFORE_PUBLICATION = [WorkflowState.SUBMITTED, WorkflowState.APPROVED, WorkflowState.PUBLISHED]


def visible_updates(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = ProgressUpdate.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return queryset.filter(workflow_state=WorkflowState.PUBLISHED)
    role = role_of(user)
    if role in SEES_EVERYTHING:
        return queryset
    if role in READS_BEFORE_PUBLICATION:
        return queryset.filter(workflow_state__in=BEFORE_PUBLICATION)
    return queryset.filter(workflow_state=WorkflowState.PUBLISHED)


def can_view(user, update: ProgressUpdate) -> bool:
    return visible_updates(user).filter(pk=update.pk).exists()
