"""The workspace (what each person has to do now) and the coordinator's period board."""

from __future__ import annotations

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import FormView, TemplateView

from restrack.accounts import policy
from restrack.accounts.choices import Ability, Role
from restrack.accounts.mixins import AbilityRequiredMixin
from restrack.accounts.models import FocalPointAssignment
from restrack.core.concurrency import StaleRecord
from restrack.core.translation_fields import get_translations
from restrack.registry.actions import get_or_create_board_session
from restrack.registry.models import GoverningBody, Session
from restrack.reporting import actions
from restrack.reporting.choices import PeriodState, WorkflowState
from restrack.reporting.editing import WAITING_FOR_FOCAL_POINTS
from restrack.reporting.forms import (
    PERIOD_TEXTS,
    BoardSessionForm,
    PeriodCreateForm,
    PeriodSettingsForm,
    introduction_field,
)
from restrack.reporting.log import last_events, period_log
from restrack.reporting.models import ProgressUpdate, ReportingPeriod
from restrack.reporting.periods import PeriodLabel
from restrack.reporting.selectors import period_or_404
from restrack.reporting.views.common import error_text, run_step

UNFINISHED_PERIODS = [PeriodState.PLANNED, PeriodState.OPEN, PeriodState.CLOSED]


def _updates(user):
    return policy.visible_to(user, ProgressUpdate.objects.select_related("instrument", "period", "author"))


class WorkspaceView(LoginRequiredMixin, TemplateView):
    """Each person's work: their instruments' drafts, a reviewer's queue, the coordinator's periods."""

    template_name = "reporting/workspace.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        role = policy.role_of(user)
        current = (
            _updates(user).filter(period__state__in=UNFINISHED_PERIODS).order_by("-period__start_date", "instrument")
        )
        reviewing = policy.allows(user, Ability.REVIEW_UPDATE)
        return {
            **super().get_context_data(**kwargs),
            "role": role,
            "role_label": Role(role).label if role else _("no role"),
            "mine": current.filter(instrument__focal_points__user=user),
            "queue": current.filter(workflow_state=WorkflowState.SUBMITTED) if reviewing else current.none(),
            "before_publication": current.filter(workflow_state__in=[WorkflowState.SUBMITTED, WorkflowState.APPROVED])
            if role in policy.MEMBER_STATES
            else current.none(),
            "periods": policy.visible_to(user, ReportingPeriod.objects.order_by("-start_date"))[:12],
            "coordinating": policy.allows(user, Ability.OPEN_PERIOD),
        }


class CoordinatorRequiredMixin(AbilityRequiredMixin):
    """The pages where coordinators manage periods."""

    ability = Ability.OPEN_PERIOD


class PeriodCreateView(CoordinatorRequiredMixin, FormView):
    template_name = "reporting/period_create.html"
    form_class = PeriodCreateForm

    def get_initial(self):
        """The first half-year from today's that has no period yet."""
        label = PeriodLabel.containing(timezone.localdate())
        while ReportingPeriod.objects.filter(label=str(label)).exists():
            label = label.next()
        return {"label": str(label)}

    def form_valid(self, form):
        data = form.cleaned_data
        fields = {name: data[name] for name in ("input_deadline", "board_session") if data.get(name)}
        try:
            period = actions.create_reporting_period(data["label"], acting_user=self.request.user, **fields)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error_text(error))
            return self.form_invalid(form)
        return redirect("reporting:period_board", label=period.label)


def board_rows(period: ReportingPeriod, user, today=None) -> list[dict]:
    """One row per update of `period` that `user` may see: state, who drafts it, last change,
    and whether it is overdue (not submitted by the deadline)."""
    today = today or timezone.localdate()
    updates = list(
        _updates(user).filter(period=period).select_related("instrument__session", "reviewer").order_by("instrument")
    )
    focal_points = defaultdict(list)
    assignments = FocalPointAssignment.objects.filter(instrument__in=[u.instrument_id for u in updates])
    for assignment in assignments.select_related("user"):
        focal_points[assignment.instrument_id].append(assignment.user)
    latest = last_events(user, updates)
    deadline = period.input_deadline
    rows = []
    # Once the period is published nothing more can be submitted: what was not published is said
    # to be so, not overdue.
    frozen = period.state == PeriodState.PUBLISHED
    for update in updates:
        waiting = update.workflow_state in WAITING_FOR_FOCAL_POINTS and not frozen
        rows.append(
            {
                "update": update,
                "focal_points": focal_points.get(update.instrument_id, []),
                "last_event": latest.get(update.pk),
                "overdue_days": (today - deadline).days if deadline and waiting and today > deadline else 0,
                "not_published": frozen and update.workflow_state != WorkflowState.PUBLISHED,
            }
        )
    return rows


class PeriodBoardView(LoginRequiredMixin, TemplateView):
    template_name = "reporting/period_board.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        period = period_or_404(kwargs["label"], user)
        rows = board_rows(period, user)
        today = timezone.localdate()
        counts = Counter(row["update"].workflow_state for row in rows)
        return {
            **super().get_context_data(**kwargs),
            "period": period,
            "rows": rows,
            "state_counts": [(state, label, counts[state]) for state, label in WorkflowState.choices],
            "overdue_count": sum(1 for row in rows if row["overdue_days"]),
            "not_published_count": sum(1 for row in rows if row["not_published"]),
            "days_to_deadline": (period.input_deadline - today).days if period.input_deadline else None,
            "coordinating": policy.allows(user, Ability.OPEN_PERIOD),
            "reviewing": policy.allows(user, Ability.REVIEW_UPDATE),
            "events": period_log(user, period),
        }


