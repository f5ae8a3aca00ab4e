"""What every app's actions have in common: atomicity and turning database integrity errors
into validation errors that say what is wrong."""

from __future__ import annotations

import functools

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from restrack.core.recording import delete_recorded, save_recorded


def atomic_action(function):
    """Run `function` in one transaction; a constraint the database enforces (for example a
    concurrent duplicate that passed validation) surfaces as ValidationError, never IntegrityError."""

    @functools.wraps(function)
    def wrapper(*args, **kwargs):
        if "acting_user" not in kwargs:
            raise TypeError(f"{function.__name__}() needs acting_user=, the person or system account doing it")
        try:
            with transaction.atomic():
                return function(*args, **kwargs)
        except IntegrityError as error:
            raise ValidationError(
                f"{function.__name__.replace('_', ' ')} was refused by the database: {error}. "
                "Another change may have happened at the same time; reload and try again."
            ) from error

    return wrapper


@atomic_action
def save_edited(instance, *, acting_user, reason: str = ""):
    """Save an instance edited field by field (the admin's forms do this); validated and recorded."""
    return save_recorded(instance, acting_user=acting_user, reason=reason)


@atomic_action
def delete_edited(instance, *, acting_user, reason: str = "") -> None:
    delete_recorded(instance, acting_user=acting_user, reason=reason)
