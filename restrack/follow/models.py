"""Following the tracker by e-mail without an account (restrack.follow).

A `Subscription` is one address following the whole tracker, an instrument or a partner, in one
language; it is pending until the address confirms it (double opt-in: a signed, expiring link),
and is deleted, not kept, when it ends. Its `secret` is the key of the links in every mail
(confirm, stop); the address itself is never shown on a page, in the admin, the API or an
export, nor in the event log (whose record names the subscription by what it follows).

`Notice` records what a follower was told (a period's digest, a commitment overdue), so a
retried publication or a second run of the daily check tells nothing twice. `GapState` keeps, per
instrument and threshold, whether the instrument's public funding gap was at or above it when
last looked at, so that crossing it either way is told once. A follower confirming sets it to
where the gap stands then (nobody may have looked since the last follower of it left)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from restrack.follow.choices import FollowScope, NoticeKind
from restrack.registry.models import Instrument, Partner


def new_secret() -> str:
    return secrets.token_urlsafe(24)


class Subscription(models.Model):
    email = models.EmailField(_("e-mail address"), max_length=254)
    scope = models.CharField(_("follows"), max_length=20, choices=FollowScope.choices)
    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("instrument")
    )
    partner = models.ForeignKey(
        Partner, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("partner")
    )
    # What it follows as one value ("tracker", "instrument:12", "partner:3"): one address follows
    # one thing once (NULLs would not be equal in a unique constraint of the two keys).
    target = models.CharField(max_length=40, editable=False)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    gap_threshold = models.PositiveSmallIntegerField(
        _("tell me when the funding gap crosses (%)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    secret = models.CharField(max_length=64, unique=True, default=new_secret, editable=False)
    created = models.DateTimeField(default=timezone.now, editable=False)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    class Meta:
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        # One address (whatever its letters' case) follows one thing once.
        constraints = [models.UniqueConstraint(Lower("email"), "target", name="follow_one_address_one_target")]
        indexes = [models.Index(fields=["target", "confirmed_at"], name="follow_target_confirmed")]

    def __str__(self) -> str:
        # Never the address: this is what the event log and error messages show.
        return f"{self.get_scope_display()} {self.followed or ''} (#{self.pk})".replace("  ", " ")

    @property
    def followed(self):
        return self.instrument if self.scope == FollowScope.INSTRUMENT else self.partner

    @staticmethod
    def target_of(scope: str, instrument: Instrument | None = None, partner: Partner | None = None) -> str:
        if scope == FollowScope.INSTRUMENT:
            return f"instrument:{instrument.pk}"
        if scope == FollowScope.PARTNER:
            return f"partner:{partner.pk}"
        return FollowScope.TRACKER.value


class Notice(models.Model):
    # A follower, or a coordinator (told of every instrument's alerts with their account's address).
    subscription = models.ForeignKey(
        Subscription, on_delete=models.CASCADE, null=True, blank=True, related_name="notices"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=20, choices=NoticeKind.choices)
    about = models.CharField(max_length=60, help_text="What it told of: 'period:7', 'commitment:45', 'gap:12:above'.")
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["subscription", "kind", "about"],
                condition=models.Q(subscription__isnull=False),
                name="follow_told_once",
            ),
            models.UniqueConstraint(
                fields=["user", "kind", "about"], condition=models.Q(user__isnull=False), name="follow_told_user_once"
            ),
            models.CheckConstraint(
                condition=(models.Q(subscription__isnull=False) & models.Q(user__isnull=True))
                | (models.Q(subscription__isnull=True) & models.Q(user__isnull=False)),
                name="follow_told_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.about}"


class GapState(models.Model):
    instrument = models.ForeignKey(Instrument, on_delete=models.CASCADE, related_name="+")
    threshold = models.PositiveSmallIntegerField()
    above = models.BooleanField()
    # How many times it crossed: each crossing is told once (a Notice about this number), however
    # often the same published record is corrected back and forth.
    crossings = models.PositiveIntegerField(default=0)
    checked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["instrument", "threshold"], name="follow_gap_state_once")]

    def __str__(self) -> str:
        return f"{self.instrument_id} {'≥' if self.above else '<'} {self.threshold} %"
