"""The named account that changes made by migrations, imports and scheduled commands are
attributed to when no person runs them."""

from __future__ import annotations

SYSTEM_USERNAME = "restrack-system"


def get_system_user(user_model=None):
    """The system account, created on first use; it cannot log in.

    `user_model` lets data migrations pass their historical User model.
    """
    historical = user_model is not None
    if user_model is None:
        from django.contrib.auth import get_user_model

        user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=SYSTEM_USERNAME,
        defaults={"is_active": False, "first_name": "Restrack", "last_name": "system"},
    )
    if created:
        # "!" is Django's marker for an unusable password; set directly so this also works on
        # the historical models that migrations receive.
        user.password = "!"
        user.save(update_fields=["password"])
    if not historical:
        _give_administrator_role(user)
    return user


def _give_administrator_role(user) -> None:
    """Scheduled commands (`restrack send-reminders` from cron) do what a coordinator would, so the
    account holds the administrator role. It stays inactive with an unusable password: nobody can
    sign in as it, and mail meant for people in a role never goes to it."""
    from django.contrib.auth.models import Group

    from restrack.accounts.choices import Role
    from restrack.accounts.roles import GROUP_NAMES

    name = GROUP_NAMES[Role.ADMINISTRATOR]
    if not user.groups.filter(name=name).exists():
        group = Group.objects.filter(name=name).first()  # made by a data migration; absent before it ran
        if group is not None:
            user.groups.add(group)
