"""A system check that every model, field and state the access policy names exists, so a renamed
field or state cannot silently make records unreadable (or readable)."""

from __future__ import annotations

from django.apps import apps
from django.core import checks
from django.core.exceptions import FieldDoesNotExist

from restrack.accounts.choices import Role
from restrack.accounts.policy import ANONYMOUS, EVENT_DETAILS, OWNED, READ, ByState, Follows


def _field_at(model, path: str):
    field = None
    for name in path.split("__"):
        field = model._meta.get_field(name)
        model = field.related_model or model
    return field


@checks.register()
def check_access_policy(app_configs=None, **kwargs):
    errors = []
    audiences = {ANONYMOUS, *Role.values}
    for label, rule in READ.items():
        where = f"restrack.accounts.policy.READ[{label!r}]"
        try:
            model = apps.get_model(label)
        except LookupError:
            errors.append(checks.Error(f"{where}: no model {label}.", id="restrack.E001"))
            continue
        try:
            if isinstance(rule, Follows):
                _field_at(model, rule.path)
                if rule.model not in READ:
                    errors.append(checks.Error(f"{where}: {rule.model} has no rule to follow.", id="restrack.E002"))
            elif isinstance(rule, ByState):
                field = _field_at(model, rule.field)
                valid = {value for value, _label in field.choices or ()}
                for audience, states in rule.readable.items():
                    if audience not in audiences:
                        errors.append(checks.Error(f"{where}: unknown audience {audience!r}.", id="restrack.E003"))
                    for state in states or ():
                        if state not in valid:
                            errors.append(
                                checks.Error(f"{where}: {state!r} is not a state of {rule.field}.", id="restrack.E004")
                            )
        except FieldDoesNotExist as error:
            errors.append(checks.Error(f"{where}: {error}", id="restrack.E005"))
    for label, owned in OWNED.items():
        where = f"restrack.accounts.policy.OWNED[{label!r}]"
        try:
            field = apps.get_model(label)._meta.get_field(owned.owner)
        except (LookupError, FieldDoesNotExist) as error:
            errors.append(checks.Error(f"{where}: {error}", id="restrack.E007"))
            continue
        if not field.is_relation:
            errors.append(checks.Error(f"{where}: {owned.owner} is not a person.", id="restrack.E008"))
    for label in EVENT_DETAILS:
        if label not in READ:
            errors.append(checks.Error(f"EVENT_DETAILS names {label}, which READ does not.", id="restrack.E006"))
    return errors
