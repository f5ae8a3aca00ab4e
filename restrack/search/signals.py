"""Keeping the index current as the registry and the reports change.

Saves and deletes only note what changed; the rows are rewritten after the transaction commits
(`transaction.on_commit`), so a rolled-back import leaves no index rows behind, and an import
that touches fifty paragraphs rewrites them in one batch rather than fifty times.

Every noted change registers its own on-commit callback (Django drops the callbacks of a
rolled-back savepoint, and keeps the others); the first callback to run indexes everything noted
so far and the rest find nothing left to do. Changes noted in a savepoint that was rolled back
may still be in the batch: reindexing reads the database as it is, so they cost a little time and
change nothing. Indexing errors are logged, never raised at the caller, whose data is already
committed: `restrack rebuild-search-index` repairs the index. With a broker configured the rows
are rewritten by a worker (restrack.search.tasks), so a request does not wait for them.
"""

from __future__ import annotations

import logging

from django.db import connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.models.signals import post_delete, post_migrate, post_save

from restrack.registry.models import Instrument, OperativeParagraph, Partner, PartnerAlias
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, UpdateEntry
from restrack.reporting.signals import entries_to_rederive
from restrack.search import index
from restrack.search.models import HitKind, SearchEntry
from restrack.search.tasks import reindex_later

logger = logging.getLogger(__name__)

_BATCH_ATTRIBUTE = "_restrack_search_pending"


def _pending() -> dict[str, set[int]]:
    # Stored on the connection: Django gives each thread its own, as transactions are.
    pending = getattr(connection, _BATCH_ATTRIBUTE, None)
    if pending is None:
        pending = {}
        setattr(connection, _BATCH_ATTRIBUTE, pending)
    return pending


def flush() -> None:
    """Index everything noted so far (called after commit)."""
    pending = _pending()
    if not pending:
        return
    targets = {kind: set(ids) for kind, ids in pending.items()}
    pending.clear()
    reindex_later(targets)  # in a worker when a broker is configured


def schedule(kind: str, object_id: int | None) -> None:
    """Note that the rows of (`kind`, `object_id`) must be rewritten once the transaction commits."""
    if object_id is None:
        return
    _pending().setdefault(kind, set()).add(object_id)
    transaction.on_commit(flush, robust=True)


# Which model changes touch which rows: model → (kind, how to get the id from the instance).
TRACKED = {
    UpdateEntry: (HitKind.PARAGRAPH, lambda obj: obj.pk),
    Instrument: (HitKind.INSTRUMENT, lambda obj: obj.pk),
    OperativeParagraph: (HitKind.OPERATIVE_PARAGRAPH, lambda obj: obj.pk),
    Partner: (HitKind.PARTNER, lambda obj: obj.pk),
    PartnerAlias: (HitKind.PARTNER, lambda obj: obj.partner_id),
    # Publishing or unpublishing an update publishes or unpublishes its paragraphs.
    ProgressUpdate: (index.UPDATE, lambda obj: obj.pk),
    # A period's label is part of its paragraphs' rows.
    ReportingPeriod: (index.PERIOD, lambda obj: obj.pk),
}


def _receiver(sender, instance, **kwargs) -> None:
    kind, get_id = TRACKED[sender]
    schedule(kind, get_id(instance))


def _rederive(sender, entry_ids, **kwargs) -> None:
    for entry_id in entry_ids:
        schedule(HitKind.PARAGRAPH, entry_id)


def fill_after_migrate(sender, using="default", **kwargs) -> None:
    """Index everything when `migrate` leaves an empty index over existing data: a new
    installation (the reference data is loaded by migrations, which send no save signals) or an
    existing one that has just gained search."""
    if using != "default":
        return
    # After a partial `migrate app 0001`, some tables or columns are missing: wait for the rest.
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()) or SearchEntry.objects.exists():
        return
    if Instrument.objects.exists() or Partner.objects.exists():
        logger.info("Search: indexed %d entries", index.rebuild())


def connect(app_config) -> None:
    post_migrate.connect(fill_after_migrate, sender=app_config, dispatch_uid="restrack.search.fill")
    entries_to_rederive.connect(_rederive, dispatch_uid="restrack.search.rederive")
    for model in TRACKED:
        uid = f"restrack.search.{model._meta.label_lower}"
        post_save.connect(_receiver, sender=model, dispatch_uid=f"{uid}.save")
        post_delete.connect(_receiver, sender=model, dispatch_uid=f"{uid}.delete")
