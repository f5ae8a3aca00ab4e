"""What followers and coordinators are told, and when:

- **A period is published** (`period_published`): each confirmed follower whose subject changed
  gets one digest of what changed since the previous published period (restrack.publish.changes):
  the tracker's followers all of it, an instrument's its own line, a partner's the instruments
  whose published paragraphs of the period name the partner. Then the funding gaps are looked at.
- **Funding figures change** (`gaps_changed`): an instrument's followers who chose a threshold, and
  the coordinators (at RESTRACK_GAP_ALERT_PERCENT), are told when its public funding gap (that of
  its latest published figures) crosses it, either way. The first look only records where it is.
- **A commitment falls overdue** (`commitments_overdue`, daily by `restrack send-follow-alerts`):
  an instrument's followers are told of its commitments that fell overdue since they followed,
  the coordinators of every one that fell overdue in the last LOOKBACK_DAYS.

Each is recorded (restrack.follow.actions.record_told) before it is mailed after the commit, so a
retried publication or a second run tells nothing twice."""

from __future__ import annotations

import datetime
from collections import defaultdict

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation

from restrack.accounts import policy
from restrack.accounts.choices import Role
from restrack.accounts.roles import GROUP_NAMES
from restrack.accounts.system_user import get_system_user
from restrack.core.exports import QUERY_CHUNK
from restrack.core.site import absolute_url
from restrack.follow import mail
from restrack.follow.actions import Told, forget_unconfirmed, record_told
from restrack.follow.choices import FollowScope, NoticeKind
from restrack.follow.gaps import current_gaps
from restrack.follow.models import GapState, Subscription
from restrack.funding.models import FundingRecord
from restrack.publish.changes import period_changes, previous_period
from restrack.registry.models import Instrument
from restrack.reporting.models import Commitment, ReportingPeriod, UpdateEntry, overdue_commitments

DIGEST_LINES = 30  # instruments a digest names; the comparison page and the export have them all
LOOKBACK_DAYS = 30  # how far back the daily check looks for commitments that fell overdue
CHUNK = 2000  # instruments looked at in one IN list, recipients told in one transaction
OVERDUE_LINES = 50  # commitments an overdue mail names; the export linked has them all


def record(told: list[Told], *, summary: dict, gap_states=()) -> list[Told]:
    """record_told in transactions of CHUNK at a time (a short hold of SQLite's write lock each);
    the gap states with the last, so that a failure half-way tells the rest at the next look."""
    fresh = []
    starts = range(0, len(told), CHUNK) if told else [0]
    for start in starts:
        last = start + CHUNK >= len(told)
        fresh += record_told(
            told[start : start + CHUNK],
            acting_user=get_system_user(),
            gap_states=gap_states if last else (),
            summary=summary,
        )
    return fresh


def coordinators() -> list:
    return list(
        get_user_model()
        .objects.filter(groups__name=GROUP_NAMES[Role.COORDINATOR], is_active=True)
        .exclude(email="")
        .distinct()
    )


def confirmed(scope: str | None = None):
    subscriptions = Subscription.objects.filter(confirmed_at__isnull=False)
    if scope:
        subscriptions = subscriptions.filter(scope=scope)
    return subscriptions.select_related("instrument", "partner").order_by("pk")


# A period is published ----------------------------------------------------------------------------


def _partner_instruments(period: ReportingPeriod, partner_ids) -> dict[int, set[int]]:
    """{partner id: ids of the instruments whose public paragraphs of `period` name it}."""
    rows = policy.public(UpdateEntry.objects.filter(update__period=period, partners__in=partner_ids))
    found = defaultdict(set)
    for partner, instrument in rows.values_list("partners", "update__instrument").distinct():
        found[partner].add(instrument)
    return found


