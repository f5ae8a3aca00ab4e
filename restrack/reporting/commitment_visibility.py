"""Who may see which commitments: a commitment promised in a progress update is visible to those
who may see that update (restrack.reporting.visibility), so a draft's promises never leak before
publication; a commitment recorded without a paragraph (promised_in empty) is visible to all.

The paragraph reporting a delivery is shown only to those who may see its update: each commitment
gets `delivery_visible` (True or False) for serializers and exports."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet

from restrack.reporting.models import Commitment, ProgressUpdate
from restrack.reporting.visibility import visible_updates


def visible_commitments(user, queryset: QuerySet | None = None) -> QuerySet:
    queryset = Commitment.objects.all() if queryset is None else queryset
    updates = visible_updates(user, ProgressUpdate.objects.all())
    return queryset.filter(
        Q(promised_in__isnull=True) | Q(promised_in__update__in=updates.values("pk"))
    ).annotate(delivery_visible=Exists(updates.filter(pk=OuterRef("delivered_in__update_id"))))
