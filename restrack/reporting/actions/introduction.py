"""The review of a period's introduction, chapter I of the Executive Director's report, and of its
closing chapter when it has one (reviewed together: `introduction_state`), like an update's: a
coordinator writes it (update_reporting_period) and submits it; a reviewer returns it with a
comment or approves it. Editing a submitted or approved introduction of a period not yet
published makes it a draft again, so that what goes out is what was approved. An introduction
imported from an issued report is that report's text: approved (`issued_introduction`).

    draft → submit_introduction → return_introduction (draft) | approve_introduction (approved)

Each step locks the period's row, checks the version the person read, records the period's
history and one event.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.concurrency import check_version
from restrack.core.events import emit
from restrack.core.recording import save_recorded
from restrack.core.translation_fields import get_translations
from restrack.reporting import limits
from restrack.reporting.choices import IntroductionState, PeriodState
from restrack.reporting.models import ReportingPeriod


def state_after_edit(period: ReportingPeriod) -> str:
    """The state an edit of the introduction leaves: a draft again, but in a published period,
    whose report went out (an edit there is a correction, as of a published update)."""
    if period.state == PeriodState.PUBLISHED:
        return period.introduction_state
    return IntroductionState.DRAFT


def _lock(period: ReportingPeriod, version: int | None) -> ReportingPeriod:
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    check_version(period, version, fields=["introduction_state"])
    return period


def _expect(period: ReportingPeriod, state: str, what: str) -> None:
    if period.introduction_state != state:
        raise ValidationError(
            _("The introduction of %(label)s is %(state)s: it cannot be %(what)s now.")
            % {"label": period.label, "state": period.get_introduction_state_display(), "what": what}
        )


def _step(period: ReportingPeriod, state: str, kind: str, *, acting_user, comment: str = "") -> ReportingPeriod:
    period.introduction_state = state
    save_recorded(period, acting_user=acting_user, reason=EventKind(kind).label.capitalize())
    emit(kind, actor=acting_user, target=period, reason=comment, data={"version": period.version})
    return period


@atomic_action
def submit_introduction(period: ReportingPeriod, *, acting_user, version: int | None = None) -> ReportingPeriod:
    """Send the draft introduction to review; it must say something in at least one language."""
    policy.require(acting_user, Ability.EDIT_PERIOD)
    period = _lock(period, version)
    _expect(period, IntroductionState.DRAFT, _("submitted"))
    if not any((text or "").strip() for text in get_translations(period, "introduction").values()):
        raise ValidationError(
            _("The introduction of %(label)s is empty: write it in the period's settings before submitting it.")
            % {"label": period.label}
        )
    return _step(period, IntroductionState.SUBMITTED, EventKind.INTRODUCTION_SUBMITTED, acting_user=acting_user)


@atomic_action
def return_introduction(
    period: ReportingPeriod, *, comment: str, acting_user, version: int | None = None
) -> ReportingPeriod:
    """Send the submitted introduction back to be changed, saying what in `comment`."""
    policy.require(acting_user, Ability.REVIEW_UPDATE)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs changing: a returned introduction needs a comment.")})
    limits.check_length(comment, limits.COMMENT, field="comment", what=_("The comment"))
    period = _lock(period, version)
    _expect(period, IntroductionState.SUBMITTED, _("returned"))
    return _step(
        period,
        IntroductionState.DRAFT,
        EventKind.INTRODUCTION_RETURNED,
        acting_user=acting_user,
        comment=comment.strip(),
    )


@atomic_action
def approve_introduction(period: ReportingPeriod, *, acting_user, version: int | None = None) -> ReportingPeriod:
    policy.require(acting_user, Ability.REVIEW_UPDATE)
    period = _lock(period, version)
    _expect(period, IntroductionState.SUBMITTED, _("approved"))
    return _step(period, IntroductionState.APPROVED, EventKind.INTRODUCTION_APPROVED, acting_user=acting_user)
