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
from restrack.publish.link_follower import LinkFollower
from restrack.publish.models import MandateReporting
from restrack.registry.models import OperativeParagraph
from restrack.reporting.models import ReportingPeriod, UpdateEntry

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


# Its receivers (connected in restrack.publish.apps), and one of its own below.
follower = LinkFollower("operative_paragraphs", refresh)


def follow_new_paragraph(sender, instance, created=False, raw=False, **kwargs) -> None:
    """post_save of an OperativeParagraph: a new sub-paragraph of a paragraph already reported on
    is reported on too."""
    if created and not raw and instance.parent_id is not None:
        refresh([instance.pk])
