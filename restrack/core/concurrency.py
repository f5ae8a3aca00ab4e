"""Optimistic concurrency for records people edit from a form, a sheet or the API: the same
contract as a progress update's drafts (restrack.reporting.actions.drafts.save_draft).

A record that may be edited by two people at once is `Versioned`: its `version` starts at 1 and
is raised by every save. A page or an API client reads the version with the record and sends it
back with its save; the action locks the record (select_for_update: PostgreSQL queues the second
writer behind the first; SQLite's IMMEDIATE transactions write one at a time anyway), compares,
and refuses a save made against an older version with `StaleRecord`: a ValidationError with code
``"stale"`` that names who changed what since, which the API answers as 409
(restrack.core.api.exceptions) and the pages show next to the form, keeping what was typed.

Version 0 means "I read no record": a save that expects to create the record and finds that
someone created it meanwhile is refused the same way. A save that sends no version (None) states
no expectation and is applied to the record as it is (the last writer wins), as before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from restrack.core.amounts import format_amount


class Versioned(models.Model):
    """A record edited by people who may edit it at the same time: `version` is raised by every
    save of the record (not by bulk updates of derived columns, which change nothing a person typed)."""

    # Not editable: no form shows it as an input; the forms that check it carry it hidden
    # (restrack.core.admin for the admin's).
    version = models.PositiveIntegerField(
        gettext_lazy("version"),
        default=1,
        editable=False,
        help_text=gettext_lazy("Raised on every save; a stale save is refused."),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        raised = not self._state.adding
        if raised:
            self.version = (self.version or 0) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        try:
            super().save(*args, **kwargs)
        except BaseException:
            if raised:
                self.version -= 1
            raise


def current_version(record: Versioned | None) -> int:
    """The version a page shows with `record`: 0 for none (a record not created yet)."""
    return record.version if record is not None and record.pk is not None else 0


def lock(queryset: models.QuerySet, **lookup) -> models.Model | None:
    """The record matching `lookup`, re-read with its row locked until the transaction ends (None
    when there is none): two saves of the same record take turns, and the second sees the first's."""
    return queryset.select_for_update().filter(**lookup).first()


def version_from(value) -> int | None:
    """A version posted by a form: None when none was sent (no expectation), else a whole number."""
    if value in (None, ""):
        return None
    try:
        version = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            _("The form's version %(value)r is not a number: reload the page and save again.") % {"value": value}
        ) from None
    if version < 0:
        raise ValidationError(_("The form's version cannot be negative: reload the page and save again."))
    return version


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: object
    after: object


def show(value) -> str:
    """A value as a message shows it."""
    if value is None or value == "":
        return _("(empty)")
    if isinstance(value, Decimal):
        return format_amount(value, None)
    return str(value)


def _person(user) -> str:
    if user is None:
        return _("someone")
    return user.get_full_name() or user.get_username()


class StaleRecord(ValidationError):
    """A save against an older version than the stored one: nothing was saved. Says who changed the
    record since, when, and what (`changes`: every tracked field whose value differs between the
    version read and the current one, from the record's field history)."""

    def __init__(
        self,
        record,
        expected: int,
        *,
        fields: list[str] | None = None,
        conflicts: list[str] | None = None,
        where: str = "",
    ):
        self.record = record
        self.expected_version = expected
        self.current_version = current_version(record)
        self.changes, self.changed_by, self.changed_at = changes_since(record, expected, fields)
        self.conflicts = conflicts or []
        self.where = where
        super().__init__(self._message(), code="stale")

    def _message(self) -> str:
        names = {
            "record": self.where or str(self.record),
            "who": ", ".join(self.changed_by) or _("someone"),
            "when": formats.date_format(timezone.localtime(self.changed_at), "DATETIME_FORMAT")
            if self.changed_at
            else "?",
            "expected": self.expected_version,
            "current": self.current_version,
        }
        if self.expected_version == 0:
            head = (
                _("%(record)s was created by %(who)s (%(when)s) after you opened the page, so it is not new any more")
                % names
            )
        else:
            head = (
                _(
                    "%(record)s was changed by %(who)s (%(when)s) since you opened it: you had version "
                    "%(expected)s, it is now version %(current)s"
                )
                % names
            )
        what = "; ".join(
            _("%(field)s %(before)s → %(after)s")
            % {"field": change.label, "before": show(change.before), "after": show(change.after)}
            for change in self.changes
        )
        tail = _("Your changes were not saved: reload to see the current values, then save again.")
        return f"{head}{': ' + what if what else ''}. {tail}"

    def conflict_data(self) -> dict:
        """What the API's 409 answer adds to `detail`."""

        def plain(value):
            if isinstance(value, Decimal):
                return str(value)
            if isinstance(value, models.Model):
                return value.pk
            if isinstance(value, datetime):
                return value.isoformat()
            return value if value is None or isinstance(value, (int, float, str, bool)) else str(value)

        return {
            "current_version": self.current_version,
            "your_version": self.expected_version,
            "changed_by": self.changed_by,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
            "changes": [
                {"field": change.field, "before": plain(change.before), "after": plain(change.after)}
                for change in self.changes
            ],
        }


def changes_since(record, version: int, fields: list[str] | None = None):
    """What changed in `record` after `version` according to its field history
    (django-simple-history, which keeps `version` in every historical row): the changed fields
    (of `fields`, or every edited field), the people who saved since, and when the last did."""
    if record is None or record.pk is None or not hasattr(record, "history"):
        return [], [], None
    later = list(
        record.history.filter(version__gt=version).select_related("history_user").order_by("history_date", "history_id")
    )
    base = record.history.filter(version=version).order_by("-history_date", "-history_id").first() if version else None
    people = []
    for row in later:
        name = _person(row.history_user)
        if name not in people:
            people.append(name)
    meta = type(record)._meta
    names = fields or [
        field.name
        for field in meta.concrete_fields
        if field.editable and not field.primary_key and field.name not in {"version", "created", "modified"}
    ]
    changes = []
    for name in names:
        field = meta.get_field(name)
        attname = field.attname
        before = getattr(base, attname, None) if base is not None else None
        after = getattr(record, attname)
        if field.is_relation and after is not None:
            after = getattr(record, name)
            before = field.related_model._default_manager.filter(pk=before).first() if before is not None else None
        if before != after:
            changes.append(FieldChange(name, str(field.verbose_name), before, after))
    return changes, people, later[-1].history_date if later else getattr(record, "modified", None)


def check_stored_version(instance, *, fields: list[str] | None = None) -> None:
    """For actions handed an instance a form has changed (the admin's): refuse it when the stored
    row has been saved since the version the instance carries (the version the form was filled
    from). Locks the row."""
    if not isinstance(instance, Versioned) or instance.pk is None:
        return
    stored = lock(type(instance)._default_manager, pk=instance.pk)
    if stored is not None:
        check_version(stored, instance.version, fields=fields)


def check_version(record, expected: int | None, *, fields: list[str] | None = None, where: str = "") -> None:
    """Refuse (StaleRecord) a save of `record` started from version `expected` when the record has
    been saved since; `expected=None` states no expectation. Call it on the record as locked."""
    if expected is not None and expected != current_version(record):
        raise StaleRecord(record, expected, fields=fields, where=where)
