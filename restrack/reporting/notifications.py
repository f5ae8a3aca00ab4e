"""E-mail to the people a step of the cycle concerns: focal points when a period opens, when their
update is returned or approved, and when reminded; reviewers when an update is submitted.

Mail is written after the step's transaction commits (a refused step sends nothing) and sent by a
worker of the task queue (restrack.reporting.tasks), which retries a mail server that fails; a
failure is logged rather than undoing a step that has already happened."""

from __future__ import annotations

from collections import defaultdict

from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from restrack.accounts.choices import Role
from restrack.accounts.models import FocalPointAssignment
from restrack.accounts.roles import GROUP_NAMES
from restrack.core.site import absolute_url
from restrack.reporting.tasks import send_soon


def absolute(path: str) -> str:
    """RESTRACK_SITE_URL + path; unset, the address the request came to or the server binds."""
    return absolute_url(path)


def update_url(update) -> str:
    return absolute(reverse("reporting:update", args=[update.pk]))


def focal_points_for(updates) -> dict:
    """Each focal point (with an e-mail address) → the updates of the instruments assigned to them."""
    by_instrument = defaultdict(list)
    for update in updates:
        by_instrument[update.instrument_id].append(update)
    people = defaultdict(list)
    assignments = (
        FocalPointAssignment.objects.filter(instrument_id__in=by_instrument, user__is_active=True)
        .exclude(user__email="")
        .select_related("user")
    )
    for assignment in assignments:
        people[assignment.user].extend(by_instrument[assignment.instrument_id])
    return people


def _people_with_role(*roles):
    return (
        get_user_model()
        .objects.filter(groups__name__in=[GROUP_NAMES[role] for role in roles], is_active=True)
        .exclude(email="")
        .distinct()
    )


def _send_later(recipients_and_context: list[tuple], template: str) -> None:
    def send():
        for user, context in recipients_and_context:
            subject, _newline, body = render_to_string(
                f"reporting/email/{template}.txt", {**context, "user": user}
            ).partition("\n")
            send_soon(subject.strip(), body.strip() + "\n", user.email, what=template)

    if recipients_and_context:
        transaction.on_commit(send)


def period_opened(period, drafts) -> int:
    people = focal_points_for(drafts)
    _send_later(
        [
            (user, {"period": period, "updates": [(u, update_url(u)) for u in updates]})
            for user, updates in people.items()
        ],
        "period_opened",
    )
    return len(people)


def reminders(period, updates) -> int:
    people = focal_points_for(updates)
    _send_later(
        [
            (user, {"period": period, "updates": [(u, update_url(u)) for u in updates]})
            for user, updates in people.items()
        ],
        "reminder",
    )
    return len(people)


def submitted(update) -> None:
    reviewers = list(_people_with_role(Role.REVIEWER)) or list(_people_with_role(Role.COORDINATOR))
    _send_later([(user, {"update": update, "url": update_url(update)}) for user in reviewers], "submitted")


def _drafters(update):
    people = set(focal_points_for([update]))
    if update.author and update.author.email and update.author.is_active:
        people.add(update.author)
    return sorted(people, key=lambda user: user.pk)


def returned(update, comment: str) -> None:
    _send_later(
        [(user, {"update": update, "url": update_url(update), "comment": comment}) for user in _drafters(update)],
        "returned",
    )


def approved(update) -> None:
    _send_later([(user, {"update": update, "url": update_url(update)}) for user in _drafters(update)], "approved")
