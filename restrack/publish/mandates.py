"""Mandates and their coverage on the public tracker: which operative paragraphs ask the secretariat
to act or to report (restrack.registry.models.mandates_q), which of them the published reports of
the last two periods reported on, and which were never reported on.

A mandate is counted once, where the work is: a paragraph with sub-paragraphs ("Requests the
Executive Director: (a) …; (b) …") counts through its sub-paragraphs, not beside them. A report that
cites a paragraph reports on its sub-paragraphs too ("OP 2" covers 2(a)); a report citing 2(a)
reports on 2(a). When each paragraph was last reported on is kept (restrack.publish.models.
MandateReporting, by restrack.publish.mandate_counts), so everything is computed in the database
by an index: counts and a paged list, never all rows, never the millions of citations.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, QuerySet

from restrack.accounts import policy
from restrack.registry.models import OperativeParagraph, mandates_q
from restrack.reporting.models import ReportingPeriod

RECENT_PERIODS = 2  # "reported on in the last two periods"


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


def reported_q(periods: list[str]) -> Q:
    """Paragraphs last reported on in one of `periods` (the recent ones) or later."""
    if not periods:
        return Q(pk__in=[])
    oldest = ReportingPeriod.objects.filter(label__in=periods).order_by("start_date").values("start_date")[:1]
    return Q(public_reporting__period_start__gte=oldest)


NEVER_Q = Q(public_reporting__isnull=True)


def with_reporting(paragraphs: QuerySet, periods: list[str]) -> QuerySet:
    """`paragraphs` annotated with `reported_recently` (in `periods`), `ever_reported` and
    `last_reported` (the label of the latest published period whose report cites them)."""
    return paragraphs.annotate(
        reported_recently=ExpressionWrapper(reported_q(periods), output_field=BooleanField()),
        ever_reported=ExpressionWrapper(~NEVER_Q, output_field=BooleanField()),
        last_reported=F("public_reporting__period__label"),
    )


def never_reported(paragraphs: QuerySet) -> QuerySet:
    """The mandates among `paragraphs` no published report has cited (nor their parents)."""
    return mandate_paragraphs(paragraphs).filter(NEVER_Q)


def coverage(paragraphs: QuerySet | None = None) -> Coverage:
    """Coverage of the mandates among `paragraphs` (default all): one aggregate query."""
    periods = recent_periods()
    counts = mandate_paragraphs(paragraphs).aggregate(
        mandates=Count("pk"),
        reported=Count("pk", filter=reported_q(periods)),
        never=Count("pk", filter=NEVER_Q),
    )
    return Coverage(counts["mandates"], counts["reported"], counts["never"], tuple(periods))
