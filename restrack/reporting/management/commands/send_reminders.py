"""`restrack send-reminders [--period 2025-H1 | --days 7] [--dry-run] [--as USERNAME]`

For a scheduler (cron): e-mail the focal points of every update not yet submitted, in each open
period whose deadline for inputs is near or past (or in the one period named). Each run that
reminds someone is logged in the period's workflow log.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.accounts.commands import acting_user_for_command
from restrack.reporting import actions, notifications
from restrack.reporting.choices import PeriodState
from restrack.reporting.editing import WAITING_FOR_FOCAL_POINTS
from restrack.reporting.models import ReportingPeriod


class Command(BaseCommand):
    help = (
        "Remind focal points of updates not yet submitted: in every open period whose deadline for inputs "
        "is within --days days or past, or in the period given with --period."
    )

    def add_arguments(self, parser):
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--period", metavar="LABEL", help="Remind for this period (2025-H1), whatever its deadline.")
        which.add_argument(
            "--days",
            type=int,
            default=7,
            metavar="N",
            help="Remind for open periods whose deadline is at most N days away or past (default 7).",
        )
        parser.add_argument("--dry-run", action="store_true", help="List who would be reminded of what; send nothing.")
        parser.add_argument(
            "--as",
            dest="username",
            metavar="USERNAME",
            help="The coordinator or administrator the reminders are sent as (default: the system account).",
        )

    def handle(self, *args, period, days, dry_run, username, **options):
        if days < 0:
            raise CommandError("--days cannot be negative.")
        acting_user = acting_user_for_command(
            username,
            whom="a coordinator's",
            allowed=lambda user: policy.allows(user, Ability.SEND_REMINDERS),
            refusal="{username} is not a coordinator or administrator: only they send reminders.",
        )
        periods = [self._named_period(period)] if period else self._periods_due(days)
        if not periods:
            self.stdout.write(
                f"No open period has its deadline for inputs within {days} days or past: nothing to send."
            )
            return
        for reporting_period in periods:
            self._remind(reporting_period, acting_user=acting_user, dry_run=dry_run)

    def _named_period(self, label):
        found = ReportingPeriod.objects.filter(label=label.strip().upper()).first()
        if found is None:
            known = ", ".join(ReportingPeriod.objects.order_by("-start_date").values_list("label", flat=True)[:6])
            raise CommandError(
                f"No reporting period {label!r}" + (f"; the latest are {known}." if known else "; none exists yet.")
            )
        if found.state != PeriodState.OPEN:
            raise CommandError(
                f"Period {found.label} is {found.get_state_display()}: reminders are sent only while a "
                "period is open for inputs."
            )
        return found

    def _periods_due(self, days):
        until = timezone.localdate() + datetime.timedelta(days=days)
        return list(
            ReportingPeriod.objects.filter(state=PeriodState.OPEN, input_deadline__lte=until).order_by(
                "input_deadline", "label"
            )
        )

    def _remind(self, period, *, acting_user, dry_run):
        deadline = f"deadline {period.input_deadline:%Y-%m-%d}" if period.input_deadline else "no deadline"
        waiting = list(
            period.updates.filter(workflow_state__in=WAITING_FOR_FOCAL_POINTS)
            .select_related("instrument")
            .order_by("instrument")
        )
        people = notifications.focal_points_for(waiting)
        heading = f"{period.label} ({deadline}): "
        if not people:
            reason = (
                "the updates waiting have no focal point with an e-mail address"
                if waiting
                else "no update is waiting for its focal points"
            )
            self.stdout.write(heading + reason + "; nothing to send.")
            return
        reminded = len(people)
        if not dry_run:
            try:
                reminded = actions.send_reminders(period, acting_user=acting_user)
            except (PermissionDenied, ValidationError) as error:
                messages = error.messages if isinstance(error, ValidationError) else [str(error)]
                raise CommandError(f"{period.label}: " + " ".join(messages)) from None
        verb = "would remind" if dry_run else "reminded"
        self.stdout.write(
            self.style.SUCCESS(heading + f"{verb} {reminded} focal points of {len(waiting)} updates")
            + (" [dry run: nothing sent]" if dry_run else "")
        )
        for user, updates in sorted(people.items(), key=lambda item: item[0].username):
            listed = ", ".join(
                f"{update.instrument.reference} ({update.get_workflow_state_display()})" for update in updates
            )
            self.stdout.write(f"  {user.username} <{user.email}>: {listed}")
        orphans = [update for update in waiting if not any(update in updates for updates in people.values())]
        if orphans:
            self.stdout.write(
                self.style.WARNING(
                    "  nobody to remind of: " + ", ".join(update.instrument.reference for update in orphans)
                )
            )
