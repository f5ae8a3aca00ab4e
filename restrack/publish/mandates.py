"""Mandates and their coverage on the public tracker: which operative paragraphs ask the secretariat
to act or to report (restrack.registry.models.mandates_q), which of them the published reports of
the last two periods reported on, and which were never reported on.

A mandate is counted once, where the work is: a paragraph with sub-paragraphs ("Requests the
Executive Director: (a) …; (b) …") counts through its sub-paragraphs, not beside them. A report that
cites a paragraph reports on its sub-paragraphs too ("OP 2" covers 2(a)); a report citing 2(a)
reports on 2(a). Everything is computed in the database: counts and a paged list, never all rows.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Q, QuerySet, Subquery

from restrack.accounts import policy
from restrack.registry.models import OperativeParagraph, mandates_q
from restrack.reporting.models import ReportingPeriod, UpdateEntry

RECENT_PERIODS = 2  # "reported on in the last two periods"
CITATIONS = UpdateEntry.operative_paragraphs.through


@dataclass(frozen=True)
class Coverage:
    mandates: int
    reported: int  # of them, reported on in the last RECENT_PERIODS published periods
    never: int  # of them, never reported on in a published report
    periods: tuple[str, ...]  # the periods counted as recent, newest first

    @property
    def percent(self) -> int | None:
        return None if not self.mandates else round(100 * self.reported / self.mandates)


def recent_periods() -> list[str]:
    """Labels of the last RECENT_PERIODS published periods, newest first."""
    periods = policy.public(ReportingPeriod.objects.all()).order_by("-start_date").values_list("label", flat=True)
    return list(periods[:RECENT_PERIODS])


def mandate_paragraphs(paragraphs: QuerySet | None = None) -> QuerySet:
    """The mandates among `paragraphs` (default: all), each counted once (no sub-paragraphs)."""
    paragraphs = OperativeParagraph.objects.all() if paragraphs is None else paragraphs
    return paragraphs.filter(mandates_q()).exclude(Exists(OperativeParagraph.objects.filter(parent=OuterRef("pk"))))


def _citations(periods: list[str] | None = None) -> QuerySet:
    """Published report paragraphs' citations of an operative paragraph, its parent or grandparent
    (the outer query's), in `periods` when given."""
    citations = CITATIONS.objects.filter(
        Q(operativeparagraph_id=OuterRef("pk"))
        | Q(operativeparagraph_id=OuterRef("parent_id"))
        | Q(operativeparagraph_id=OuterRef("parent__parent_id"))
    ).filter(policy.public_q("reporting.updateentry", "updateentry"))
    if periods is not None:
        citations = citations.filter(updateentry__update__period__label__in=periods)
    return citations


def with_reporting(paragraphs: QuerySet, periods: list[str]) -> QuerySet:
    """`paragraphs` annotated with `reported_recently` (in `periods`), `ever_reported` and
    `last_reported` (the label of the latest published period whose report cites them)."""
    latest = (
        _citations()
        .order_by("-updateentry__update__period__start_date")
        .values("updateentry__update__period__label")[:1]
    )
    return paragraphs.annotate(
        reported_recently=Exists(_citations(periods)),
        ever_reported=Exists(_citations()),
        last_reported=Subquery(latest),
    )


def never_reported(paragraphs: QuerySet) -> QuerySet:
    """The mandates among `paragraphs` no published report has cited (nor their parents)."""
    return mandate_paragraphs(paragraphs).exclude(Exists(_citations()))


def coverage(paragraphs: QuerySet | None = None) -> Coverage:
    """Coverage of the mandates among `paragraphs` (default all): one aggregate query."""
    periods = recent_periods()
    counts = with_reporting(mandate_paragraphs(paragraphs), periods).aggregate(
        mandates=Count("pk"),
        reported=Count("pk", filter=Q(reported_recently=True)),
        never=Count("pk", filter=Q(ever_reported=False)),
    )
    return Coverage(counts["mandates"], counts["reported"], counts["never"], tuple(periods))
