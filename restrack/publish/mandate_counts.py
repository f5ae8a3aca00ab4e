"""Keeps MandateReporting (restrack.publish.models) equal to what searching the published
citations would give, for the operative paragraphs a change touches only:

- an update becoming published or ceasing to be (the paragraphs its report cites);
- operative paragraphs linked to or unlinked from a paragraph of a published update, one by one
  or in bulk (restrack.reporting.signals.entries_linked_in_bulk);
- a paragraph of a published update deleted (with its update, or by a correction);
- an operative paragraph created under a parent a report already cited.

A paragraph is reported on where its report cites it, its parent or its grandparent, so each
change refreshes the paragraphs cited and their sub-paragraphs. Each refresh reads the citations
of those paragraphs (an index on the operative paragraph), never every citation. Bulk loads send no
signals: `rebuild()` (the benchmark's build and `restrack restore` call it) reads them all."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Max, Q

from restrack.accounts import policy
from restrack.publish.models import MandateReporting
from restrack.registry.models import OperativeParagraph
from restrack.reporting.choices import WorkflowState
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, UpdateEntry

Citation = UpdateEntry.operative_paragraphs.through
PUBLISHED_CITATION = policy.public_q("reporting.updateentry", "updateentry")
CHUNK = 2_000


def _latest_citations(paragraph_ids: Iterable[int] | None) -> dict[int, object]:
    """{operative paragraph id: the start of the latest public period citing it} of those given
    (None: every paragraph cited)."""
    citations = Citation.objects.filter(PUBLISHED_CITATION)
    if paragraph_ids is not None:
        citations = citations.filter(operativeparagraph_id__in=list(paragraph_ids))
    rows = (
        citations.order_by()
        .values("operativeparagraph_id")
        .annotate(latest=Max("updateentry__update__period__start_date"))
        .values_list("operativeparagraph_id", "latest")
    )
    return dict(rows)


def _rows(paragraphs: Iterable[tuple[int, int | None, int | None]], cited: dict[int, object]) -> list:
    """MandateReporting rows of (paragraph, parent, grandparent) ids: the latest of the three's."""
    starts = {}
    for pk, parent, grandparent in paragraphs:
        found = [cited[key] for key in (pk, parent, grandparent) if key in cited]
        if found:
            starts[pk] = max(found)
    periods = dict(ReportingPeriod.objects.filter(start_date__in=set(starts.values())).values_list("start_date", "pk"))
    return [
        MandateReporting(paragraph_id=pk, period_id=periods[start], period_start=start)
        for pk, start in starts.items()
        if start in periods
    ]


def refresh(paragraph_ids: Iterable[int]) -> None:
    """Find again when the paragraphs given and their sub-paragraphs were last reported on."""
    given = set(paragraph_ids)
    if not given:
        return
    family = OperativeParagraph.objects.filter(
        Q(pk__in=given) | Q(parent_id__in=given) | Q(parent__parent_id__in=given)
    ).values_list("pk", "parent_id", "parent__parent_id")
    family = list(family)
    related = {key for row in family for key in row if key is not None}
    rows = _rows(family, _latest_citations(related))
    MandateReporting.objects.filter(paragraph_id__in=[row[0] for row in family]).delete()
    MandateReporting.objects.bulk_create(rows, batch_size=CHUNK)


def rebuild() -> int:
    """Find again when every paragraph was last reported on; the number of paragraphs reported on."""
    cited = _latest_citations(None)
    MandateReporting.objects.all().delete()
    family = OperativeParagraph.objects.values_list("pk", "parent_id", "parent__parent_id").order_by("pk")
    total, batch = 0, []
    for row in family.iterator(chunk_size=CHUNK):
        batch.append(row)
        if len(batch) >= CHUNK:
            total += _write(batch, cited)
            batch = []
    return total + _write(batch, cited)


def _write(family: list, cited: dict[int, object]) -> int:
    rows = _rows(family, cited)
    MandateReporting.objects.bulk_create(rows, batch_size=CHUNK)
    return len(rows)


def _cited_by_update(update_id: int) -> set[int]:
    return set(
        Citation.objects.filter(updateentry__update_id=update_id).values_list("operativeparagraph_id", flat=True)
    )


def _is_published(entry: UpdateEntry) -> bool:
    update = entry._state.fields_cache.get("update")
    if update is not None:
        return update.workflow_state == WorkflowState.PUBLISHED
    return ProgressUpdate.objects.filter(pk=entry.update_id, workflow_state=WorkflowState.PUBLISHED).exists()


# Receivers (connected in restrack.publish.apps) ------------------------------------------------


def note_loaded_state(sender, instance, **kwargs) -> None:
    """post_init of a ProgressUpdate: its workflow state as read, to see it change on save."""
    instance._mandates_state_at_load = instance.__dict__.get("workflow_state")


def follow_update(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of a ProgressUpdate: published or no longer published, the paragraphs it cites
    are looked at again."""
    if raw:
        return
    before = None if created else getattr(instance, "_mandates_state_at_load", None)
    now = instance.workflow_state
    instance._mandates_state_at_load = now
    if (before == WorkflowState.PUBLISHED) != (now == WorkflowState.PUBLISHED) and not created:
        refresh(_cited_by_update(instance.pk))


def follow_links(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    """m2m_changed of UpdateEntry.operative_paragraphs: the paragraphs linked to or unlinked from
    a published report paragraph (from a paragraph's side, `reverse`: that paragraph)."""
    if action == "pre_clear":
        if reverse:
            instance._mandates_cleared = {instance.pk}
        elif _is_published(instance):
            instance._mandates_cleared = set(instance.operative_paragraphs.values_list("pk", flat=True))
        return
    if action == "post_clear":
        refresh(instance.__dict__.pop("_mandates_cleared", ()))
    elif action in ("post_add", "post_remove") and pk_set:
        if reverse:
            refresh([instance.pk])
        elif _is_published(instance):
            refresh(pk_set)


def follow_bulk_links(sender, name, entries, targets, **kwargs) -> None:
    """restrack.reporting.signals.entries_linked_in_bulk: operative paragraphs linked to new
    paragraphs of a published update in bulk."""
    if name == "operative_paragraphs" and entries and _is_published(entries[0]):
        refresh(targets)


def note_deleted_entry(sender, instance, **kwargs) -> None:
    """pre_delete of an UpdateEntry: the paragraphs a published paragraph cites, to look at after."""
    if _is_published(instance):
        instance._mandates_deleted = set(instance.operative_paragraphs.values_list("pk", flat=True))


def follow_deleted_entry(sender, instance, **kwargs) -> None:
    refresh(instance.__dict__.pop("_mandates_deleted", ()))


def follow_new_paragraph(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of an OperativeParagraph: a new sub-paragraph of a paragraph already reported on
    is reported on too."""
    if created and not raw and instance.parent_id is not None:
        refresh([instance.pk])
