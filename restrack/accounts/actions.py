"""Creating people and giving them roles: validated, atomic, recorded."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from restrack.accounts.choices import Role
from restrack.accounts.models import FocalPointAssignment
from restrack.accounts.roles import GROUP_NAMES
from restrack.core.actions import atomic_action
from restrack.core.recording import delete_recorded, save_recorded
from restrack.registry.models import Instrument


def find_instrument(reference: str) -> Instrument:
    """'resolution 2/1' or 'decision 1/3' → the Assembly instrument, or a clear error."""
    kind, _space, number = reference.strip().partition(" ")
    instrument = Instrument.objects.filter(kind=kind.lower(), number=number.replace(" ", "")).first()
    if instrument is None:
        raise ValidationError(
            _("No instrument %(reference)r: write it as 'resolution 2/1' or 'decision 1/3'.") % {"reference": reference}
        )
    return instrument


@atomic_action
def set_user_role(
    username: str,
    role: str,
    *,
    acting_user,
    email: str | None = None,
    instruments: list[Instrument] = (),
    reason: str = "",
):
    """Create or update `username` with exactly one role; a focal point's instruments are replaced
    by `instruments`. Staff access follows the role (coordinators and administrators)."""
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
    if not user.pk:
        user.set_unusable_password()
    if email:
        user.email = email
    user.is_staff = role in (Role.ADMINISTRATOR, Role.COORDINATOR)
    user.is_superuser = role == Role.ADMINISTRATOR
    user.full_clean(exclude=["password"])
    user.save()
    user.groups.set([Group.objects.get(name=GROUP_NAMES[role])])
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
    return user


def role_of(user) -> str | None:
    names = {name: role for role, name in GROUP_NAMES.items()}
    for group in user.groups.all():
        if group.name in names:
            return names[group.name]
    return None


@atomic_action
def issue_api_token(user, *, acting_user, reason: str = "") -> str:
    """Give `user` a new API token and return its key, the only time it is shown: any token they
    had stops working. Recorded in the token history (who, when, why; never the key)."""
    revoke_api_token.__wrapped__(user, acting_user=acting_user, reason=reason or "Replaced by a new token")
    token = Token(user=user, key=Token.generate_key())
    save_recorded(token, acting_user=acting_user, reason=reason or "API token issued")
    return token.key


@atomic_action
def revoke_api_token(user, *, acting_user, reason: str = "") -> bool:
    """Delete `user`'s API token, if any (True when there was one): requests with it get 401."""
    token = Token.objects.filter(user=user).first()
    if token is None:
        return False
    delete_recorded(token, acting_user=acting_user, reason=reason or "API token revoked")
    return True


def has_api_token(user) -> bool:
    return Token.objects.filter(user=user).exists()
