"""The named account that changes made by migrations, imports and scheduled commands are
attributed to when no person runs them."""

from __future__ import annotations

SYSTEM_USERNAME = "restrack-system"


def get_system_user(user_model=None):
    """The system account, created on first use; it cannot log in.

    `user_model` lets data migrations pass their historical User model.
    """
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
    return user
