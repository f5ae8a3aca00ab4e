"""The review of a period's introduction (restrack.reporting.actions.introduction): its text in
each language with the closing chapter reviewed with it, where it stands, the comments it was returned with, and the step the person may
take: a coordinator submits the draft, a reviewer returns it with a comment or approves it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy
from django.views.generic import TemplateView

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.accounts.mixins import AbilityRequiredMixin
from restrack.core.choices import EventKind
from restrack.core.concurrency import version_from
from restrack.core.models import Event
from restrack.core.translation_fields import get_translations
from restrack.reporting import actions
from restrack.reporting.choices import IntroductionState
from restrack.reporting.selectors import period_or_404
from restrack.reporting.views.common import run_step

REVIEW_EVENTS = [EventKind.INTRODUCTION_SUBMITTED, EventKind.INTRODUCTION_RETURNED, EventKind.INTRODUCTION_APPROVED]


def introduction_events(period):
    """The introduction's review steps, newest first (a return's comment is its reason)."""
    return (
        Event.objects.filter(
            kind__in=REVIEW_EVENTS, target_type=ContentType.objects.get_for_model(period), target_id=period.pk
        )
        .select_related("actor")
        .order_by("-created", "-pk")
    )


class IntroductionView(AbilityRequiredMixin, TemplateView):
    ability = Ability.REVIEW_UPDATE  # coordinators and reviewers
    template_name = "reporting/period_introduction.html"

    def get_context_data(self, **kwargs):
        user = self.request.user
        period = period_or_404(kwargs["label"], user)
        introduction, closing_title, closing = (
            get_translations(period, name) for name in ("introduction", "closing_title", "closing")
        )
        return {
            **super().get_context_data(**kwargs),
            "period": period,
            # Per language: the introduction, and the closing chapter reviewed with it (title, text).
            "texts": [
                (code, name, introduction.get(code) or "", closing_title.get(code) or "", closing.get(code) or "")
                for code, name in settings.LANGUAGES
            ],
            "events": introduction_events(period)[:20],
            "may_edit": policy.allows(user, Ability.EDIT_PERIOD),
            "may_submit": period.introduction_state == IntroductionState.DRAFT
            and policy.allows(user, Ability.EDIT_PERIOD),
            "may_review": period.introduction_state == IntroductionState.SUBMITTED,
        }

    def post(self, request, label):
        period = period_or_404(label, request.user)
        step = STEPS.get(request.POST.get("step"))
        if step is not None:
            action, success = step
            extra = {"comment": request.POST.get("comment", "")} if action is actions.return_introduction else {}
            run_step(
                request,
                _take,
                action,
                period,
                version=request.POST.get("version"),
                success=success % {"label": period.label},
                **extra,
            )
        return redirect("reporting:period_introduction", label=period.label)


def _take(action, period, *, acting_user, version, **extra):
    """`action` with the form's version read as the form sends it (a garbled one is refused)."""
    return action(period, acting_user=acting_user, version=version_from(version), **extra)


STEPS = {
    "submit": (actions.submit_introduction, gettext_lazy("The introduction of %(label)s is submitted for review.")),
    "approve": (actions.approve_introduction, gettext_lazy("The introduction of %(label)s is approved.")),
    "return": (
        actions.return_introduction,
        gettext_lazy("The introduction of %(label)s is returned with your comment."),
    ),
}
