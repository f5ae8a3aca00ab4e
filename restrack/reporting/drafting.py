"""Saving a draft progress update as a whole: status, summary, paragraphs (added, edited, moved,
deleted) with the operative paragraphs and partners they report on, and commitments.

The editor and the API both send the whole draft with the version number they started from. A save
against an older version than the stored one is refused with StaleUpdate (optimistic locking): two
tabs or two people never overwrite each other silently. A save that changes nothing leaves the
version alone, so an autosave of an unchanged form cannot make another tab's work stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from restrack.accounts.actions import role_of
from restrack.core.actions import atomic_action
from restrack.core.partial_dates import parse_partial_date
from restrack.core.recording import save_recorded
from restrack.core.translation_fields import assign, get_translations, language_codes
from restrack.registry.models import Partner
from restrack.reporting import actions
from restrack.reporting.choices import CommitmentState, PeriodState, WorkflowAction, WorkflowState
from restrack.reporting.models import Commitment, ProgressUpdate, UpdateEntry, UpdateVersion, WorkflowEvent
from restrack.reporting.versions import ensure_recorded, record_version
from restrack.reporting.workflow import COORDINATING, lock_update, log_event, may_edit


@dataclass
class EntryDraft:
    """One paragraph as the editor or the API sends it. `text` holds the languages being edited
    (others are left as they are); None for the links or the flag leaves them as they are."""

    text: dict[str, str]
    id: int | None = None
    key: str = ""
    operative_paragraphs: list[int] | None = None
    partners: list[int] | None = None
    funding_constraint: bool | None = None


@dataclass
class CommitmentDraft:
    """A commitment of the update's instrument. `promised_in` and `delivered_in` name a paragraph
    by its id or, for a paragraph added in the same save, by its key."""

    description: dict[str, str]
    due: str
    state: str = CommitmentState.PENDING
    id: int | None = None
    key: str = ""
    promised_in: int | str | None = None
    delivered_in: int | str | None = None


@dataclass
class SaveResult:
    update: ProgressUpdate
    changed: bool
    entry_ids: dict[str, int] = field(default_factory=dict)
    commitment_ids: dict[str, int] = field(default_factory=dict)


class StaleUpdate(ValidationError):
    """The draft was saved by someone (or another tab) since this save's version was read."""

    def __init__(self, update: ProgressUpdate, expected: int):
        self.update = update
        self.expected_version = expected
        self.current_version = update.version
        super().__init__(
            _(
                "This update has changed since you opened it: you had version %(expected)s, it is now version "
                "%(current)s. Your changes were not saved; compare them with the current text and save again."
            )
            % {"expected": expected, "current": update.version},
            code="stale",
        )


def editing_mode(user, update: ProgressUpdate) -> str | None:
    """'draft' when `user` may edit the draft now, 'correction' when a coordinator may correct the
    published update (recorded with a reason), None when the update cannot be edited by them now."""
    if not may_edit(user, update):
        return None
    if (
        update.workflow_state in (WorkflowState.DRAFT, WorkflowState.RETURNED)
        and update.period.state == PeriodState.OPEN
    ):
        return "draft"
    if update.workflow_state == WorkflowState.PUBLISHED and role_of(user) in COORDINATING:
        return "correction"
    return None


