"""The mail followers and coordinators get, written in the follower's language from the templates
under follow/email/ (first line the subject) and sent by a worker of the task queue
(restrack.reporting.tasks.send_soon). Followers' mail carries List-Unsubscribe with its one-click
POST (RFC 8058), so a mail program's "unsubscribe" button ends it without a visit."""

from __future__ import annotations

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from restrack.core.site import absolute_url
from restrack.follow import tokens
from restrack.follow.choices import FollowScope
from restrack.follow.models import Subscription
from restrack.publish.templatetags.tracker import instrument_name
from restrack.reporting.tasks import send_soon


def described(subscription: Subscription) -> str:
    """What `subscription` follows, in words of the active language."""
    if subscription.scope == FollowScope.INSTRUMENT:
        return instrument_name(subscription.instrument)
    if subscription.scope == FollowScope.PARTNER:
        return _("paragraphs naming %(partner)s") % {"partner": subscription.partner.code}
    return _("the whole tracker")


def followed_url(subscription: Subscription) -> str:
    if subscription.scope == FollowScope.INSTRUMENT:
        return absolute_url(subscription.instrument.get_absolute_url())
    if subscription.scope == FollowScope.PARTNER:
        return absolute_url(reverse("publish:partner", args=[subscription.partner.code]))
    return absolute_url(reverse("publish:dashboard"))


def _send(address: str, language: str, template: str, context: dict, *, stop: str = "", private: bool = True) -> None:
    with translation.override(language):
        text = render_to_string(f"follow/email/{template}.txt", context)
    subject, _newline, body = text.strip().partition("\n")
    headers = {"List-Unsubscribe": f"<{stop}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"} if stop else None
    send_soon(
        subject.strip(), body.strip() + "\n", address, what=f"follow {template}", headers=headers, private=private
    )


def to_follower(subscription: Subscription, template: str, **context) -> None:
    """Mail one follower: the context has what it follows (`what`, `what_url`) and its stop link."""
    with translation.override(subscription.language):
        stop = tokens.stop_url(subscription)
        context = {**context, "what": described(subscription), "what_url": followed_url(subscription), "stop_url": stop}
    _send(subscription.email, subscription.language, template, context, stop=stop)


def to_coordinator(user, template: str, **context) -> None:
    _send(user.email, settings.LANGUAGE_CODE, template, {**context, "coordinator": True}, private=False)


def to_recipient(recipient, template: str, **context) -> None:
    """Mail a follower (Subscription) or a coordinator (a user), each as they are written to."""
    if isinstance(recipient, Subscription):
        to_follower(recipient, template, **context)
    else:
        to_coordinator(recipient, template, **context)


def confirm(subscription: Subscription) -> None:
    with translation.override(subscription.language):
        link = tokens.confirm_url(subscription)
    to_follower(subscription, "confirm", confirm_url=link, hours=settings.RESTRACK_FOLLOW_CONFIRM_HOURS)


def already_following(subscription: Subscription) -> None:
    to_follower(subscription, "already_following")
