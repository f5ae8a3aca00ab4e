"""Recording an update's versions: every action that raises an update's version number records
what the update then said (restrack.reporting.versions.snapshot) with the event that made it."""

from __future__ import annotations

from restrack.reporting.models import ProgressUpdate, UpdateVersion
from restrack.reporting.versions import snapshot


def record_version(update: ProgressUpdate, *, acting_user, reason: str = "", event=None) -> UpdateVersion:
    """Record the update as it stands at its current version number (once per number)."""
    version, _created = UpdateVersion.objects.get_or_create(
        update=update,
        version=update.version,
        defaults={
            "snapshot": snapshot(update),
            "workflow_state": update.workflow_state,
            "user": acting_user,
            "reason": reason[:200],
            "event": event,
        },
    )
    return version


def ensure_recorded(update: ProgressUpdate, *, acting_user) -> None:
    """Record the current version before it is changed, if nothing has recorded it yet (updates
    made before versions were kept), so that it can be compared and restored."""
    if not UpdateVersion.objects.filter(update=update, version=update.version).exists():
        # Credited to whoever last wrote the update's row (the coordinator who opened the period,
        # the import's system account), not to the person about to change it.
        last = update.history.exclude(history_user=None).order_by("-history_date").first()
        record_version(update, acting_user=last.history_user if last else acting_user, reason="As first recorded")