@atomic_action
def save_draft(
    update: ProgressUpdate,
    *,
    version: int,
    acting_user,
    status: str | None = None,
    summary: dict[str, str] | None = None,
    entries: list[EntryDraft] | None = None,
    commitments: list[CommitmentDraft] | None = None,
    comment: str = "",
    logged_as: str | None = None,
) -> SaveResult:
    """Save the draft of `update` as started from `version`. Parts given as None are left alone.
    The workflow log names the save `logged_as` (drafted or, after publication, corrected)."""
    update = lock_update(update)
    if not may_edit(acting_user, update):
        raise PermissionDenied(
            _("%(user)s does not draft %(instrument)s.") % {"user": acting_user, "instrument": update.instrument}
        )
    mode = editing_mode(acting_user, update)
    if mode is None:
        raise ValidationError(
            _("%(update)s is %(state)s in a period that is %(period_state)s: it cannot be edited now.")
            % {
                "update": update,
                "state": update.get_workflow_state_display(),
                "period_state": update.period.get_state_display(),
            }
        )
    if mode == "correction" and not comment.strip():
        raise ValidationError({"comment": _("Say what is corrected: a published update is corrected with a reason.")})
    if update.version != version:
        raise StaleUpdate(update, version)
    ensure_recorded(update, acting_user=acting_user)

    result = SaveResult(update, changed=False)
    reason = "Corrected after publication" if mode == "correction" else "Draft saved"
    result.changed |= _apply_fields(update, status=status, summary=summary)
    entries_by_key: dict[str, UpdateEntry] = {}
    if entries is not None:
        result.changed |= _apply_entries(
            update, entries, entries_by_key, result, acting_user=acting_user, reason=reason
        )
    else:  # commitments saved on their own still name the update's paragraphs by id
        entries_by_key.update((str(entry.pk), entry) for entry in update.entries.all())
    if commitments is not None:
        result.changed |= _apply_commitments(
            update, commitments, entries_by_key, result, acting_user=acting_user, reason=reason
        )
    if not result.changed:
        return result
    update.version += 1
    save_recorded(update, acting_user=acting_user, reason=reason)
    record_version(update, acting_user=acting_user, reason=comment.strip() or reason)
    action = logged_as or (WorkflowAction.CORRECTED if mode == "correction" else WorkflowAction.DRAFTED)
    if action != WorkflowAction.DRAFTED or not _drafting_already_logged(update, acting_user):
        log_event(update.period, action, acting_user, update=update, comment=comment.strip())
    return result


@atomic_action
def revert_update(update: ProgressUpdate, version: int, *, acting_user, comment: str = "") -> ProgressUpdate:
    """Restore the status, summary and paragraphs of recorded `version` as a new version (nothing
    is lost: the version reverted from stays in the history). Coordinators only, on a draft in an
    open period or on a published update (then it is a correction); the workflow state is kept.
    Commitments are not part of a version and stay as they are."""
    if role_of(acting_user) not in COORDINATING:
        raise PermissionDenied(_("%(user)s may not revert updates.") % {"user": acting_user})
    update = lock_update(update)
    recorded = update.versions.filter(version=version).first()
    if recorded is None:
        raise ValidationError(
            _("%(update)s has no recorded version %(version)s.") % {"update": update, "version": version}
        )
    if version == update.version:
        raise ValidationError(
            _("Version %(version)s is the current version; there is nothing to revert.") % {"version": version}
        )
    data = recorded.snapshot
    current_ids = set(update.entries.values_list("pk", flat=True))
    every_language = lambda values: {code: values.get(code, "") for code in language_codes()}  # noqa: E731
    entries = [
        EntryDraft(
            id=entry["id"] if entry["id"] in current_ids else None,
            text=every_language(entry["text"]),
            operative_paragraphs=entry["operative_paragraphs"],
            partners=entry["partners"],
            funding_constraint=entry["funding_constraint"],
        )
        for entry in data["entries"]
    ]
    if update.workflow_state == WorkflowState.PUBLISHED and not comment.strip():
        raise ValidationError(
            {"comment": _("Say why: reverting a published update is a correction and needs a reason.")}
        )
    comment = _("Reverted to version %(version)s.") % {"version": version} + (
        f" {comment.strip()}" if comment.strip() else ""
    )
    result = save_draft(
        update,
        version=update.version,
        acting_user=acting_user,
        status=data["status"],
        summary=every_language(data["summary"]),
        entries=entries,
        comment=comment,
        logged_as=WorkflowAction.REVERTED,
    )
    return result.update


def _drafting_already_logged(update, user) -> bool:
    """Autosave saves every few seconds; the log names a drafting session once, not every save."""
    last = WorkflowEvent.objects.filter(update=update).order_by("-created", "-pk").first()
    return last is not None and last.action == WorkflowAction.DRAFTED and last.user_id == user.pk


def _check_languages(values: dict, where: str) -> dict:
    unknown = sorted(set(values) - set(language_codes()))
    if unknown:
        raise ValidationError(
            _("%(where)s: unknown language %(codes)s; use %(known)s.")
            % {"where": where, "codes": ", ".join(unknown), "known": ", ".join(language_codes())}
        )
    return {code: (text or "").strip() for code, text in values.items()}


