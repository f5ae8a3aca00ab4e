"""The signal receivers that keep data derived from what published report paragraphs link to
through one many-to-many field of UpdateEntry (its partners, its operative paragraphs) current:
`refresh(ids)` is called with the linked records whose data may have changed, when

- an update becomes published or ceases to be (the records its paragraphs link to);
- records are linked to or unlinked from a paragraph of a published update, one by one (from
  either side) or in bulk (restrack.reporting.signals.entries_linked_in_bulk);
- a paragraph of a published update is deleted (with its update, or by a correction).

A draft's paragraphs (what focal points edit all day) cost no refresh and no query beyond the
update the paragraph already holds. restrack.publish.partner_counts and mandate_counts each make
one; restrack.publish.apps connects them."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate, UpdateEntry


def is_published(entry: UpdateEntry) -> bool:
    """Whether the entry's update is published (read from the update the entry holds, if it does)."""
    update = entry._state.fields_cache.get("update")
    if update is not None:
        return update.workflow_state == WorkflowState.PUBLISHED
    return ProgressUpdate.objects.filter(pk=entry.update_id, workflow_state=WorkflowState.PUBLISHED).exists()


class LinkFollower:
    def __init__(self, field: str, refresh: Callable[[Iterable[int]], None]):
        relation = UpdateEntry._meta.get_field(field)
        self.field = field
        self.refresh = refresh
        self.through = relation.remote_field.through
        self.column = relation.m2m_reverse_field_name() + "_id"  # the linked record's, in the through table
        # What each receiver keeps on the instance between two signals, apart from other followers'.
        self.loaded_state = f"_{field}_state_at_load"
        self.cleared = f"_{field}_cleared"
        self.deleted = f"_{field}_deleted"

    def linked_by_update(self, update_id: int) -> set[int]:
        return set(self.through.objects.filter(updateentry__update_id=update_id).values_list(self.column, flat=True))

    def note_loaded_state(self, sender, instance, **kwargs) -> None:
        """post_init of a ProgressUpdate: its workflow state as read, to see it change on save."""
        setattr(instance, self.loaded_state, instance.__dict__.get("workflow_state"))

    def follow_update(self, sender, instance, created=False, raw=False, **kwargs) -> None:
        """post_save of a ProgressUpdate: published or no longer published, what it links to."""
        if raw:
            return
        before = None if created else getattr(instance, self.loaded_state, None)
        now = instance.workflow_state
        setattr(instance, self.loaded_state, now)
        if (before == WorkflowState.PUBLISHED) != (now == WorkflowState.PUBLISHED) and not created:
            self.refresh(self.linked_by_update(instance.pk))

    def follow_links(self, sender, instance, action, reverse, pk_set, **kwargs) -> None:
        """m2m_changed of the field: the records linked to or unlinked from a published paragraph
        (from the linked record's side, `reverse`: that record)."""
        if action == "pre_clear":
            if reverse:
                instance.__dict__[self.cleared] = {instance.pk}
            elif is_published(instance):
                instance.__dict__[self.cleared] = set(getattr(instance, self.field).values_list("pk", flat=True))
            return
        if action == "post_clear":
            self.refresh(instance.__dict__.pop(self.cleared, ()))
        elif action in ("post_add", "post_remove") and pk_set:
            if reverse:
                self.refresh([instance.pk])
            elif is_published(instance):
                self.refresh(pk_set)

    def follow_bulk_links(self, sender, name, entries, targets, **kwargs) -> None:
        """entries_linked_in_bulk: records linked to new paragraphs of a published update in bulk."""
        if name == self.field and entries and is_published(entries[0]):
            self.refresh(targets)

    def note_deleted_entry(self, sender, instance, **kwargs) -> None:
        """pre_delete of an UpdateEntry: what a published paragraph links to, to refresh after."""
        if is_published(instance):
            instance.__dict__[self.deleted] = set(getattr(instance, self.field).values_list("pk", flat=True))

    def follow_deleted_entry(self, sender, instance, **kwargs) -> None:
        self.refresh(instance.__dict__.pop(self.deleted, ()))
