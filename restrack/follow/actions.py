"""The only writes of following by e-mail: asking to follow, confirming, ending, and recording
what followers were told (restrack.follow.notify decides what to tell).

A visitor has no account, so the acting user of a visitor's step is the system account and the
event says what was followed (never the address); the request id ties it to its request. Mail
is sent after the step's transaction commits (a refused step sends nothing)."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.events import emit
from restrack.follow import mail
from restrack.follow.choices import FollowScope, NoticeKind
from restrack.follow.gaps import current_gaps
from restrack.follow.models import GapState, Notice, Subscription
from restrack.registry.models import Instrument, Partner


@dataclass(frozen=True)
class FollowRequest:
    email: str
    scope: str
    language: str
    instrument: Instrument | None = None
    partner: Partner | None = None
    gap_threshold: int | None = None


def _check(wanted: FollowRequest) -> None:
    if wanted.scope not in FollowScope.values:
        raise ValidationError(_("Say what to follow: the tracker, an instrument or a partner."))
    if (wanted.scope == FollowScope.INSTRUMENT) != (wanted.instrument is not None):
        raise ValidationError(_("Say which instrument to follow."))
    if (wanted.scope == FollowScope.PARTNER) != (wanted.partner is not None):
        raise ValidationError(_("Say which partner to follow."))
    if wanted.gap_threshold is not None and wanted.scope != FollowScope.INSTRUMENT:
        raise ValidationError(_("A funding gap threshold is for following one instrument."))
    if wanted.gap_threshold is not None and not 1 <= wanted.gap_threshold <= 100:
        raise ValidationError(_("The funding gap threshold is a per cent from 1 to 100."))
    if wanted.language not in dict(settings.LANGUAGES):
        raise ValidationError(_("Unknown language %(language)s.") % {"language": wanted.language})


@atomic_action
def request_following(wanted: FollowRequest, *, acting_user) -> Subscription:
    """Ask to follow: a new (or still pending) subscription gets a confirmation link by mail; an
    address that already follows it is told so (with its link to stop), and its threshold is not
    changed by someone who has not shown they read its mail."""
    _check(wanted)
    email = wanted.email.strip()
    target = Subscription.target_of(wanted.scope, wanted.instrument, wanted.partner)
    subscription = Subscription.objects.select_for_update().filter(email__iexact=email, target=target).first()
    already = subscription is not None and subscription.confirmed_at is not None
    if subscription is None:
        subscription = Subscription(
            email=email,
            scope=wanted.scope,
            instrument=wanted.instrument,
            partner=wanted.partner,
            target=target,
        )
    if not already:
        subscription.language = wanted.language
        subscription.gap_threshold = wanted.gap_threshold
        subscription.created = timezone.now()  # the confirmation link's clock starts again
    subscription.full_clean(validate_constraints=False)
    send = mail.already_following if already else mail.confirm
    try:
        with transaction.atomic():  # a savepoint: the same request sent twice at once inserts once
            subscription.save()
    except IntegrityError:
        # The other request's row won (an identical double submit): it mails the link, this one
        # nothing. The database's words, which would name the address, are not logged.
        subscription = Subscription.objects.get(email__iexact=email, target=target)
        send = None
    emit(
        EventKind.FOLLOW_REQUESTED,
        actor=acting_user,
        target=subscription,
        data={"scope": subscription.scope, "already": already or send is None},
    )
    if send is not None:
        transaction.on_commit(lambda: send(subscription))
    return subscription


@atomic_action
def confirm_following(subscription: Subscription, *, acting_user) -> Subscription:
    """The address confirmed (its signed link, restrack.follow.tokens): it follows from now on.
    Refused when it was stopped meanwhile (Subscription.DoesNotExist); twice is once."""
    subscription = Subscription.objects.select_for_update().get(pk=subscription.pk)
    if subscription.confirmed_at is None:
        subscription.confirmed_at = timezone.now()
        subscription.save(update_fields=["confirmed_at"])
        if subscription.gap_threshold is not None:
            _start_watching(subscription.instrument_id, subscription.gap_threshold)
        emit(EventKind.FOLLOW_CONFIRMED, actor=acting_user, target=subscription, data={"scope": subscription.scope})
    return subscription


def _start_watching(instrument_id: int, threshold: int) -> None:
    """Where the gap stands now, so that its first crossing after this is told (and not one that
    happened while nobody watched this threshold)."""
    gap, _record = current_gaps([instrument_id]).get(instrument_id, (None, None))
    if gap is None:
        return
    state, _created = GapState.objects.select_for_update().get_or_create(
        instrument_id=instrument_id, threshold=threshold, defaults={"above": gap >= threshold}
    )
    if state.above != (gap >= threshold):
        state.above, state.checked_at = gap >= threshold, timezone.now()
        state.save(update_fields=["above", "checked_at"])


@atomic_action
def end_following(subscription: Subscription, *, acting_user, reason: str = "") -> None:
    """Stop: the subscription and what it was told are deleted (the address is not kept); one
    already stopped (two clicks at once) stops nothing more."""
    if not Subscription.objects.select_for_update().filter(pk=subscription.pk).exists():
        return
    emit(
        EventKind.FOLLOW_ENDED,
        actor=acting_user,
        target=subscription,
        reason=reason,
        data={"scope": subscription.scope, "confirmed": subscription.confirmed_at is not None},
    )
    subscription.delete()


@atomic_action
def forget_unconfirmed(*, acting_user, before) -> int:
    """Delete the subscriptions never confirmed whose link expired (asked for before `before`)."""
    stale = Subscription.objects.filter(confirmed_at__isnull=True, created__lt=before)
    count = stale.count()
    if count:
        emit(
            EventKind.FOLLOW_ENDED,
            actor=acting_user,
            target=acting_user,
            reason="confirmation links expired",
            data={"unconfirmed_deleted": count},
        )
        stale.delete()
    return count


def _keep_gap_states(looked: list[GapState]) -> None:
    """Store the states looked at (their `above` and `crossings`): new ones created, changed ones
    updated, in bulk (a period of every instrument looks at tens of thousands)."""
    now = timezone.now()
    known = {
        (state.instrument_id, state.threshold): state
        for state in GapState.objects.filter(instrument__in={state.instrument_id for state in looked})
    }
    new, changed = [], []
    for state in looked:
        stored = known.get((state.instrument_id, state.threshold))
        if stored is None:
            state.checked_at = now
            new.append(state)
        elif (stored.above, stored.crossings) != (state.above, state.crossings):
            stored.above, stored.crossings, stored.checked_at = state.above, state.crossings, now
            changed.append(stored)
    GapState.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    GapState.objects.bulk_update(changed, ["above", "crossings", "checked_at"], batch_size=500)


@dataclass(frozen=True)
class Told:
    """One thing told to one recipient: a follower (Subscription) or a coordinator (a user)."""

    recipient: object
    kind: str  # NoticeKind
    about: str  # 'period:7', 'commitment:45', 'gap:12:above'


def _key(item: Told) -> tuple:
    follower = isinstance(item.recipient, Subscription)
    return (item.recipient.pk if follower else None, None if follower else item.recipient.pk, item.kind, item.about)


@atomic_action
def record_told(told: list[Told], *, acting_user, gap_states: list[GapState] = (), summary: dict) -> list[Told]:
    """Record that each of `told` is told, and the gap states looked at; return those not told
    before (a concurrent run or a retried publication told the others), which the caller mails
    after the commit. In bulk: the notices are inserted skipping those that exist, each stamped
    with this run's time, and the ones holding that stamp are this run's."""
    stamp = timezone.now()
    wanted = {_key(item): item for item in told}
    Notice.objects.bulk_create(
        [
            Notice(subscription_id=follower, user_id=user, kind=kind, about=about, sent_at=stamp)
            for follower, user, kind, about in wanted
        ],
        batch_size=500,
        ignore_conflicts=True,
    )
    ours = Notice.objects.filter(
        sent_at=stamp, kind__in={item.kind for item in told}, about__in={item.about for item in told}
    )
    fresh = [wanted[key] for key in ours.values_list("subscription_id", "user_id", "kind", "about") if key in wanted]
    _keep_gap_states(gap_states)
    if fresh:
        emit(EventKind.FOLLOWERS_TOLD, actor=acting_user, target=acting_user, data={**summary, "told": len(fresh)})
    return fresh


__all__ = [
    "FollowRequest",
    "NoticeKind",
    "Told",
    "confirm_following",
    "end_following",
    "forget_unconfirmed",
    "record_told",
    "request_following",
]
