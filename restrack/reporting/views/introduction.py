"""The review of a period's introduction (restrack.reporting.actions.introduction): its text in
each language, where it stands, the comments it was returned with, and the step the person may
take: a coordinator submits the draft, a reviewer returns it with a comment or approves it."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.generic import TemplateView

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.accounts.mixins import AbilityRequiredMixin
from restrack.core.choices import EventKind
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
        texts = get_translations(period, "introduction")
        names = dict(settings.LANGUAGES)
        return {
            **super().get_context_data(**kwargs),
            "period": period,
            "texts": [(code, names[code], texts.get(code, "")) for code in names],
            "events": introduction_events(period)[:20],
            "may_edit": policy.allows(user, Ability.EDIT_PERIOD),
            "may_submit": period.introduction_state == IntroductionState.DRAFT
            and policy.allows(user, Ability.EDIT_PERIOD),
            "may_review": period.introduction_state == IntroductionState.SUBMITTED,
        }

    def post(self, request, label):
        period = period_or_404(label, request.user)
        version = request.POST.get("version")
        version = int(version) if version and version.isdigit() else None
        step = request.POST.get("step")
        if step == "submit":
            run_step(
                request,
                actions.submit_introduction,
                period,
                version=version,
                success=_("The introduction of %(label)s is submitted for review.") % {"label": period.label},
            )
        elif step == "approve":
            run_step(
                request,
                actions.approve_introduction,
                period,
                version=version,
                success=_("The introduction of %(label)s is approved.") % {"label": period.label},
            )
        elif step == "return":
            run_step(
                request,
                actions.return_introduction,
                period,
                version=version,
                comment=request.POST.get("comment", ""),
                success=_("The introduction of %(label)s is returned with your comment.") % {"label": period.label},
            )
        return redirect("reporting:period_introduction", label=period.label)
