"""The six-monthly cycle's steps. Each step checks the acting user's role and the current state,
runs in one transaction with the update's row locked (two people acting on the same update at
once: exactly one wins, the other gets a clear refusal), and leaves a WorkflowEvent.

    open_period → (drafts) → submit_update → return_update | approve_update → publish_period
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from restrack.accounts.actions import role_of
from restrack.accounts.choices import Role
from restrack.accounts.models import FocalPointAssignment
from restrack.core.actions import atomic_action
from restrack.core.recording import save_recorded
from restrack.core.translation_fields import get_translations
from restrack.registry.actions import set_instrument_status
from restrack.registry.models import Instrument
from restrack.reporting import actions
from restrack.reporting.choices import PeriodState, WorkflowAction, WorkflowState
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, WorkflowEvent

COORDINATING = {Role.ADMINISTRATOR, Role.COORDINATOR}
REVIEWING = {Role.ADMINISTRATOR, Role.COORDINATOR, Role.REVIEWER}


def _require(user, roles: set[str], what: str) -> None:
    if role_of(user) not in roles:
        raise PermissionDenied(_("%(user)s may not %(what)s.") % {"user": user, "what": what})


def may_edit(user, update: ProgressUpdate) -> bool:
    """Coordinators edit every draft; a focal point only drafts of instruments assigned to them."""
    role = role_of(user)
    if role in COORDINATING:
        return True
    return role == Role.FOCAL_POINT and FocalPointAssignment.objects.filter(user=user, instrument=update.instrument_id).exists()


def _locked(update: ProgressUpdate) -> ProgressUpdate:
    return ProgressUpdate.objects.select_for_update().select_related("period", "instrument").get(pk=update.pk)


def _expect(update: ProgressUpdate, states: set[str], what: str) -> None:
    if update.workflow_state not in states:
        raise ValidationError(
            _("%(update)s is %(state)s: it cannot be %(what)s now.")
            % {"update": update, "state": update.get_workflow_state_display(), "what": what}
        )


def _log(period, action, user, *, update=None, comment="", request_id="") -> None:
    WorkflowEvent.objects.create(period=period, update=update, action=action, user=user, comment=comment,
                                 request_id=request_id)


def _set_state(update, state, *, acting_user, reason, **changes):
    update.workflow_state = state
    for field, value in changes.items():
        setattr(update, field, value)
    update.version += 1
    return save_recorded(update, acting_user=acting_user, reason=reason)


@atomic_action
def open_period(period: ReportingPeriod, *, acting_user, request_id: str = "") -> list[ProgressUpdate]:
    """Open `period` for inputs: a draft for every active instrument, pre-filled from its last
    approved or published update (paragraphs marked carried over until edited)."""
    _require(acting_user, COORDINATING, _("open a reporting period"))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != PeriodState.PLANNED:
        raise ValidationError(_("Period %(label)s is %(state)s; only a planned period can be opened.")
                              % {"label": period.label, "state": period.get_state_display()})
    drafts = []
    for instrument in Instrument.objects.filter(is_active=True):
        if ProgressUpdate.objects.filter(instrument=instrument, period=period).exists():
            continue
        previous = (ProgressUpdate.objects.filter(
            instrument=instrument, workflow_state__in=[WorkflowState.APPROVED, WorkflowState.PUBLISHED],
            period__start_date__lt=period.start_date).order_by("-period__start_date").first())
        draft = actions.create_progress_update(instrument, period, status=previous.status if previous else "",
                                               acting_user=acting_user, reason="Period opened")
        for entry in previous.entries.all() if previous else []:
            actions.add_update_entry(
                draft, text=get_translations(entry, "text"),
                operative_paragraphs=list(entry.operative_paragraphs.all()), partners=list(entry.partners.all()),
                funding_constraint=entry.funding_constraint, carried_over=True,
                acting_user=acting_user, reason="Carried over from the last approved update",
            )
        drafts.append(draft)
    period.state = PeriodState.OPEN
    save_recorded(period, acting_user=acting_user, reason="Period opened")
    _log(period, WorkflowAction.OPENED, acting_user, request_id=request_id)
    return drafts


@atomic_action
def submit_update(update: ProgressUpdate, *, acting_user, request_id: str = "") -> ProgressUpdate:
    update = _locked(update)
    if not may_edit(acting_user, update):
        raise PermissionDenied(_("%(user)s does not draft %(instrument)s.") % {"user": acting_user, "instrument": update.instrument})
    _expect(update, {WorkflowState.DRAFT, WorkflowState.RETURNED}, _("submitted"))
    update = _set_state(update, WorkflowState.SUBMITTED, author=acting_user, acting_user=acting_user, reason="Submitted")
    _log(update.period, WorkflowAction.SUBMITTED, acting_user, update=update, request_id=request_id)
    return update


@atomic_action
def return_update(update: ProgressUpdate, *, comment: str, acting_user, request_id: str = "") -> ProgressUpdate:
    _require(acting_user, REVIEWING, _("return updates"))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs changing: a returned update needs a comment.")})
    update = _locked(update)
    _expect(update, {WorkflowState.SUBMITTED}, _("returned"))
    update = _set_state(update, WorkflowState.RETURNED, reviewer=acting_user, acting_user=acting_user, reason="Returned")
    _log(update.period, WorkflowAction.RETURNED, acting_user, update=update, comment=comment, request_id=request_id)
    return update


@atomic_action
def approve_update(update: ProgressUpdate, *, acting_user, request_id: str = "") -> ProgressUpdate:
    _require(acting_user, REVIEWING, _("approve updates"))
    update = _locked(update)
    _expect(update, {WorkflowState.SUBMITTED}, _("approved"))
    update = _set_state(update, WorkflowState.APPROVED, reviewer=acting_user, acting_user=acting_user, reason="Approved")
    _log(update.period, WorkflowAction.APPROVED, acting_user, update=update, request_id=request_id)
    return update


@atomic_action
def publish_period(period: ReportingPeriod, *, acting_user, request_id: str = "") -> list[ProgressUpdate]:
    """Publish the approved updates of `period` and freeze it; their statuses become the
    instruments' current status. Anything not approved stays unpublished."""
    _require(acting_user, COORDINATING, _("publish a reporting period"))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state not in (PeriodState.OPEN, PeriodState.CLOSED):
        raise ValidationError(_("Period %(label)s is %(state)s; only an open or closed period can be published.")
                              % {"label": period.label, "state": period.get_state_display()})
    published = []
    for update in period.updates.select_for_update().filter(workflow_state=WorkflowState.APPROVED).select_related("instrument"):
        published.append(_set_state(update, WorkflowState.PUBLISHED, acting_user=acting_user, reason="Published"))
        if update.status and update.status != update.instrument.status:
            set_instrument_status(update.instrument, update.status, acting_user=acting_user,
                                  reason=f"Published in {period.label}")
    period.state = PeriodState.PUBLISHED
    save_recorded(period, acting_user=acting_user, reason="Published")
    _log(period, WorkflowAction.PUBLISHED, acting_user, request_id=request_id)
    return published
