"""The six-monthly cycle's steps. Each step checks the acting user's role and the current state,
runs in one transaction with the update's row locked (two people acting on the same update at
once: exactly one wins, the other gets a clear refusal), and leaves a WorkflowEvent.

    open_period → (save_draft) → submit_update → return_update | approve_update → publish_period

plus send_reminders and, for the coordinator, revert_update. Every version an update passes
through is recorded (restrack.reporting.versions); the people concerned are told by e-mail after
the step commits (restrack.reporting.notifications).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from restrack.accounts.actions import role_of
from restrack.accounts.choices import Role
from restrack.accounts.models import FocalPointAssignment
from restrack.core.actions import atomic_action
from restrack.core.recording import save_recorded
from restrack.core.request_id import current_request_id
from restrack.core.translation_fields import get_translations
from restrack.registry.actions import set_instrument_status
from restrack.registry.models import Instrument
from restrack.reporting import actions, notifications
from restrack.reporting.choices import PeriodState, WorkflowAction, WorkflowState
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, ReviewComment, UpdateEntry, WorkflowEvent
from restrack.reporting.versions import ensure_recorded, record_version

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
    return (
        role == Role.FOCAL_POINT
        and FocalPointAssignment.objects.filter(user=user, instrument=update.instrument_id).exists()
    )


def lock_update(update: ProgressUpdate) -> ProgressUpdate:
    """The update re-read with its row locked until the transaction ends: concurrent steps on the
    same update queue here, and each sees the state the previous one left."""
    return ProgressUpdate.objects.select_for_update().select_related("period", "instrument").get(pk=update.pk)


def _expect(update: ProgressUpdate, states: set[str], what: str) -> None:
    if update.workflow_state not in states:
        raise ValidationError(
            _("%(update)s is %(state)s: it cannot be %(what)s now.")
            % {"update": update, "state": update.get_workflow_state_display(), "what": what}
        )


def log_event(period, action, user, *, update=None, comment="", request_id="") -> WorkflowEvent:
    """Add a named step to the workflow log, with the id of the web or API request doing it."""
    return WorkflowEvent.objects.create(
        period=period,
        update=update,
        action=action,
        user=user,
        comment=comment,
        request_id=request_id or current_request_id(),
    )


def _set_state(update, state, *, acting_user, reason, **changes):
    ensure_recorded(update, acting_user=acting_user)
    update.workflow_state = state
    for field, value in changes.items():
        setattr(update, field, value)
    update.version += 1
    save_recorded(update, acting_user=acting_user, reason=reason)
    record_version(update, acting_user=acting_user, reason=reason)
    return update


@atomic_action
def open_period(period: ReportingPeriod, *, acting_user, request_id: str = "") -> list[ProgressUpdate]:
    """Open `period` for inputs: a draft for every active instrument, pre-filled from its last
    approved or published update (paragraphs marked carried over until edited)."""
    _require(acting_user, COORDINATING, _("open a reporting period"))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state != PeriodState.PLANNED:
        raise ValidationError(
            _("Period %(label)s is %(state)s; only a planned period can be opened.")
            % {"label": period.label, "state": period.get_state_display()}
        )
    drafts = []
    for instrument in Instrument.objects.filter(is_active=True):
        if ProgressUpdate.objects.filter(instrument=instrument, period=period).exists():
            continue
        previous = (
            ProgressUpdate.objects.filter(
                instrument=instrument,
                workflow_state__in=[WorkflowState.APPROVED, WorkflowState.PUBLISHED],
                period__start_date__lt=period.start_date,
            )
            .order_by("-period__start_date")
            .first()
        )
        draft = actions.create_progress_update(
            instrument,
            period,
            status=previous.status if previous else "",
            acting_user=acting_user,
            reason="Period opened",
        )
        for entry in previous.entries.all() if previous else []:
            actions.add_update_entry(
                draft,
                text=get_translations(entry, "text"),
                operative_paragraphs=list(entry.operative_paragraphs.all()),
                partners=list(entry.partners.all()),
                funding_constraint=entry.funding_constraint,
                carried_over=True,
                acting_user=acting_user,
                reason="Carried over from the last approved update",
            )
        drafts.append(draft)
    period.state = PeriodState.OPEN
    save_recorded(period, acting_user=acting_user, reason="Period opened")
    told = notifications.period_opened(period, drafts)
    log_event(
        period,
        WorkflowAction.OPENED,
        acting_user,
        request_id=request_id,
        comment=_("%(drafts)s drafts; %(people)s focal points notified.") % {"drafts": len(drafts), "people": told},
    )
    return drafts


@atomic_action
def submit_update(update: ProgressUpdate, *, acting_user, request_id: str = "") -> ProgressUpdate:
    update = lock_update(update)
    if not may_edit(acting_user, update):
        raise PermissionDenied(
            _("%(user)s does not draft %(instrument)s.") % {"user": acting_user, "instrument": update.instrument}
        )
    _expect(update, {WorkflowState.DRAFT, WorkflowState.RETURNED}, _("submitted"))
    _expect_open(update.period, _("submitted"))
    _check_complete(update)
    update = _set_state(
        update, WorkflowState.SUBMITTED, author=acting_user, acting_user=acting_user, reason="Submitted"
    )
    log_event(update.period, WorkflowAction.SUBMITTED, acting_user, update=update, request_id=request_id)
    notifications.submitted(update)
    return update


def _expect_open(period: ReportingPeriod, what: str) -> None:
    if period.state != PeriodState.OPEN:
        raise ValidationError(
            _("Period %(label)s is %(state)s: updates cannot be %(what)s in it.")
            % {"label": period.label, "state": period.get_state_display(), "what": what}
        )


def _check_complete(update: ProgressUpdate) -> None:
    """An update goes to review with at least one paragraph, and no empty ones."""
    entries = list(update.entries.order_by("position"))
    if not entries:
        raise ValidationError(
            _("%(update)s has no paragraphs yet: write at least one before submitting.") % {"update": update}
        )
    for number, entry in enumerate(entries, start=1):
        if not any(get_translations(entry, "text").values()):
            raise ValidationError(
                _("Paragraph %(number)s of %(update)s is empty: write it or delete it before submitting.")
                % {"number": number, "update": update}
            )


@atomic_action
def return_update(
    update: ProgressUpdate, *, comment: str, acting_user, paragraph_comments: dict | None = None, request_id: str = ""
) -> ProgressUpdate:
    """Send a submitted update back to its focal points with `comment`, and optionally remarks on
    single paragraphs ({entry id: text}) that the editor shows next to those paragraphs."""
    _require(acting_user, REVIEWING, _("return updates"))
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs changing: a returned update needs a comment.")})
    update = lock_update(update)
    _expect(update, {WorkflowState.SUBMITTED}, _("returned"))
    remarks = {}
    for pk, text in (paragraph_comments or {}).items():
        if not str(pk).isdigit():
            raise ValidationError(_("%(key)r does not name a paragraph: give paragraph ids.") % {"key": pk})
        if text and text.strip():
            remarks[int(pk)] = text.strip()
    entries = UpdateEntry.objects.in_bulk(remarks)
    foreign = [pk for pk in remarks if pk not in entries or entries[pk].update_id != update.pk]
    if foreign:
        raise ValidationError(_("Paragraph %(id)s is not part of %(update)s.") % {"id": foreign[0], "update": update})
    update = _set_state(
        update, WorkflowState.RETURNED, reviewer=acting_user, acting_user=acting_user, reason="Returned"
    )
    event = log_event(
        update.period,
        WorkflowAction.RETURNED,
        acting_user,
        update=update,
        comment=comment.strip(),
        request_id=request_id,
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(event=event, entry=entries[pk], text=text) for pk, text in remarks.items()
    )
    notifications.returned(update, comment.strip())
    return update


@atomic_action
def approve_update(update: ProgressUpdate, *, acting_user, request_id: str = "") -> ProgressUpdate:
    _require(acting_user, REVIEWING, _("approve updates"))
    update = lock_update(update)
    _expect(update, {WorkflowState.SUBMITTED}, _("approved"))
    update = _set_state(
        update, WorkflowState.APPROVED, reviewer=acting_user, acting_user=acting_user, reason="Approved"
    )
    log_event(update.period, WorkflowAction.APPROVED, acting_user, update=update, request_id=request_id)
    notifications.approved(update)
    return update


@atomic_action
def publish_period(period: ReportingPeriod, *, acting_user, request_id: str = "") -> list[ProgressUpdate]:
    """Publish the approved updates of `period` and freeze it; their statuses become the
    instruments' current status. Anything not approved stays unpublished."""
    _require(acting_user, COORDINATING, _("publish a reporting period"))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if period.state not in (PeriodState.OPEN, PeriodState.CLOSED):
        raise ValidationError(
            _("Period %(label)s is %(state)s; only an open or closed period can be published.")
            % {"label": period.label, "state": period.get_state_display()}
        )
    published = []
    for update in (
        period.updates.select_for_update().filter(workflow_state=WorkflowState.APPROVED).select_related("instrument")
    ):
        published.append(_set_state(update, WorkflowState.PUBLISHED, acting_user=acting_user, reason="Published"))
        if update.status and update.status != update.instrument.status:
            set_instrument_status(
                update.instrument, update.status, acting_user=acting_user, reason=f"Published in {period.label}"
            )
    period.state = PeriodState.PUBLISHED
    save_recorded(period, acting_user=acting_user, reason="Published")
    log_event(period, WorkflowAction.PUBLISHED, acting_user, request_id=request_id)
    return published


WAITING_FOR_FOCAL_POINTS = [WorkflowState.DRAFT, WorkflowState.RETURNED]


@atomic_action
def send_reminders(period: ReportingPeriod, *, acting_user, request_id: str = "") -> int:
    """E-mail the focal points of every update of `period` not yet submitted; returns how many
    people were reminded. The reminder is logged, so the board shows when it was last sent."""
    _require(acting_user, COORDINATING, _("send reminders"))
    period = ReportingPeriod.objects.select_for_update().get(pk=period.pk)  # not while it is being published
    if period.state != PeriodState.OPEN:
        raise ValidationError(
            _("Period %(label)s is %(state)s; reminders are sent while it is open for inputs.")
            % {"label": period.label, "state": period.get_state_display()}
        )
    waiting = list(period.updates.filter(workflow_state__in=WAITING_FOR_FOCAL_POINTS).select_related("instrument"))
    people = notifications.reminders(period, waiting)
    log_event(
        period,
        WorkflowAction.REMINDED,
        acting_user,
        request_id=request_id,
        comment=_("%(people)s focal points reminded of %(updates)s updates.")
        % {"people": people, "updates": len(waiting)},
    )
    return people