class PeriodStepView(CoordinatorRequiredMixin, View):
    """POST runs `step` on the period and returns to its board, saying what happened."""

    step = None

    def post(self, request, label):
        period = period_or_404(label)
        run_step(request, self.step, period, success=self.success_message(period))
        return redirect("reporting:period_board", label=period.label)

    def success_message(self, period) -> str:
        raise NotImplementedError


def _add_errors(form, error: ValidationError) -> None:
    """An action's refusal on the form: by field when it names one the form has."""
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error_text(error))


class PeriodSettingsView(AbilityRequiredMixin, TemplateView):
    """The coordinator corrects a period: deadline, Board session, dates and introduction in each
    language (update_reporting_period, which checks the dates), and adds the next Executive Board
    session when it is not yet in the registry."""

    ability = Ability.EDIT_PERIOD
    template_name = "reporting/period_settings.html"

    def initial(self, period) -> dict:
        return {
            "input_deadline": period.input_deadline,
            "board_session": period.board_session_id,
            "start_date": period.start_date,
            "end_date": period.end_date,
            "version": period.version,
            **{
                introduction_field(code, name): text
                for name, *_rest in PERIOD_TEXTS
                for code, text in get_translations(period, name).items()
            },
        }

    def render_forms(self, period, form=None, session_form=None, status=200):
        context = self.get_context_data(
            period=period,
            form=form or PeriodSettingsForm(initial=self.initial(period)),
            session_form=session_form or BoardSessionForm(initial=BoardSessionForm.next_session()),
        )
        return self.render_to_response(context, status=status)

    def get(self, request, label):
        return self.render_forms(period_or_404(label))

    def post(self, request, label):
        period = period_or_404(label)
        form = PeriodSettingsForm(request.POST, initial=self.initial(period))
        if not form.is_valid():
            return self.render_forms(period, form=form, status=400)
        changes = form.changes()
        if not changes:
            messages.info(request, _("Nothing was changed."))
            return redirect("reporting:period_board", label=period.label)
        try:
            period = actions.update_reporting_period(
                period,
                acting_user=request.user,
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
                **changes,
            )
        except StaleRecord as error:
            # Shown again with what was typed, measured against the period as it is now: saving
            # again replaces the other change knowingly.
            period = period_or_404(label)
            data = request.POST.copy()
            data["version"] = str(error.current_version)
            form = PeriodSettingsForm(data, initial=self.initial(period))
            form.is_valid()
            form.add_error(None, error.messages)
            return self.render_forms(period, form=form, status=409)
        except ValidationError as error:
            _add_errors(form, error)
            return self.render_forms(period, form=form, status=400)
        messages.success(request, _("The settings of %(label)s are saved.") % {"label": period.label})
        deadline = period.input_deadline
        if "input_deadline" in changes and deadline and deadline < timezone.localdate():
            if period.state in (PeriodState.PLANNED, PeriodState.OPEN):
                messages.warning(
                    request,
                    _("The deadline %(deadline)s has passed: every update not yet submitted shows as overdue.")
                    % {"deadline": deadline.isoformat()},
                )
        return redirect("reporting:period_board", label=period.label)


class PeriodAddSessionView(PeriodSettingsView):
    """Add an Executive Board session to the registry and make it the one the period reports to."""

    def post(self, request, label):
        period = period_or_404(label)
        session_form = BoardSessionForm(request.POST)
        if session_form.is_valid():
            data = session_form.cleaned_data
            if Session.objects.filter(
                body__code=GoverningBody.EXECUTIVE_BOARD, year=data["year"], sequence_in_year=data["order"]
            ).exists():
                session_form.add_error(
                    None,
                    _("The Executive Board's session %(order)s of %(year)s is already recorded: choose it above.")
                    % {"order": data["order"], "year": data["year"]},
                )
        if not session_form.is_valid():
            return self.render_forms(period, session_form=session_form, status=400)
        fields = {"start_date": data["start_date"]} if data["start_date"] else {}
        if data["place"]:
            fields["place"] = {get_language(): data["place"]}  # typed in the page's language
        try:
            session = get_or_create_board_session(
                data["year"], data["order"], acting_user=request.user, reason=f"Added for {period.label}", **fields
            )
            actions.update_reporting_period(
                period, acting_user=request.user, reason="Board session added", board_session=session
            )
        except ValidationError as error:
            _add_errors(session_form, error)
            return self.render_forms(period, session_form=session_form, status=400)
        messages.success(
            request,
            _("Session %(order)s of %(year)s of the Executive Board is added; %(label)s reports to it.")
            % {"order": data["order"], "year": data["year"], "label": period.label},
        )
        return redirect("reporting:period_settings", label=period.label)


class PeriodRemindView(PeriodStepView):
    step = staticmethod(actions.send_reminders)

    def success_message(self, period):
        return _("Reminders sent to the focal points whose updates are not yet submitted.")
