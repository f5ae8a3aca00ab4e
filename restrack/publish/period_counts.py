"""Keeps PeriodActivity (restrack.publish.models) equal to what counting the published updates and
the commitments they promise would give, by adding the difference each change makes to the one
period it touches:

- an update becoming published or ceasing to be (publish_period, an import creating published
  updates, a correction's unpublishing): one update, and the commitments its paragraphs promise;
- a published update deleted (its paragraphs' commitments go with their paragraphs, below);
- a commitment created, deleted, or promised in another paragraph (a correction);
- a paragraph of a published update deleted (its commitments are unlinked, in bulk).

Each change reads at most the commitments of one update or paragraph (indexed), never a period's.
Bulk loads and bulk updates send no signals: `rebuild()` (the benchmark's build calls it, as the
partner counts') recounts every period, `recount(periods)` the periods a bulk write touched."""

from __future__ import annotations

from django.db.models import Count, F

from restrack.accounts import policy
from restrack.publish.models import PeriodActivity
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import Commitment, ProgressUpdate, UpdateEntry

PUBLISHED_UPDATES = policy.public_q("reporting.progressupdate")
PROMISED_IN_PUBLISHED = policy.public_q("reporting.progressupdate", "promised_in__update")


def counts() -> dict[int, tuple[int, int]]:
    """{period id: (published updates, commitments promised in them)} of every period with some;
    two GROUP BY queries over every published update and commitment."""
    updates = dict(
        ProgressUpdate.objects.filter(PUBLISHED_UPDATES)
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values_list("period", "n")
    )
    promised = dict(
        Commitment.objects.filter(PROMISED_IN_PUBLISHED)
        .order_by()
        .values("promised_in__update__period")
        .annotate(n=Count("pk"))
        .values_list("promised_in__update__period", "n")
    )
    return {period: (updates.get(period, 0), promised.get(period, 0)) for period in {*updates, *promised}}


def rebuild(model=PeriodActivity) -> int:
    """Recount every period (`model`: a migration's historical model); the periods counted."""
    counted = counts()
    model.objects.all().delete()
    model.objects.bulk_create(
        model(period_id=period, updates=updates, commitments=commitments)
        for period, (updates, commitments) in counted.items()
    )
    return len(counted)


def recount(period_ids) -> None:
    """Recount the periods given from their updates and commitments: for writes in bulk that send
    no signals (bulk_create, queryset.update) to call with the periods they touched."""
    period_ids = sorted(set(period_ids))
    if not period_ids:
        return
    updates = dict(
        ProgressUpdate.objects.filter(PUBLISHED_UPDATES, period__in=period_ids)
        .order_by()
        .values("period")
        .annotate(n=Count("pk"))
        .values_list("period", "n")
    )
    promised = dict(
        Commitment.objects.filter(PROMISED_IN_PUBLISHED, promised_in__update__period__in=period_ids)
        .order_by()
        .values("promised_in__update__period")
        .annotate(n=Count("pk"))
        .values_list("promised_in__update__period", "n")
    )
    PeriodActivity.objects.filter(period_id__in=period_ids).delete()
    PeriodActivity.objects.bulk_create(
        PeriodActivity(period_id=period, updates=updates.get(period, 0), commitments=promised.get(period, 0))
        for period in period_ids
    )


def add(period_id: int, *, updates: int = 0, commitments: int = 0) -> None:
    """Add to a period's counts (negative numbers take away)."""
    if not (updates or commitments):
        return
    changed = PeriodActivity.objects.filter(period_id=period_id).update(
        updates=F("updates") + updates, commitments=F("commitments") + commitments
    )
    if not changed:
        PeriodActivity.objects.create(period_id=period_id, updates=updates, commitments=commitments)


def _is_published(state: str | None) -> bool:
    return state == WorkflowState.PUBLISHED


def _published_period_of_entry(entry_id: int | None) -> int | None:
    """The period of the update of paragraph `entry_id` when that update is published, else None."""
    if entry_id is None:
        return None
    return (
        UpdateEntry.objects.filter(PUBLISHED_IN_ENTRY, pk=entry_id).values_list("update__period_id", flat=True).first()
    )


PUBLISHED_IN_ENTRY = policy.public_q("reporting.progressupdate", "update")


# Receivers (connected in restrack.publish.apps) ------------------------------------------------


def note_update_state(sender, instance, **kwargs) -> None:
    """post_init of a ProgressUpdate: whether it was published as read, to see it change on save
    (its own attribute: partner_counts' receiver resets its own after each save)."""
    instance._published_at_load = _is_published(instance.__dict__.get("workflow_state"))


def follow_update(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of a ProgressUpdate: published (or created published) or no longer published."""
    if raw:
        return
    before = False if created else getattr(instance, "_published_at_load", False)
    now = _is_published(instance.workflow_state)
    instance._published_at_load = now
    if before == now:
        return
    sign = 1 if now else -1
    promised = 0 if created else Commitment.objects.filter(promised_in__update=instance).count()
    add(instance.period_id, updates=sign, commitments=sign * promised)


def follow_deleted_update(sender, instance, **kwargs) -> None:
    """post_delete of a ProgressUpdate (its paragraphs, deleted first, took their commitments)."""
    if _is_published(instance.workflow_state):
        add(instance.period_id, updates=-1)


def note_promise(sender, instance, **kwargs) -> None:
    """post_init of a Commitment: the paragraph that promised it as read."""
    instance._promised_at_load = instance.__dict__.get("promised_in_id")


def follow_commitment(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of a Commitment: new, or promised in another paragraph."""
    if raw:
        return
    before = None if created else getattr(instance, "_promised_at_load", None)
    now = instance.promised_in_id
    instance._promised_at_load = now
    if before == now:
        return
    for entry_id, sign in ((before, -1), (now, 1)):
        period = _published_period_of_entry(entry_id)
        if period is not None:
            add(period, commitments=sign)


def note_deleted_commitment(sender, instance, **kwargs) -> None:
    """pre_delete of a Commitment: the period it counts in, to take it away after."""
    instance._counted_in = _published_period_of_entry(instance.promised_in_id)


def follow_deleted_commitment(sender, instance, **kwargs) -> None:
    period = instance.__dict__.pop("_counted_in", None)
    if period is not None:
        add(period, commitments=-1)


def note_deleted_entry(sender, instance, **kwargs) -> None:
    """pre_delete of an UpdateEntry: the commitments it promised are unlinked in bulk (no signal),
    so a published paragraph's are taken away from its period now."""
    period = _published_period_of_entry(instance.pk)
    if period is not None:
        add(period, commitments=-Commitment.objects.filter(promised_in=instance).count())