def period_published(period: ReportingPeriod) -> int:
    """Send each follower whose subject changed in `period` its digest; then look at the gaps.
    Returns how many digests were sent."""
    if not confirmed().exists():
        gaps_changed(period=period)
        return 0
    changes = period_changes(period)
    by_instrument = {change.instrument.pk: change for change in changes}
    partners = _partner_instruments(period, confirmed(FollowScope.PARTNER).values("partner"))
    digests, told = {}, []
    for subscription in confirmed().iterator(chunk_size=QUERY_CHUNK):
        if subscription.scope == FollowScope.TRACKER:
            lines = changes
        elif subscription.scope == FollowScope.INSTRUMENT:
            lines = [by_instrument[subscription.instrument_id]] if subscription.instrument_id in by_instrument else []
        else:
            lines = [
                by_instrument[pk] for pk in sorted(partners.get(subscription.partner_id, ())) if pk in by_instrument
            ]
        if lines:
            digests[subscription.pk] = lines
            told.append(Told(subscription, NoticeKind.DIGEST, f"period:{period.pk}"))
    fresh = record(told, summary={"period": period.label, "notice": "digest"})
    before = previous_period(period)
    export = absolute_url(reverse("period-changes-export", args=["v1", "csv"]) + f"?period={period.label}")

    def send():
        for item in fresh:
            lines = digests[item.recipient.pk]
            counts = defaultdict(int)
            for line in lines:
                for kind in line.kinds:
                    counts[kind] += 1
            with translation.override(item.recipient.language):  # the pages in the follower's language
                period_url = absolute_url(reverse("publish:period", args=[period.label]))
                compare = (
                    reverse("publish:period_compare") + f"?from={before.label}&to={period.label}" if before else ""
                )
            mail.to_follower(
                item.recipient,
                "digest",
                period=period,
                previous=before,
                lines=lines[:DIGEST_LINES],
                more=max(len(lines) - DIGEST_LINES, 0),
                counts=dict(counts),
                period_url=period_url,
                compare_url=absolute_url(compare) if compare else "",
                export_url=export,
            )

    transaction.on_commit(send)
    gaps_changed(period=period)
    return len(fresh)


# Funding gaps ---------------------------------------------------------------------------------------


def gaps_changed(*, period: ReportingPeriod | None = None, instrument_ids=()) -> int:
    """Tell who chose a threshold (and the coordinators) of the instruments (those with public
    figures in `period`, or `instrument_ids`) whose gap crossed it. Returns how many were told."""
    if period is not None:
        instrument_ids = policy.public(FundingRecord.objects.filter(period=period)).values_list("instrument", flat=True)
    ids = sorted(set(instrument_ids))
    return sum(_gaps_of(ids[start : start + CHUNK]) for start in range(0, len(ids), CHUNK))


def _gaps_of(instrument_ids: list[int]) -> int:
    watchers = defaultdict(list)  # (instrument id, threshold) → recipients
    followers = confirmed(FollowScope.INSTRUMENT).filter(instrument__in=instrument_ids, gap_threshold__isnull=False)
    for subscription in followers:
        watchers[(subscription.instrument_id, subscription.gap_threshold)].append(subscription)
    people = coordinators()
    if people:
        for pk in instrument_ids:
            watchers[(pk, settings.RESTRACK_GAP_ALERT_PERCENT)].extend(people)
    if not watchers:
        return 0
    gaps = current_gaps({pk for pk, _threshold in watchers})
    states = {
        (state.instrument_id, state.threshold): state
        for state in GapState.objects.filter(instrument__in={pk for pk, _threshold in watchers})
    }
    looked, told, alerts = [], [], []
    for (pk, threshold), recipients in watchers.items():
        gap, _record = gaps.get(pk, (None, None))
        if gap is None:
            continue
        above = gap >= threshold
        state = states.get((pk, threshold))
        crossed = state is not None and state.above != above  # the first look records where it is
        crossings = (state.crossings if state is not None else 0) + crossed
        looked.append(GapState(instrument_id=pk, threshold=threshold, above=above, crossings=crossings))
        if not crossed:
            continue
        about = f"gap:{pk}:{threshold}:{crossings}"
        for recipient in recipients:
            item = Told(recipient, NoticeKind.GAP, about)
            told.append(item)
            alerts.append((item, pk, threshold, gap, above))
    fresh = set(record(told, gap_states=looked, summary={"notice": "gap"}))
    instruments = Instrument.objects.in_bulk({alert[1] for alert in alerts})

    def send():
        for item, pk, threshold, gap, above in alerts:
            if item not in fresh:
                continue
            instrument = instruments[pk]
            context = {
                "instrument": instrument,
                "threshold": threshold,
                "gap": gap,
                "above": above,
                "instrument_url": absolute_url(instrument.get_absolute_url() + "#funding-heading"),
            }
            mail.to_recipient(item.recipient, "gap", **context)

    transaction.on_commit(send)
    return len(fresh)


