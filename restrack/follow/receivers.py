"""What follows a committed event (restrack.core.events.event_committed) for followers: a published
period's digests and gap alerts, and gap alerts when published funding figures change."""

from __future__ import annotations

from django.dispatch import receiver

from restrack.accounts import policy
from restrack.core.choices import EventKind
from restrack.core.events import event_committed
from restrack.follow import tasks
from restrack.funding.models import FundingRecord


@receiver(event_committed, dispatch_uid="restrack.follow.receivers")
def _tell_followers(sender, event, **kwargs):
    if event.kind == EventKind.PERIOD_PUBLISHED:
        tasks.run_soon(tasks.period_published, event.target_id)
    elif event.kind == EventKind.FUNDING_RECORDED:
        # Figures of a period not yet published are nobody's business; they are looked at when it is.
        records = policy.public(FundingRecord.objects.filter(pk=event.target_id))
        if event.target_type.model_class() is FundingRecord:
            instrument = records.values_list("instrument_id", flat=True).first()
            if instrument is not None:
                tasks.run_soon(tasks.gaps_changed, [instrument])
