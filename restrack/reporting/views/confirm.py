"""One pattern for the cycle's irreversible steps (opening a period, publishing it): the step's
button leads to a page that says what will happen, in numbers, and runs the step only when that
page's button is pressed (a POST with confirm=yes). A POST without it, from an old form or a
script, changes nothing and shows the page. No JavaScript is needed."""

from __future__ import annotations

from collections import Counter

from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.generic import TemplateView

from restrack.accounts.choices import Ability
from restrack.accounts.mixins import AbilityRequiredMixin
from restrack.accounts.models import FocalPointAssignment
from restrack.registry.models import Instrument
from restrack.reporting import actions
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.selectors import period_or_404
from restrack.reporting.views.common import run_step

CONFIRMED = "yes"


class ConfirmedPeriodStepView(AbilityRequiredMixin, TemplateView):
    """GET: what `step` will do to the period, and a button to do it. POST with confirm=yes: do it
    and return to the board saying what happened."""

    ability = Ability.OPEN_PERIOD
    template_name = "reporting/confirm_step.html"
    step = None

    def get_context_data(self, **kwargs):
        period = period_or_404(kwargs["label"])
        consequences, warnings = self.consequences(period)
        return {
            **super().get_context_data(**kwargs),
            "period": period,
            "title": self.title(period),
            "consequences": consequences,
            "warnings": warnings,
            "confirm_label": self.confirm_label(period),
            "refused": self.refusal(period),
            "action": self.request.path,
            "confirmed": CONFIRMED,
        }

    def post(self, request, label):
        period = period_or_404(label)
        if request.POST.get("confirm") != CONFIRMED:
            return redirect(request.path)
        run_step(request, self.step, period, success=self.success_message(period))
        return redirect("reporting:period_board", label=period.label)

    def title(self, period) -> str:
        raise NotImplementedError

    def confirm_label(self, period) -> str:
        raise NotImplementedError

    def consequences(self, period) -> tuple[list[str], list[str]]:
        """What the step will do (sentences), and what the coordinator should know before (warnings)."""
        raise NotImplementedError

    def refusal(self, period) -> str:
        """Why the step cannot be taken now ("" when it can): the page then offers no button."""
        return ""

    def success_message(self, period) -> str:
        raise NotImplementedError


def not_published_counts(period) -> Counter:
    """How many of the period's updates are in each workflow state."""
    return Counter(period.updates.values_list("workflow_state", flat=True))


class PeriodOpenView(ConfirmedPeriodStepView):
    step = staticmethod(actions.open_period)

    def title(self, period):
        return _("Open %(label)s for inputs?") % {"label": period.label}

    def confirm_label(self, period):
        return _("Yes, open %(label)s for inputs") % {"label": period.label}

    def refusal(self, period):
        if period.state != PeriodState.PLANNED:
            return _("Period %(label)s is %(state)s; only a planned period can be opened.") % {
                "label": period.label,
                "state": period.get_state_display(),
            }
        return ""

    def consequences(self, period):
        active = Instrument.objects.filter(is_active=True)
        instruments = active.count()
        people = (
            FocalPointAssignment.objects.filter(instrument__in=active)
            .exclude(user__email="")
            .values("user")
            .distinct()
            .count()
        )
        done = [
            ngettext(
                "A draft will be made for the %(count)s active instrument, pre-filled from its last approved update.",
                "A draft will be made for each of the %(count)s active instruments, pre-filled from its last "
                "approved update.",
                instruments,
            )
            % {"count": instruments},
            ngettext(
                "%(count)s focal point will be e-mailed the list of their drafts.",
                "%(count)s focal points will be e-mailed the list of their drafts.",
                people,
            )
            % {"count": people},
            _("This cannot be undone: an opened period does not return to planned."),
        ]
        warnings = []
        today = timezone.localdate()
        if period.input_deadline is None:
            warnings.append(_("No deadline for inputs is set: the e-mails will give none. Set it first."))
        elif period.input_deadline < today:
            warnings.append(
                _("The deadline for inputs, %(deadline)s, has passed: every draft will be overdue at once.")
                % {"deadline": period.input_deadline.isoformat()}
            )
        else:
            done.insert(
                2,
                _("Inputs are due by %(deadline)s.") % {"deadline": period.input_deadline.isoformat()},
            )
        if period.board_session_id is None:
            warnings.append(_("No Executive Board session is set for the period."))
        return done, warnings

    def success_message(self, period):
        return _(
            "Period %(label)s is open; a draft is ready for every active instrument and focal points have been told."
        ) % {"label": period.label}


class PeriodPublishView(ConfirmedPeriodStepView):
    step = staticmethod(actions.publish_period)

    def title(self, period):
        return _("Publish %(label)s?") % {"label": period.label}

    def confirm_label(self, period):
        approved = not_published_counts(period)[WorkflowState.APPROVED]
        return ngettext(
            "Yes, publish %(count)s approved update and freeze %(label)s",
            "Yes, publish %(count)s approved updates and freeze %(label)s",
            approved,
        ) % {"count": approved, "label": period.label}

    def refusal(self, period):
        if period.state not in (PeriodState.OPEN, PeriodState.CLOSED):
            return _("Period %(label)s is %(state)s; only an open or closed period can be published.") % {
                "label": period.label,
                "state": period.get_state_display(),
            }
        return ""

    def consequences(self, period):
        counts = not_published_counts(period)
        total = sum(counts.values())
        approved = counts[WorkflowState.APPROVED]
        left = total - approved
        done = [
            ngettext(
                "%(count)s of %(total)s updates is approved: it will be public on the tracker at once, and its "
                "proposed status will become its instrument's current status.",
                "%(count)s of %(total)s updates are approved: they will be public on the tracker at once, and their "
                "proposed statuses will become their instruments' current statuses.",
                approved,
            )
            % {"count": approved, "total": total},
        ]
        warnings = []
        if left:
            states = ", ".join(
                f"{label}: {counts[state]}"
                for state, label in WorkflowState.choices
                if counts[state] and state != WorkflowState.APPROVED
            )
            warnings.append(
                ngettext(
                    "%(count)s of %(total)s updates is not approved (%(states)s) and will not be published; it stays "
                    "unpublished for good, and the tracker keeps showing its instrument's last published update.",
                    "%(count)s of %(total)s updates are not approved (%(states)s) and will not be published; they "
                    "stay unpublished for good, and the tracker keeps showing their instruments' last published "
                    "updates.",
                    left,
                )
                % {"count": left, "total": total, "states": states}
            )
        if period.input_deadline and period.input_deadline >= timezone.localdate():
            warnings.append(
                _("The deadline for inputs, %(deadline)s, has not passed yet.")
                % {"deadline": period.input_deadline.isoformat()}
            )
        done.append(
            _(
                "The period will be frozen: nothing in %(label)s can be drafted, submitted, reviewed or published "
                "after this. A published update can still be corrected by a coordinator, with a reason."
            )
            % {"label": period.label}
        )
        return done, warnings

    def success_message(self, period):
        return _("Period %(label)s is published; the approved updates are now public.") % {"label": period.label}