def _merged(current: dict, given: dict) -> dict | None:
    """`current` with the languages in `given` replaced, or None when nothing differs."""
    merged = {code: current.get(code) or "" for code in current}
    merged.update(given)
    return merged if any((current.get(code) or "") != text for code, text in given.items()) else None


def _apply_fields(update, *, status, summary) -> bool:
    changed = False
    if status is not None and status != update.status:
        update.status = status
        changed = True
    if summary is not None:
        merged = _merged(get_translations(update, "summary"), _check_languages(summary, _("Summary")))
        if merged is not None:
            assign(update, {"summary": merged})
            changed = True
    return changed


def _apply_entries(update, drafts, entries_by_key, result, *, acting_user, reason) -> bool:
    existing = {entry.pk: entry for entry in update.entries.prefetch_related("operative_paragraphs", "partners")}
    operative_paragraphs = {op.pk: op for op in update.instrument.operative_paragraphs.all()}
    partners = Partner.objects.in_bulk({pk for draft in drafts for pk in draft.partners or ()})
    changed = False
    kept: set[int] = set()
    for position, draft in enumerate(drafts, start=1):
        where = _("Paragraph %(position)s") % {"position": position}
        text = _check_languages(draft.text, where)
        ops = _resolve(
            draft.operative_paragraphs,
            operative_paragraphs,
            where,
            _("operative paragraph %(id)s is not one of %(instrument)s's"),
            update.instrument,
        )
        linked_partners = _resolve(draft.partners, partners, where, _("there is no partner %(id)s"), None)
        if draft.id is None:
            entry = actions.add_update_entry(
                update,
                text=text,
                operative_paragraphs=ops or [],
                partners=linked_partners or [],
                funding_constraint=bool(draft.funding_constraint),
                position=position,
                acting_user=acting_user,
                reason="Paragraph added",
            )
            result.entry_ids[draft.key or str(entry.pk)] = entry.pk
            changed = True
        else:
            entry = existing.get(draft.id)
            if draft.id in kept:
                raise ValidationError(
                    _("%(where)s: paragraph %(id)s is listed twice; list each paragraph once.")
                    % {"where": where, "id": draft.id}
                )
            if entry is None:
                raise ValidationError(
                    _(
                        "%(where)s: paragraph %(id)s is not part of this update (was it deleted in another tab?). "
                        "Reload the page."
                    )
                    % {"where": where, "id": draft.id}
                )
            changed |= _edit_entry(
                entry,
                position,
                text,
                ops,
                linked_partners,
                draft.funding_constraint,
                acting_user=acting_user,
                reason=reason,
            )
        kept.add(entry.pk)
        entries_by_key[str(entry.pk)] = entry
        if draft.key:
            entries_by_key[draft.key] = entry
    for pk, entry in existing.items():
        if pk not in kept:
            actions.delete_entry(entry, acting_user=acting_user, reason="Paragraph deleted")
            changed = True
    return changed


def _resolve(ids, available: dict, where: str, message: str, instrument):
    if ids is None:
        return None
    missing = [pk for pk in ids if pk not in available]
    if missing:
        raise ValidationError(f"{where}: " + message % {"id": missing[0], "instrument": instrument})
    return [available[pk] for pk in dict.fromkeys(ids)]


def _edit_entry(entry, position, text, ops, partners, funding_constraint, *, acting_user, reason) -> bool:
    content = {}
    merged_text = _merged(get_translations(entry, "text"), text)
    if merged_text is not None:
        content["text"] = merged_text
    if funding_constraint is not None and funding_constraint != entry.funding_constraint:
        content["funding_constraint"] = funding_constraint
    ops_changed = ops is not None and {op.pk for op in ops} != {op.pk for op in entry.operative_paragraphs.all()}
    partners_changed = partners is not None and {p.pk for p in partners} != {p.pk for p in entry.partners.all()}
    edited = bool(content) or ops_changed or partners_changed
    fields = dict(content)
    if edited and entry.carried_over:
        fields["carried_over"] = False
    if entry.position != position:
        fields["position"] = position
    if not fields and not ops_changed and not partners_changed:
        return False
    text_value = fields.pop("text", None)
    actions.update_entry(
        entry,
        text=text_value,
        operative_paragraphs=ops if ops_changed else None,
        partners=partners if partners_changed else None,
        acting_user=acting_user,
        reason=reason if edited else "Paragraph moved",
        **fields,
    )
    return True


