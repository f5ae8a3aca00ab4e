"""Each instrument's implementation status, period by period, as a machine reads it: one row per
update that states a status, with the status the instrument had in its previous period that
stated one (`previous_status`, `previous_period`), whether it changed, where it came from
(assessed in the cycle or derived from an imported report's text), who assessed it and when, and
the report's sentences it rests on. The API's /api/v1/status-history/ and its exports read it.

Visibility is the updates': a reader sees the rows of the updates they may read, and the previous
status is taken among those too (the public's history never reveals a draft's status)."""

from __future__ import annotations

from django.db.models import F, OuterRef, Q, QuerySet, Subquery

from restrack.accounts import policy
from restrack.core.exports import QUERY_CHUNK, Table
from restrack.reporting.models import ProgressUpdate

COLUMNS = [
    "instrument",
    "instrument_slug",
    "period",
    "status",
    "previous_period",
    "previous_status",
    "changed",
    "status_source",
    "status_assessed_at",
    "evidence",
    "evidence_language",
]
EVIDENCE_SEPARATOR = " | "


def status_history(user) -> QuerySet:
    """The updates `user` may read that state a status, each annotated with the previous period
    (`previous_period`) and status (`previous_status`) of the same instrument among them."""
    stated = policy.visible_to(user, ProgressUpdate.objects.exclude(status=""))
    earlier = stated.filter(
        instrument=OuterRef("instrument"), period__start_date__lt=OuterRef("period__start_date")
    ).order_by("-period__start_date")
    return stated.annotate(
        previous_status=Subquery(earlier.values("status")[:1]),
        previous_period=Subquery(earlier.values("period__label")[:1]),
    ).select_related("instrument", "period", "status_assessed_by")


def changed_q() -> Q:
    """Rows whose status differs from the previous period's (a first status is a change)."""
    return Q(previous_status__isnull=True) | ~Q(status=F("previous_status"))


def is_changed(update) -> bool:
    return update.previous_status != update.status


def evidence_in(update, language: str) -> tuple[list[str], str]:
    """The evidence sentences in `language`, else in the first language that has some."""
    evidence = update.status_evidence or {}
    if evidence.get(language):
        return list(evidence[language]), language
    for code, sentences in evidence.items():
        if sentences:
            return list(sentences), code
    return [], ""


def status_history_table(queryset: QuerySet, *, language: str) -> Table:
    """One row per status_history row."""
    return Table("restrack-status-history", "Status history", COLUMNS, _rows(queryset, language))


def _rows(queryset: QuerySet, language: str):
    for update in queryset.iterator(chunk_size=QUERY_CHUNK):
        sentences, shown = evidence_in(update, language)
        yield [
            update.instrument.reference,
            update.instrument.slug,
            update.period.label,
            update.status,
            update.previous_period,
            update.previous_status,
            is_changed(update),
            update.status_source,
            update.status_assessed_at,
            EVIDENCE_SEPARATOR.join(sentences),
            shown,
        ]
