"""What may be done to an update now, by whom: the access policy's abilities combined with the
update's and its period's state. Read by the actions (which refuse), and by pages and the API
(which show or hide the editor and the buttons)."""

from __future__ import annotations

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.reporting.choices import PeriodState, WorkflowState

DRAFTING, CORRECTING = "draft", "correction"
WAITING_FOR_FOCAL_POINTS = [WorkflowState.DRAFT, WorkflowState.RETURNED]


def editing_mode(user, update) -> str | None:
    """'draft' when `user` may edit the draft now, 'correction' when they may correct the published
    update (recorded with a reason), None when the update cannot be edited by them now."""
    drafting = update.workflow_state in WAITING_FOR_FOCAL_POINTS and update.period.state == PeriodState.OPEN
    if drafting and policy.allows(user, Ability.DRAFT_UPDATE, update):
        return DRAFTING
    if update.workflow_state == WorkflowState.PUBLISHED and policy.allows(user, Ability.CORRECT_UPDATE, update):
        return CORRECTING
    return None


def may_review(user, update) -> bool:
    return update.workflow_state == WorkflowState.SUBMITTED and policy.allows(user, Ability.REVIEW_UPDATE, update)
