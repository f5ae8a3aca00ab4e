"""Giving people roles and API tokens: checked against the access policy, atomic, recorded, each
with its event."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from restrack.accounts import policy
from restrack.accounts.choices import Ability, Role
from restrack.accounts.models import FocalPointAssignment
from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.events import emit
from restrack.core.recording import delete_recorded, save_recorded


@atomic_action
def set_user_role(
    username: str,
    role: str,
    *,
    acting_user,
    email: str | None = None,
    instruments=(),
    reason: str = "",
    password: str | None = None,
):
    """Create or update `username` with exactly one role; a focal point's instruments are replaced
    by `instruments`. Staff access follows the role (coordinators and administrators). A `password`
    (checked by the password validators) replaces theirs; without one a new user has none yet."""
    policy.require(acting_user, Ability.MANAGE_PEOPLE)
    if role not in Role.values:
        raise ValidationError(
            _("Unknown role %(role)r; use one of %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)}
        )
    if instruments and role != Role.FOCAL_POINT:
        raise ValidationError(_("Only focal points are assigned instruments."))
    if email:
        validate_email(email)
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first() or user_model(username=username)
    if email:
        user.email = email
    if password is not None:
        validate_password(password, user)
        user.set_password(password)
    elif not user.pk:
        user.set_unusable_password()
    user.is_staff = role in (Role.ADMINISTRATOR, Role.COORDINATOR)
    user.is_superuser = role == Role.ADMINISTRATOR
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([Group.objects.get(name=policy.GROUP_NAMES[role])])
    policy.forget_role(user)
    wanted = {instrument.pk for instrument in instruments}
    for assignment in FocalPointAssignment.objects.filter(user=user).exclude(instrument_id__in=wanted):
        delete_recorded(assignment, acting_user=acting_user, reason=reason or "Assignment removed")
    for instrument in instruments:
        if not FocalPointAssignment.objects.filter(user=user, instrument=instrument).exists():
            save_recorded(
                FocalPointAssignment(user=user, instrument=instrument),
                acting_user=acting_user,
                reason=reason or "Assigned",
            )
    emit(
        EventKind.ROLE_SET,
        actor=acting_user,
        target=user,
        reason=reason,
        data={"role": role, "instruments": sorted(wanted), **({"password_set": True} if password is not None else {})},
        topics=instruments,
    )
    return user


def _may_manage_token(acting_user, user) -> None:
    if acting_user.pk != user.pk:
        policy.require(acting_user, Ability.ISSUE_TOKENS)


@atomic_action
def issue_api_token(user, *, acting_user, reason: str = "") -> str:
    """Give `user` a new API token and return its key, the only time it is shown: any token they
    had stops working. People issue their own; coordinators anyone's (a website's feed). Recorded in the token
    history (who, when, why; never the key)."""
    _may_manage_token(acting_user, user)
    _delete_token(user, acting_user=acting_user, reason=reason or "Replaced by a new token")
    token = Token(user=user, key=Token.generate_key())
    save_recorded(token, acting_user=acting_user, reason=reason or "API token issued")
    emit(EventKind.API_TOKEN_ISSUED, actor=acting_user, target=user, reason=reason)
    return token.key


@atomic_action
def revoke_api_token(user, *, acting_user, reason: str = "") -> bool:
    """Delete `user`'s API token, if any (True when there was one): requests with it get 401."""
    _may_manage_token(acting_user, user)
    revoked = _delete_token(user, acting_user=acting_user, reason=reason or "API token revoked")
    if revoked:
        emit(EventKind.API_TOKEN_REVOKED, actor=acting_user, target=user, reason=reason)
    return revoked


def _delete_token(user, *, acting_user, reason: str) -> bool:
    token = Token.objects.filter(user=user).first()
    if token is None:
        return False
    delete_recorded(token, acting_user=acting_user, reason=reason)
    return True


def has_api_token(user) -> bool:
    return Token.objects.filter(user=user).exists()


@atomic_action
def save_assignment(assignment: FocalPointAssignment, *, acting_user, reason: str = "") -> FocalPointAssignment:
    """Assign a focal point to an instrument (or change an assignment), as the admin does."""
    policy.require(acting_user, Ability.ASSIGN_FOCAL_POINTS)
    save_recorded(assignment, acting_user=acting_user, reason=reason or "Assigned")
    emit(
        EventKind.FOCAL_POINT_ASSIGNED,
        actor=acting_user,
        target=assignment,
        reason=reason,
        topics=[assignment.instrument, assignment.user],
    )
    return assignment


@atomic_action
def delete_assignment(assignment: FocalPointAssignment, *, acting_user, reason: str = "") -> None:
    policy.require(acting_user, Ability.ASSIGN_FOCAL_POINTS)
    emit(
        EventKind.FOCAL_POINT_UNASSIGNED,
        actor=acting_user,
        target=assignment,
        reason=reason,
        topics=[assignment.instrument, assignment.user],
    )
    delete_recorded(assignment, acting_user=acting_user, reason=reason or "Assignment removed")