def _apply_commitments(update, drafts, entries_by_key, result, *, acting_user, reason) -> bool:
    existing = {c.pk: c for c in Commitment.objects.filter(instrument=update.instrument)}
    changed = False
    kept: set[int] = set()
    for number, draft in enumerate(drafts, start=1):
        where = _("Commitment %(number)s") % {"number": number}
        description = _check_languages(draft.description, where)
        if draft.state not in CommitmentState.values:
            raise ValidationError(_("%(where)s: unknown state %(state)r.") % {"where": where, "state": draft.state})
        try:
            due = parse_partial_date(draft.due)
        except ValidationError as error:
            raise ValidationError(
                _("%(where)s: the due date %(due)r is not a date; write 2025-06-30, 2025-06, 2025-Q2 or 2025.")
                % {"where": where, "due": draft.due}
            ) from error
        links = {
            name: _entry_reference(getattr(draft, name), entries_by_key, where)
            for name in ("promised_in", "delivered_in")
        }
        if draft.id is None:
            if not any(description.values()):
                continue  # an empty row the editor left: nothing promised
            commitment = actions.record_commitment(
                update.instrument,
                description=description,
                due=str(due),
                promised_in=links["promised_in"],
                acting_user=acting_user,
                reason=reason,
            )
            if draft.state != CommitmentState.PENDING or links["delivered_in"]:
                actions.update_commitment(
                    commitment,
                    state=draft.state,
                    delivered_in=links["delivered_in"],
                    acting_user=acting_user,
                    reason=reason,
                )
            result.commitment_ids[draft.key or str(commitment.pk)] = commitment.pk
            changed = True
        else:
            commitment = existing.get(draft.id)
            if commitment is None:
                raise ValidationError(
                    _("%(where)s: commitment %(id)s is not one of %(instrument)s's.")
                    % {"where": where, "id": draft.id, "instrument": update.instrument}
                )
            changes = {
                "state": draft.state,
                "due_date": due.end,
                "due_precision": due.precision,
                "delivered_in": links["delivered_in"],
            }
            # A commitment an earlier update made keeps that update's wording and the paragraph
            # that promised it (which this draft cannot name); the draft reports on its progress.
            if commitment.promised_in_id is None or commitment.promised_in.update_id == update.pk:
                changes["description"] = description
                changes["promised_in"] = links["promised_in"]
            changed |= _edit_commitment(commitment, changes, acting_user=acting_user, reason=reason)
        kept.add(commitment.pk)
    for commitment in existing.values():
        if commitment.pk not in kept and commitment.promised_in_id and commitment.promised_in.update_id == update.pk:
            actions.delete_commitment(commitment, acting_user=acting_user, reason="Commitment removed from the draft")
            changed = True
    return changed


def _entry_reference(reference, entries_by_key, where):
    if reference in (None, ""):
        return None
    entry = entries_by_key.get(str(reference))
    if entry is None:
        raise ValidationError(
            _("%(where)s: paragraph %(reference)s is not part of this update.")
            % {"where": where, "reference": reference}
        )
    return entry


def _edit_commitment(commitment, changes, *, acting_user, reason) -> bool:
    differing = {}
    for name, value in changes.items():
        if name == "description":
            merged = _merged(get_translations(commitment, "description"), value)
            if merged is not None:
                differing[name] = merged
        elif getattr(commitment, name) != value:
            differing[name] = value
    if not differing:
        return False
    actions.update_commitment(commitment, acting_user=acting_user, reason=reason, **differing)
    return True


def version_before(update: ProgressUpdate, version: int) -> UpdateVersion | None:
    """The recorded version `version`, or the latest recorded before it."""
    return update.versions.filter(version__lte=version).order_by("-version").first()
