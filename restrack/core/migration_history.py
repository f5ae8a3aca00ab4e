"""Field history for data written by data migrations.

Migrations work on historical model classes that django-simple-history's signals never see, so
reference data would start life without a history record. `save_with_history` saves an instance
of either kind of model and makes sure exactly one history record names the user and reason.
"""

from __future__ import annotations

from django.utils import timezone


def _is_tracked_live_model(model) -> bool:
    # simple-history marks the live models it tracks; migration-state models carry no such mark.
    return hasattr(model._meta, "simple_history_manager_attribute")


def save_with_history(apps, instance, *, user, reason: str, created: bool) -> None:
    model = type(instance)
    if _is_tracked_live_model(model):
        instance._history_user = user
        instance._change_reason = reason
        instance.save()
        return
    instance.save()
    history_model = apps.get_model(model._meta.app_label, f"Historical{model._meta.object_name}")
    values = {field.attname: getattr(instance, field.attname) for field in model._meta.concrete_fields}
    history_model.objects.create(
        history_date=timezone.now(),
        history_type="+" if created else "~",
        history_user_id=user.pk,
        history_change_reason=reason,
        **values,
    )