# Commitments overdue ---------------------------------------------------------------------------------


def commitments_overdue(today: datetime.date | None = None) -> int:
    """Tell followers of an instrument of its public commitments that fell overdue since they
    followed, and coordinators of every one that fell overdue in the last LOOKBACK_DAYS (each
    once). Returns how many mails were sent."""
    today = today or timezone.localdate()
    due = Commitment.objects.filter(
        overdue_commitments(today), public=True, due_date__gte=today - datetime.timedelta(days=LOOKBACK_DAYS)
    ).select_related("instrument")
    by_instrument = defaultdict(list)
    for commitment in due.order_by("due_date", "pk"):
        by_instrument[commitment.instrument_id].append(commitment)
    if not by_instrument:
        return 0
    lists, told = defaultdict(list), []
    ids = sorted(by_instrument)
    for start in range(0, len(ids), CHUNK):
        followers = confirmed(FollowScope.INSTRUMENT).filter(instrument__in=ids[start : start + CHUNK])
        for subscription in followers:
            # A commitment falls overdue the day after it was due.
            since = timezone.localdate(subscription.confirmed_at) - datetime.timedelta(days=1)
            for commitment in by_instrument[subscription.instrument_id]:
                if commitment.due_date >= since:
                    told.append(Told(subscription, NoticeKind.OVERDUE, f"commitment:{commitment.pk}"))
    for person in coordinators():
        for commitments in by_instrument.values():
            told.extend(Told(person, NoticeKind.OVERDUE, f"commitment:{commitment.pk}") for commitment in commitments)
    fresh = record(told, summary={"notice": "overdue"})
    every = {commitment.pk: commitment for commitments in by_instrument.values() for commitment in commitments}
    for item in fresh:
        lists[item.recipient].append(every[int(item.about.split(":")[1])])
    everything = absolute_url(reverse("commitment-export", args=["v1", "csv"]) + "?overdue=true")

    def send():
        for recipient, commitments in lists.items():
            rows = [
                (c, absolute_url(c.instrument.get_absolute_url() + "#commitments-heading"))
                for c in commitments[:OVERDUE_LINES]
            ]
            context = {"commitments": rows, "count": len(commitments), "more": max(len(commitments) - OVERDUE_LINES, 0)}
            mail.to_recipient(recipient, "overdue", **context, export_url=everything)

    transaction.on_commit(send)
    return len(lists)


# Every day ------------------------------------------------------------------------------------------


def daily(today: datetime.date | None = None) -> tuple[int, int]:
    """What `restrack send-follow-alerts` (cron) or the worker's schedule (`restrack worker --beat`)
    does each day: tell of commitments that fell overdue, and delete requests to follow never
    confirmed whose link expired. Returns (mails sent, requests deleted)."""
    mails = commitments_overdue(today)
    expired = timezone.now() - datetime.timedelta(hours=settings.RESTRACK_FOLLOW_CONFIRM_HOURS)
    return mails, forget_unconfirmed(acting_user=get_system_user(), before=expired)
