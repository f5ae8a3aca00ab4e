"""Who may see which progress updates. Anonymous visitors see what is published; Member States'
viewers also what is submitted or approved; the secretariat (focal points, reviewers, coordinators,
administrators) everything, drafts included: a focal point may read a colleague's draft but not
change it (403). An update someone may not see does not exist for them (404), so drafts never leak
through a guessed address.

Commitments follow the updates that promise them: one promised in an update is visible to those
who may see that update, so a draft's promises never leak before publication; one recorded without
a paragraph is visible to all. The paragraph reporting a delivery is shown only to those who may
see its update (`delivery_visible` on each commitment, for serializers and exports)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from restrack.accounts.actions import role_of
from restrack.accounts.choices import Role
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import Commitment, ProgressUpdate

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


def visible_commitments(user, queryset: QuerySet | None = None, *, delivery: bool = True) -> QuerySet:
    """The commitments `user` may see; with `delivery`, each annotated with `delivery_visible`
    (leave it out in a subquery that counts them)."""
    queryset = Commitment.objects.all() if queryset is None else queryset
    updates = visible_updates(user, ProgressUpdate.objects.all())
    queryset = queryset.filter(Q(promised_in__isnull=True) | Q(promised_in__update__in=updates.values("pk")))
    if delivery:
        queryset = queryset.annotate(delivery_visible=Exists(updates.filter(pk=OuterRef("delivered_in__update_id"))))
    return queryset
