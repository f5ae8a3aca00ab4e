"""Keeps PeriodActivity (restrack.publish.models) equal to what counting the published updates, the
commitments they promise and their paragraphs would give, by adding the difference each change
makes to the one period it touches:

- an update becoming published or ceasing to be (publish_period, an import creating published
  updates, a correction's unpublishing): one update, the commitments its paragraphs promise and
  its paragraphs;
- a published update deleted (its paragraphs and their commitments go with its paragraphs, below);
- a commitment created, deleted, or promised in another paragraph (a correction);
- a paragraph of a published update created (one by one, or in bulk by add_entries, which sends
  entries_added_in_bulk) or deleted (its commitments are unlinked, in bulk).

Each change reads at most the commitments and paragraphs of one update or paragraph (indexed),
never a period's.
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
PUBLISHED_IN_ENTRY = policy.public_q("reporting.progressupdate", "update")


def _per_period(queryset, period_field: str) -> dict[int, int]:
    return dict(queryset.order_by().values(period_field).annotate(n=Count("pk")).values_list(period_field, "n"))


def counts(period_ids=None) -> dict[int, tuple[int, int, int]]:
    """{period id: (published updates, commitments promised in them, their paragraphs)} of every
    period with some (of `period_ids` when given); three GROUP BY queries over every published
    update, commitment and paragraph (of those periods)."""
    within = {} if period_ids is None else {"period__in": period_ids}
    updates = _per_period(ProgressUpdate.objects.filter(PUBLISHED_UPDATES, **within), "period")
    promised = _per_period(
        Commitment.objects.filter(PROMISED_IN_PUBLISHED, **{f"promised_in__update__{k}": v for k, v in within.items()}),
        "promised_in__update__period",
    )
    entries = _per_period(
        UpdateEntry.objects.filter(PUBLISHED_IN_ENTRY, **{f"update__{k}": v for k, v in within.items()}),
        "update__period",
    )
    return {
        period: (updates.get(period, 0), promised.get(period, 0), entries.get(period, 0))
        for period in {*updates, *promised, *entries}
    }


def rebuild(model=PeriodActivity) -> int:
    """Recount every period (`model`: a migration's historical model, which before migration 0003
    has no paragraphs); the periods counted."""
    counted = counts()
    with_paragraphs = any(field.name == "paragraphs" for field in model._meta.get_fields())
    model.objects.all().delete()
    model.objects.bulk_create(
        model(
            period_id=period,
            updates=updates,
            commitments=commitments,
            **({"paragraphs": paragraphs} if with_paragraphs else {}),
        )
        for period, (updates, commitments, paragraphs) in counted.items()
    )
    return len(counted)


def recount(period_ids) -> None:
    """Recount the periods given from their updates, commitments and paragraphs: for writes in
    bulk that send no signals (bulk_create, queryset.update) to call with the periods they touched."""
    period_ids = sorted(set(period_ids))
    if not period_ids:
        return
    counted = counts(period_ids)
    PeriodActivity.objects.filter(period_id__in=period_ids).delete()
    PeriodActivity.objects.bulk_create(
        PeriodActivity(period_id=period, updates=updates, commitments=commitments, paragraphs=paragraphs)
        for period, (updates, commitments, paragraphs) in ((p, counted.get(p, (0, 0, 0))) for p in period_ids)
    )


def add(period_id: int, *, updates: int = 0, commitments: int = 0, paragraphs: int = 0) -> None:
    """Add to a period's counts (negative numbers take away)."""
    if not (updates or commitments or paragraphs):
        return
    changed = PeriodActivity.objects.filter(period_id=period_id).update(
        updates=F("updates") + updates,
        commitments=F("commitments") + commitments,
        paragraphs=F("paragraphs") + paragraphs,
    )
    if not changed:
        PeriodActivity.objects.create(
            period_id=period_id, updates=updates, commitments=commitments, paragraphs=paragraphs
        )


def _is_published(state: str | None) -> bool:
    return state == WorkflowState.PUBLISHED


def _published_period_of_entry(entry_id: int | None) -> int | None:
    """The period of the update of paragraph `entry_id` when that update is published, else None."""
    if entry_id is None:
        return None
    return (
        UpdateEntry.objects.filter(PUBLISHED_IN_ENTRY, pk=entry_id).values_list("update__period_id", flat=True).first()
    )


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
    paragraphs = 0 if created else UpdateEntry.objects.filter(update=instance).count()
    add(instance.period_id, updates=sign, commitments=sign * promised, paragraphs=sign * paragraphs)


def follow_deleted_update(sender, instance, **kwargs) -> None:
    """post_delete of a ProgressUpdate (its paragraphs, deleted first, took themselves and their
    commitments away)."""
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
    so a published paragraph and its commitments are taken away from its period now."""
    period = _published_period_of_entry(instance.pk)
    if period is not None:
        add(period, commitments=-Commitment.objects.filter(promised_in=instance).count(), paragraphs=-1)


def _published_period_of_update(update_id: int) -> int | None:
    return ProgressUpdate.objects.filter(PUBLISHED_UPDATES, pk=update_id).values_list("period_id", flat=True).first()


def follow_entry(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of an UpdateEntry: a paragraph added to an update (no action moves a paragraph to
    another update, so a save of one that exists changes no count)."""
    if raw or not created:
        return
    period = _published_period_of_update(instance.update_id)
    if period is not None:
        add(period, paragraphs=1)


def follow_bulk_entries(sender, update, entries, **kwargs) -> None:
    """entries_added_in_bulk: paragraphs added to one update by bulk_create (no post_save)."""
    period = _published_period_of_update(update.pk)
    if period is not None:
        add(period, paragraphs=len(entries))
