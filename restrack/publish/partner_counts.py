"""Keeps PartnerMentions (restrack.publish.models) equal to what counting the published paragraphs
would give, for the partners a change touches only:

- an update becoming published or ceasing to be (its paragraphs' partners);
- partners added to or removed from a paragraph of a published update;
- partners linked in bulk to new paragraphs of a published update (restrack.reporting.signals);
- a paragraph of a published update deleted (with its update, or by a correction).

Each recount reads the links of the partners concerned (an index on the partner), never every
paragraph. Bulk loads send no signals: `rebuild()` (the benchmark's build calls it, as the
funding summary's) recounts every partner."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Count

from restrack.accounts import policy
from restrack.publish.models import PartnerMentions
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate, UpdateEntry

Link = UpdateEntry.partners.through
PUBLISHED_LINK = policy.public_q("reporting.updateentry", "updateentry")


def counts(partner_ids: Iterable[int] | None = None) -> dict[int, tuple[int, int]]:
    """{partner id: (published paragraphs naming it, instruments they report on)} of the
    partners given (None: every partner), those named by none left out; one query."""
    links = Link.objects.filter(PUBLISHED_LINK)
    if partner_ids is not None:
        links = links.filter(partner_id__in=list(partner_ids))
    rows = (
        links.order_by()
        .values("partner_id")
        .annotate(
            mentions=Count("updateentry_id", distinct=True),
            instruments=Count("updateentry__update__instrument_id", distinct=True),
        )
        .values_list("partner_id", "mentions", "instruments")
    )
    return {partner: (mentions, instruments) for partner, mentions, instruments in rows}


def refresh(partner_ids: Iterable[int]) -> None:
    """Recount the partners given."""
    partner_ids = sorted(set(partner_ids))
    if not partner_ids:
        return
    counted = counts(partner_ids)
    PartnerMentions.objects.filter(partner_id__in=partner_ids).delete()
    PartnerMentions.objects.bulk_create(
        PartnerMentions(partner_id=partner, mentions=mentions, instruments=instruments)
        for partner, (mentions, instruments) in counted.items()
    )


def rebuild() -> int:
    """Recount every partner; the number of partners named by some published paragraph."""
    counted = counts()
    PartnerMentions.objects.all().delete()
    PartnerMentions.objects.bulk_create(
        (
            PartnerMentions(partner_id=partner, mentions=mentions, instruments=instruments)
            for partner, (mentions, instruments) in counted.items()
        ),
        batch_size=2_000,
    )
    return len(counted)


def _partners_of_update(update_id: int) -> set[int]:
    return set(Link.objects.filter(updateentry__update_id=update_id).values_list("partner_id", flat=True))


def _is_published(entry: UpdateEntry) -> bool:
    """Whether the entry's update is published (read from the update the entry holds, if it does)."""
    update = entry._state.fields_cache.get("update")
    if update is not None:
        return update.workflow_state == WorkflowState.PUBLISHED
    return ProgressUpdate.objects.filter(pk=entry.update_id, workflow_state=WorkflowState.PUBLISHED).exists()


# Receivers (connected in restrack.publish.apps) ------------------------------------------------


def note_loaded_state(sender, instance, **kwargs) -> None:
    """post_init of a ProgressUpdate: its workflow state as read, to see it change on save."""
    instance._state_at_load = instance.__dict__.get("workflow_state")


def follow_update(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of a ProgressUpdate: published or no longer published, its partners are recounted."""
    if raw:
        return
    before = None if created else getattr(instance, "_state_at_load", None)
    now = instance.workflow_state
    instance._state_at_load = now
    if (before == WorkflowState.PUBLISHED) != (now == WorkflowState.PUBLISHED) and not created:
        refresh(_partners_of_update(instance.pk))


def follow_links(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """m2m_changed of UpdateEntry.partners: the partners added to or removed from a published
    paragraph are recounted (from a partner's side, `reverse`: that partner)."""
    if action == "pre_clear":
        if reverse:
            instance._partners_cleared = {instance.pk}
        elif _is_published(instance):
            instance._partners_cleared = set(instance.partners.values_list("pk", flat=True))
        return
    if action == "post_clear":
        refresh(instance.__dict__.pop("_partners_cleared", ()))
    elif action in ("post_add", "post_remove") and pk_set:
        if reverse:
            refresh([instance.pk])
        elif _is_published(instance):
            refresh(pk_set)


def follow_bulk_links(sender, name, entries, targets, **kwargs) -> None:
    """restrack.reporting.signals.entries_linked_in_bulk: partners linked to new paragraphs of a
    published update in bulk (an import, a new draft's paragraphs) are recounted."""
    if name == "partners" and entries and _is_published(entries[0]):
        refresh(targets)


def note_deleted_entry(sender, instance, **kwargs) -> None:
    """pre_delete of an UpdateEntry: the partners of a published paragraph, to recount after."""
    if _is_published(instance):
        instance._partners_deleted = set(instance.partners.values_list("pk", flat=True))


def follow_deleted_entry(sender, instance, **kwargs) -> None:
    refresh(instance.__dict__.pop("_partners_deleted", ()))
