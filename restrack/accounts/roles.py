"""Roles are Django groups. `migrate` creates the six groups and gives each the Django permissions
the admin needs to show it what the access policy allows (restrack.accounts.policy.ADMIN_VIEWS and
ADMIN_CHANGES); everything else is decided by the policy itself."""

from __future__ import annotations

from restrack.accounts.choices import Role
from restrack.accounts.policy import ADMIN_CHANGES, ADMIN_VIEWS, GROUP_NAMES

__all__ = ["GROUP_NAMES", "sync_role_groups"]


def sync_role_groups(apps) -> None:
    """Create the role groups and give each exactly its admin permissions (idempotent)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for role, name in GROUP_NAMES.items():
        group, _created = Group.objects.get_or_create(name=name)
        if role == Role.ADMINISTRATOR:
            wanted = Permission.objects.all()
        else:
            pairs = [(app, f"view_{model}") for app, model in ADMIN_VIEWS] + ADMIN_CHANGES.get(role, [])
            wanted = [Permission.objects.get(content_type__app_label=app, codename=codename) for app, codename in pairs]
        group.permissions.set(wanted)
