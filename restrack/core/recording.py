"""Saving and deleting model instances so that the field history names who did it and why.

Every app's actions.py writes through these helpers: validation first (so bad input never reaches
the database), then the save with django-simple-history's author and reason attached.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


def validate(instance: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """Run field, model, uniqueness and constraint validation (Django's full_clean); raises
    ValidationError with every problem.

    A foreign key holding a record read from the database is not looked up again (one query per
    key per save): the database's own constraint refuses a record deleted meanwhile, and the action
    turns that into a ValidationError. Uniqueness and constraints involving it are still checked."""
    exclude = set(exclude or ())
    loaded = {
        field.name
        for field in instance._meta.concrete_fields
        if field.is_relation
        and field.is_cached(instance)
        and getattr(instance, field.name) is not None
        and not getattr(instance, field.name)._state.adding
    }
    errors: dict = {}
    for check in (lambda: instance.clean_fields(exclude=exclude | loaded), instance.clean):
        try:
            check()
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    exclude |= {name for name in errors if name != NON_FIELD_ERRORS}
    for check in (instance.validate_unique, instance.validate_constraints):
        try:
            check(exclude=exclude)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


# django-simple-history keeps the reason in a column of 100 characters (history_change_reason).
REASON_LENGTH = 100


def change_reason(reason: str | None) -> str | None:
    """`reason` as the field history keeps it: a longer one (naming a long document title or file
    name) cut to the column's length with an ellipsis, rather than failing the save on PostgreSQL."""
    if not reason:
        return None
    return reason if len(reason) <= REASON_LENGTH else reason[: REASON_LENGTH - 1] + "…"


def save_recorded(instance: models.Model, *, acting_user, reason: str = "") -> models.Model:
    """Validate and save `instance`, attributing the history record to `acting_user`."""
    validate(instance)
    instance._history_user = acting_user
    instance._change_reason = change_reason(reason)
    instance.save()
    return instance


def delete_recorded(instance: models.Model, *, acting_user, reason: str = "") -> None:
    instance._history_user = acting_user
    instance._change_reason = change_reason(reason)
    instance.delete()
