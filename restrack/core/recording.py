"""Saving and deleting model instances so that the field history names who did it and why.

Every app's actions.py writes through these helpers: validation first (so bad input never reaches
the database), then the save with django-simple-history's author and reason attached.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models


def validate(instance: models.Model, *, exclude: Iterable[str] | None = None) -> None:
    """Run field, model and uniqueness validation; raises ValidationError with every problem."""
    instance.full_clean(exclude=list(exclude) if exclude else None)


def save_recorded(instance: models.Model, *, acting_user, reason: str = "") -> models.Model:
    """Validate and save `instance`, attributing the history record to `acting_user`."""
    validate(instance)
    instance._history_user = acting_user
    instance._change_reason = reason or None
    instance.save()
    return instance


def delete_recorded(instance: models.Model, *, acting_user, reason: str = "") -> None:
    instance._history_user = acting_user
    instance._change_reason = reason or None
    instance.delete()
