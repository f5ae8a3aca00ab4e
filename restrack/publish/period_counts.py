"""Keeps PeriodActivity (restrack.publish.models) equal to what counting the published updates, the
commitments they promise, their paragraphs and the published updates that state a status would
give, by adding the difference each change makes to the one period it touches:

- an update becoming published or ceasing to be (publish_period, an import creating published
  updates, a correction's unpublishing): one update, the commitments its paragraphs promise and
  its paragraphs; and its status when it states one;
- a published update's status stated or cleared (a correction);
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


COUNTED = ("updates", "commitments", "paragraphs", "statuses")  # PeriodActivity's, in counts()' order


def counts(period_ids=None) -> dict[int, tuple[int, int, int, int]]:
    """{period id: (published updates, commitments promised in them, their paragraphs, the
    updates among them that state a status)} of every period with some (of `period_ids` when
    given); four GROUP BY queries over every published update, commitment and paragraph (of those
    periods)."""
    within = {} if period_ids is None else {"period__in": period_ids}
    published = ProgressUpdate.objects.filter(PUBLISHED_UPDATES, **within)
    updates = _per_period(published, "period")
    stated = _per_period(published.exclude(status=""), "period")
    promised = _per_period(
        Commitment.objects.filter(PROMISED_IN_PUBLISHED, **{f"promised_in__update__{k}": v for k, v in within.items()}),
        "promised_in__update__period",
    )
    entries = _per_period(
        UpdateEntry.objects.filter(PUBLISHED_IN_ENTRY, **{f"update__{k}": v for k, v in within.items()}),
        "update__period",
    )
    return {
        period: (updates.get(period, 0), promised.get(period, 0), entries.get(period, 0), stated.get(period, 0))
        for period in {*updates, *promised, *entries, *stated}
    }


def _rows(model, counted: dict) -> list:
    """`model`'s rows of `counted`, with the counts its fields hold (a migration's historical model
    has only the counts of its time: no paragraphs before migration 0003, no statuses before 0006)."""
    held = [(i, name) for i, name in enumerate(COUNTED) if any(f.name == name for f in model._meta.get_fields())]
    return [model(period_id=period, **{name: numbers[i] for i, name in held}) for period, numbers in counted.items()]


def rebuild(model=PeriodActivity) -> int:
    """Recount every period (`model`: a migration's historical model); the periods counted."""
    counted = counts()
    model.objects.all().delete()
    model.objects.bulk_create(_rows(model, counted))
    return len(counted)


def recount(period_ids) -> None:
    """Recount the periods given from their updates, commitments and paragraphs: for writes in
    bulk that send no signals (bulk_create, queryset.update) to call with the periods they touched."""
    period_ids = sorted(set(period_ids))
    if not period_ids:
        return
    counted = counts(period_ids)
    PeriodActivity.objects.filter(period_id__in=period_ids).delete()
    nothing = (0,) * len(COUNTED)
    PeriodActivity.objects.bulk_create(_rows(PeriodActivity, {p: counted.get(p, nothing) for p in period_ids}))


def add(period_id: int, **numbers: int) -> None:
    """Add to a period's counts (`updates=`, `commitments=`, `paragraphs=`, `statuses=`; negative
    numbers take away)."""
    numbers = {name: n for name, n in numbers.items() if n}
    if not numbers:
        return
    changed = PeriodActivity.objects.filter(period_id=period_id).update(
        **{name: F(name) + n for name, n in numbers.items()}
    )
    if not changed:
        PeriodActivity.objects.create(period_id=period_id, **numbers)


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


def _states_status(instance, known: bool | None = None) -> bool:
    """Whether the update states a status: from the instance when it holds its status, else
    `known` (what it was when read: a save that did not load the status did not change it), else
    from the database."""
    if "status" in instance.__dict__:
        return bool(instance.__dict__["status"])
    if known is not None:
        return known
    return ProgressUpdate.objects.filter(pk=instance.pk).exclude(status="").exists()


def note_update_state(sender, instance, **kwargs) -> None:
    """post_init of a ProgressUpdate: whether it was published and stated a status as read, to
    see them change on save (its own attributes: partner_counts' receiver resets its own after
    each save). A status not read (deferred) is None: unknown, and unchanged by this instance."""
    instance._published_at_load = _is_published(instance.__dict__.get("workflow_state"))
    status = instance.__dict__.get("status")
    instance._stated_at_load = None if status is None else bool(status)


def follow_update(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of a ProgressUpdate: published (or created published) or no longer published; a
    published update's status stated or cleared."""
    if raw:
        return
    before = False if created else getattr(instance, "_published_at_load", False)
    now = _is_published(instance.workflow_state)
    stated_before = False if created else getattr(instance, "_stated_at_load", None)
    if not before and not now:  # neither counted before nor now, whatever its status
        instance._published_at_load, instance._stated_at_load = now, stated_before
        return
    stated_now = _states_status(instance, stated_before)
    if stated_before is None:
        stated_before = stated_now
    instance._published_at_load, instance._stated_at_load = now, stated_now
    statuses = int(now and stated_now) - int(before and stated_before)
    if before == now:
        add(instance.period_id, statuses=statuses)
        return
    sign = 1 if now else -1
    promised = 0 if created else Commitment.objects.filter(promised_in__update=instance).count()
    paragraphs = 0 if created else UpdateEntry.objects.filter(update=instance).count()
    add(
        instance.period_id,
        updates=sign,
        commitments=sign * promised,
        paragraphs=sign * paragraphs,
        statuses=statuses,
    )


def follow_deleted_update(sender, instance, **kwargs) -> None:
    """post_delete of a ProgressUpdate (its paragraphs, deleted first, took themselves and their
    commitments away)."""
    if _is_published(instance.workflow_state):
        stated = bool(instance.__dict__.get("status", getattr(instance, "_stated_at_load", False)))
        add(instance.period_id, updates=-1, statuses=-int(stated))


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
