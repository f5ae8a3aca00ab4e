"""Creating people and giving them roles: validated, atomic, recorded."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

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
def set_user_role(username: str, role: str, *, acting_user, email: str | None = None,
                  instruments: list[Instrument] = (), reason: str = ""):
    """Create or update `username` with exactly one role; a focal point's instruments are replaced
    by `instruments`. Staff access follows the role (coordinators and administrators)."""
    if role not in Role.values:
        raise ValidationError(_("Unknown role %(role)r; use one of %(roles)s.") % {"role": role, "roles": ", ".join(Role.values)})
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
            save_recorded(FocalPointAssignment(user=user, instrument=instrument), acting_user=acting_user,
                          reason=reason or "Assigned")
    return user


def role_of(user) -> str | None:
    names = {name: role for role, name in GROUP_NAMES.items()}
    for group in user.groups.all():
        if group.name in names:
            return names[group.name]
    return None
