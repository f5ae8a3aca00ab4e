"""Finding the reporting cycle's records a person asked for, among those they may see."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, QuerySet
from django.shortcuts import get_object_or_404

from restrack.accounts import policy
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod


def visible_update_or_404(user, pk: int) -> ProgressUpdate:
    """The update if `user` may see it; otherwise 404, so that a draft's address reveals nothing."""
    queryset = ProgressUpdate.objects.select_related("instrument__session", "period", "author", "reviewer")
    return get_object_or_404(policy.visible_to(user, queryset), pk=pk)


def period_or_404(label: str, user=None) -> ReportingPeriod:
    """The period called `label` (2025-h1 too), among those `user` may see when given."""
    periods = ReportingPeriod.objects.select_related("board_session")
    if user is not None:
        periods = policy.visible_to(user, periods)
    return get_object_or_404(periods, label=label.upper())


def visible_commitments(user, queryset: QuerySet | None = None, *, delivery: bool = True) -> QuerySet:
    """The commitments `user` may read (those of the updates they may read, and those no paragraph
    promised); with `delivery`, each annotated with `delivery_visible`: whether they may read the
    update whose paragraph reports the delivery (leave it out in a subquery that counts them)."""
    queryset = policy.visible_to(user, Commitment.objects.all() if queryset is None else queryset)
    if delivery:
        updates = policy.visible_to(user, ProgressUpdate.objects.filter(pk=OuterRef("delivered_in__update_id")))
        queryset = queryset.annotate(delivery_visible=Exists(updates))
    return queryset
