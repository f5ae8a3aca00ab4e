"""The links of followers' mail. Confirming takes a signed link that expires
(RESTRACK_FOLLOW_CONFIRM_HOURS): an address that never confirms is never written to. Stopping
takes the subscription's secret, which never expires: the link in an old mail still works."""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation

from restrack.core.site import absolute_url
from restrack.follow.models import Subscription

SALT = "restrack.follow.confirm"


class LinkExpired(Exception):
    """A confirmation link past its time."""


def confirm_token(subscription: Subscription) -> str:
    return signing.TimestampSigner(salt=SALT).sign(subscription.secret)


def subscription_confirming(token: str) -> Subscription | None:
    """The subscription `token` confirms; LinkExpired when it is too old; None when it is not one of
    ours, or the subscription is gone."""
    max_age = settings.RESTRACK_FOLLOW_CONFIRM_HOURS * 3600
    try:
        secret = signing.TimestampSigner(salt=SALT).unsign(token, max_age=max_age)
    except signing.SignatureExpired as error:
        raise LinkExpired from error
    except signing.BadSignature:
        return None
    return Subscription.objects.filter(secret=secret).first()


def _in_language(subscription: Subscription, name: str, *args) -> str:
    with translation.override(subscription.language):
        return absolute_url(reverse(name, args=args))


def confirm_url(subscription: Subscription) -> str:
    return _in_language(subscription, "follow:confirm", confirm_token(subscription))


def stop_url(subscription: Subscription) -> str:
    return _in_language(subscription, "follow:stop", subscription.secret)
