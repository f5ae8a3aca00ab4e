"""What follows for followers: a published period's digests and gap alerts (its committed event,
restrack.core.events.event_committed), and gap alerts when published funding figures change
(restrack.funding.actions.figures_committed: once per sheet recorded, whatever its rows)."""

from __future__ import annotations

from django.dispatch import receiver

from restrack.accounts import policy
from restrack.core.choices import EventKind
from restrack.core.events import event_committed
from restrack.follow import tasks
from restrack.funding.actions import figures_committed
from restrack.reporting.models import ReportingPeriod


@receiver(event_committed, dispatch_uid="restrack.follow.receivers")
def _tell_followers(sender, event, **kwargs):
    if event.kind == EventKind.PERIOD_PUBLISHED:
        tasks.run_soon(tasks.period_published, event.target_id)


@receiver(figures_committed, dispatch_uid="restrack.follow.receivers.figures")
def _look_at_gaps(sender, instrument_ids, period_ids, **kwargs):
    # Figures of a period not yet published are nobody's business; they are looked at when it is.
    if policy.public(ReportingPeriod.objects.filter(pk__in=period_ids)).exists():
        tasks.run_soon(tasks.gaps_changed, list(instrument_ids))
