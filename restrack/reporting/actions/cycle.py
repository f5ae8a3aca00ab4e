"""The six-monthly cycle's steps. Each step checks the acting user's ability (the access policy)
and the current state, runs in one transaction with the update's or period's row locked (two
people acting on the same update at once: exactly one wins, the other gets a clear refusal), and
records one event.

    open_period → (save_draft) → submit_update → return_update | approve_update → publish_period

plus send_reminders. Every version an update passes through is recorded; the people concerned are
told by e-mail after the step commits (restrack.reporting.notifications).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.events import emit
from restrack.core.recording import save_recorded
from restrack.core.translation_fields import get_translations
from restrack.registry.actions import set_instrument_status
from restrack.registry.models import Instrument
from restrack.reporting import limits, notifications
from restrack.reporting.actions import _content
from restrack.reporting.actions.drafts import lock_update, update_topics
from restrack.reporting.actions.versions import ensure_recorded, record_version
from restrack.reporting.choices import PeriodState, StatusSource, WorkflowState
from restrack.reporting.editing import WAITING_FOR_FOCAL_POINTS
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, ReviewComment, UpdateEntry


def lock_period(period: ReportingPeriod) -> ReportingPeriod:
    return ReportingPeriod.objects.select_for_update().get(pk=period.pk)


def _expect(update: ProgressUpdate, states: set[str], what: str) -> None:
    if update.workflow_state not in states:
        raise ValidationError(
            _("%(update)s is %(state)s: it cannot be %(what)s now.")
            % {"update": update, "state": update.get_workflow_state_display(), "what": what}
        )


def _expect_open(period: ReportingPeriod, what: str) -> None:
    if period.state != PeriodState.OPEN:
        raise ValidationError(
            _("Period %(label)s is %(state)s: updates cannot be %(what)s in it.")
            % {"label": period.label, "state": period.get_state_display(), "what": what}
        )


def _step(update, state, kind, *, acting_user, comment: str = "", **changes):
    """Move `update` to `state`: a new version with its snapshot, and the event `kind`."""
    ensure_recorded(update, acting_user=acting_user)
    update.workflow_state = state
    for name, value in changes.items():
        setattr(update, name, value)
    update.version += 1
    reason = EventKind(kind).label.capitalize()
    save_recorded(update, acting_user=acting_user, reason=reason)
    event = emit(
        kind,
        actor=acting_user,
        target=update,
        reason=comment,
        data={"version": update.version},
        topics=update_topics(update),
    )
    record_version(update, acting_user=acting_user, reason=reason, event=event)
    return update, event


@atomic_action
def open_period(period: ReportingPeriod, *, acting_user) -> list[ProgressUpdate]:
    """Open `period` for inputs: a draft for every active instrument, pre-filled from its last
    approved or published update (paragraphs and their footnotes, marked carried over until edited)."""
    policy.require(acting_user, Ability.OPEN_PERIOD)
    period = lock_period(period)
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
        draft = _content.new_update(
            instrument,
            period,
            # An assessed status carries over; one derived from a report's text does not (the
            # draft proposes one from its own paragraphs).
            status=previous.status if previous and previous.status_source != StatusSource.DERIVED else "",
            acting_user=acting_user,
            reason="Period opened",
        )
        for entry in previous.entries.prefetch_related("footnotes") if previous else []:
            _carry_over(entry, draft, acting_user=acting_user)
        drafts.append(draft)
    period.state = PeriodState.OPEN
    save_recorded(period, acting_user=acting_user, reason="Period opened")
    told = notifications.period_opened(period, drafts)
    emit(EventKind.PERIOD_OPENED, actor=acting_user, target=period, data={"drafts": len(drafts), "notified": told})
    return drafts


def _carry_over(entry: UpdateEntry, draft: ProgressUpdate, *, acting_user) -> None:
    reason = "Carried over from the last approved update"
    copy = _content.add_entry(
        draft,
        text=get_translations(entry, "text"),
        operative_paragraphs=list(entry.operative_paragraphs.all()),
        partners=list(entry.partners.all()),
        funding_constraint=entry.funding_constraint,
        carried_over=True,
        acting_user=acting_user,
        reason=reason,
    )
    for footnote in entry.footnotes.all():
        _content.add_footnote(
            copy,
            text=get_translations(footnote, "text"),
            anchor=get_translations(footnote, "anchor"),
            acting_user=acting_user,
            reason=reason,
        )


@atomic_action
def submit_update(update: ProgressUpdate, *, acting_user) -> ProgressUpdate:
    update = lock_update(update)
    policy.require(acting_user, Ability.DRAFT_UPDATE, update)
    _expect(update, {WorkflowState.DRAFT, WorkflowState.RETURNED}, _("submitted"))
    _expect_open(update.period, _("submitted"))
    _check_complete(update)
    update, _event = _step(
        update, WorkflowState.SUBMITTED, EventKind.UPDATE_SUBMITTED, author=acting_user, acting_user=acting_user
    )
    notifications.submitted(update)
    return update


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
    update: ProgressUpdate, *, comment: str, acting_user, paragraph_comments: dict | None = None
) -> ProgressUpdate:
    """Send a submitted update back to its focal points with `comment`, and optionally remarks on
    single paragraphs ({entry id: text}) that the editor shows next to those paragraphs."""
    policy.require(acting_user, Ability.REVIEW_UPDATE, update)
    if not comment.strip():
        raise ValidationError({"comment": _("Say what needs changing: a returned update needs a comment.")})
    limits.check_length(comment, limits.COMMENT, field="comment", what=_("The comment"))
    update = lock_update(update)
    _expect(update, {WorkflowState.SUBMITTED}, _("returned"))
    remarks = {}
    for pk, text in (paragraph_comments or {}).items():
        if not str(pk).isdigit():
            raise ValidationError(_("%(key)r does not name a paragraph: give paragraph ids.") % {"key": pk})
        if text and text.strip():
            limits.check_length(
                text,
                limits.PARAGRAPH_COMMENT,
                field="paragraph_comments",
                what=_("The comment on paragraph %(id)s") % {"id": pk},
            )
            remarks[int(pk)] = text.strip()
    entries = UpdateEntry.objects.in_bulk(remarks)
    foreign = [pk for pk in remarks if pk not in entries or entries[pk].update_id != update.pk]
    if foreign:
        raise ValidationError(_("Paragraph %(id)s is not part of %(update)s.") % {"id": foreign[0], "update": update})
    update, event = _step(
        update,
        WorkflowState.RETURNED,
        EventKind.UPDATE_RETURNED,
        reviewer=acting_user,
        acting_user=acting_user,
        comment=comment.strip(),
    )
    ReviewComment.objects.bulk_create(
        ReviewComment(event=event, entry=entries[pk], text=text) for pk, text in remarks.items()
    )
    notifications.returned(update, comment.strip())
    return update


@atomic_action
def approve_update(update: ProgressUpdate, *, acting_user) -> ProgressUpdate:
    policy.require(acting_user, Ability.REVIEW_UPDATE, update)
    update = lock_update(update)
    _expect(update, {WorkflowState.SUBMITTED}, _("approved"))
    update, _event = _step(
        update, WorkflowState.APPROVED, EventKind.UPDATE_APPROVED, reviewer=acting_user, acting_user=acting_user
    )
    notifications.approved(update)
    return update


@atomic_action
def publish_period(period: ReportingPeriod, *, acting_user) -> list[ProgressUpdate]:
    """Publish the approved updates of `period` and freeze it; their statuses become the
    instruments' current status. Anything not approved stays unpublished."""
    policy.require(acting_user, Ability.PUBLISH_PERIOD)
    period = lock_period(period)
    if period.state not in (PeriodState.OPEN, PeriodState.CLOSED):
        raise ValidationError(
            _("Period %(label)s is %(state)s; only an open or closed period can be published.")
            % {"label": period.label, "state": period.get_state_display()}
        )
    published = []
    approved = period.updates.select_for_update().filter(workflow_state=WorkflowState.APPROVED)
    for update in approved.select_related("instrument", "period"):
        update, _event = _step(update, WorkflowState.PUBLISHED, EventKind.UPDATE_PUBLISHED, acting_user=acting_user)
        published.append(update)
        derived = update.status_source == StatusSource.DERIVED
        if update.status and (update.status, derived) != (update.instrument.status, update.instrument.status_derived):
            set_instrument_status(
                update.instrument,
                update.status,
                derived=derived,
                acting_user=acting_user,
                reason=f"Published in {period.label}",
            )
    period.state = PeriodState.PUBLISHED
    save_recorded(period, acting_user=acting_user, reason="Published")
    emit(EventKind.PERIOD_PUBLISHED, actor=acting_user, target=period, data={"published": len(published)})
    return published


@atomic_action
def send_reminders(period: ReportingPeriod, *, acting_user) -> int:
    """E-mail the focal points of every update of `period` not yet submitted; returns how many
    people were reminded. The reminder is an event, so the board shows when it was last sent."""
    policy.require(acting_user, Ability.SEND_REMINDERS)
    period = lock_period(period)  # not while it is being published
    if period.state != PeriodState.OPEN:
        raise ValidationError(
            _("Period %(label)s is %(state)s; reminders are sent while it is open for inputs.")
            % {"label": period.label, "state": period.get_state_display()}
        )
    waiting = list(period.updates.filter(workflow_state__in=WAITING_FOR_FOCAL_POINTS).select_related("instrument"))
    people = notifications.reminders(period, waiting)
    emit(EventKind.PERIOD_REMINDED, actor=acting_user, target=period, data={"people": people, "updates": len(waiting)})
    return people
