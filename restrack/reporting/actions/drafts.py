"""The one action that changes what an update says: `save_draft` applies a draft (status,
summary, paragraphs with their operative paragraphs, partners and footnotes, and commitments) to
an update. The editor, the API and the report importer all build a draft and call it.

Every save names the version it started from. A save against an older version than the stored
one is refused with StaleUpdate (optimistic locking): two tabs, two people, or a person and an
import never overwrite each other silently. A save that changes something raises the version,
records the new version's snapshot and one event (drafted, corrected after publication, reverted
or imported); a save that changes nothing leaves all three alone, so an autosave of an unchanged
form cannot make another tab's work stale.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.events import emit
from restrack.core.partial_dates import parse_partial_date
from restrack.core.recording import save_recorded
from restrack.core.translation_fields import assign, get_translations, language_codes
from restrack.registry.actions import set_instrument_status
from restrack.registry.models import Document, Partner
from restrack.reporting import limits, statuses
from restrack.reporting.actions import _content
from restrack.reporting.actions.versions import ensure_recorded, record_version
from restrack.reporting.choices import CommitmentState, Recurrence, StatusSource, WorkflowState
from restrack.reporting.editing import CORRECTING, editing_mode
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry, UpdateVersion

IMPORTABLE_STATES = {WorkflowState.DRAFT, WorkflowState.RETURNED, WorkflowState.PUBLISHED}


@dataclass
class FootnoteDraft:
    """A paragraph's footnote: `text` and `anchor` hold the languages given (others are kept);
    the anchor is how many characters of the paragraph's text come before the marker (None: at
    its end)."""

    text: dict[str, str]
    anchor: dict[str, int | None] = field(default_factory=dict)
    id: int | None = None


@dataclass
class EntryDraft:
    """One paragraph. `text` holds the languages being edited (others are left as they are); None
    for the links, the flag or the footnotes leaves them as they are. A new paragraph read from a
    document names it (`source_document`, a Document id) and its number there."""

    text: dict[str, str]
    id: int | None = None
    key: str = ""
    operative_paragraphs: list[int] | None = None
    partners: list[int] | None = None
    funding_constraint: bool | None = None
    footnotes: list[FootnoteDraft] | None = None
    source_document: int | None = None
    source_paragraph: int | None = None
    # A paragraph carried over from the last update, confirmed by the focal point as still true
    # as it stands: no longer marked carried over, though its text is unchanged.
    confirmed: bool = False


@dataclass
class CommitmentDraft:
    """A commitment of the update's instrument. `promised_in` and `delivered_in` name a paragraph
    by its id or, for a paragraph added in the same save, by its key."""

    description: dict[str, str]
    due: str
    state: str = CommitmentState.PENDING
    recurrence: str | None = None  # None: as it is (once, for a new one)
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
    version: UpdateVersion | None = None


class StaleUpdate(ValidationError):
    """The update was saved by someone (another tab, an import) since this save's version was read."""

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


def lock_update(update: ProgressUpdate) -> ProgressUpdate:
    """The update re-read with its row locked until the transaction ends: concurrent steps on the
    same update queue here, and each sees the state the previous one left.

    On PostgreSQL its period is locked first, in a statement of its own, then the update: the order
    the period's own steps take them (lock_period, then its updates), so a period step and a step on
    one of its updates queue instead of deadlocking. Both locks are FOR NO KEY UPDATE, which the
    key-share locks of other writes' foreign key checks do not wait for, and the instrument is read,
    not locked. (Locking the joined period and instrument rows FOR UPDATE in one statement
    deadlocked with concurrent funding saves, whose foreign key checks on the instrument run at
    commit while holding the period's lock for the funding summary.) SQLite writes one transaction
    at a time and ignores these locks."""
    list(ReportingPeriod.objects.select_for_update(no_key=True).filter(pk=update.period_id).values_list("pk"))
    return (
        ProgressUpdate.objects.select_for_update(no_key=True, of=("self",))
        .select_related("period", "instrument")
        .get(pk=update.pk)
    )


def update_topics(update: ProgressUpdate) -> list:
    """What an event about `update` concerns: its period and its instrument too."""
    return [update.period, update.instrument]


@atomic_action
def create_progress_update(instrument, period, *, acting_user, reason: str = "", **fields) -> ProgressUpdate:
    """An update of `instrument` for `period` (made by imports; opening a period makes drafts)."""
    policy.require(acting_user, Ability.IMPORT_REPORT)
    update = _content.new_update(
        instrument, period, acting_user=acting_user, reason=reason or "Update created", **fields
    )
    emit(EventKind.UPDATE_CREATED, actor=acting_user, target=update, reason=reason, topics=update_topics(update))
    return update


def _kind_of_save(acting_user, update, *, imported_from, comment) -> str:
    """The event this save is, after checking that `acting_user` may make it now."""
    if imported_from is not None:
        policy.require(acting_user, Ability.IMPORT_REPORT)
        if update.workflow_state not in IMPORTABLE_STATES:
            raise ValidationError(
                _("%(update)s is %(state)s: an import cannot change it until it is returned or published.")
                % {"update": update, "state": update.get_workflow_state_display()}
            )
        return EventKind.UPDATE_IMPORTED
    mode = editing_mode(acting_user, update)
    if mode is None:
        policy.require(acting_user, Ability.DRAFT_UPDATE, update)  # refuses, saying why, those who never may
        raise ValidationError(
            _("%(update)s is %(state)s in a period that is %(period_state)s: it cannot be edited now.")
            % {
                "update": update,
                "state": update.get_workflow_state_display(),
                "period_state": update.period.get_state_display(),
            }
        )
    if mode == CORRECTING:
        if not comment.strip():
            raise ValidationError(
                {"comment": _("Say what is corrected: a published update is corrected with a reason.")}
            )
        return EventKind.UPDATE_CORRECTED
    return EventKind.UPDATE_DRAFTED


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
    imported_from: Document | None = None,
    reverting: bool = False,
) -> SaveResult:
    """Apply the draft to `update` as started from `version`; parts given as None are left alone.
    `imported_from` makes it an import of that document (coordinators; also into a published
    update); `reverting` names the event a revert."""
    update = lock_update(update)
    kind = _kind_of_save(acting_user, update, imported_from=imported_from, comment=comment)
    if update.version != version:
        raise StaleUpdate(update, version)
    _check_lengths(summary=summary, entries=entries, commitments=commitments, comment=comment)
    ensure_recorded(update, acting_user=acting_user)
    # The field history's reason for every row this save writes; a draft's rows say what happened
    # to each of them ("Paragraph added") instead.
    reason = {
        EventKind.UPDATE_IMPORTED: f"Imported from {imported_from}",
        EventKind.UPDATE_CORRECTED: "Corrected after publication",
    }.get(kind, "")

    result = SaveResult(update, changed=False)
    status_before = update.status
    result.changed |= _apply_fields(update, status=status, summary=summary)
    entries_by_key: dict[str, UpdateEntry] = {}
    if entries is not None:
        result.changed |= _apply_entries(
            update, entries, entries_by_key, result, acting_user=acting_user, reason=reason
        )
    else:  # commitments saved on their own still name the update's paragraphs by id
        entries_by_key.update((str(entry.pk), entry) for entry in update.entries.all())
    # What the paragraphs suggest is saved with whatever else this save changes (it follows from
    # the paragraphs: nothing else changed, nothing to propose anew).
    _propose_status(update)
    if update.status != status_before:
        _assessed(update, acting_user)
    elif imported_from is not None:
        result.changed |= _derive_status(update)
    if commitments is not None:
        result.changed |= _apply_commitments(
            update, commitments, entries_by_key, result, acting_user=acting_user, reason=reason
        )
    if not result.changed:
        return result
    update.version += 1
    save_recorded(update, acting_user=acting_user, reason=reason or "Draft saved")
    event = emit(
        EventKind.UPDATE_REVERTED if reverting else kind,
        actor=acting_user,
        target=update,
        reason=comment.strip(),
        data={"version": update.version, **({"document": imported_from.pk} if imported_from else {})},
        topics=update_topics(update),
    )
    result.version = record_version(
        update, acting_user=acting_user, reason=comment.strip() or reason or "Draft saved", event=event
    )
    _follow_instrument_status(update, acting_user)
    return result


# The status and its evidence ---------------------------------------------------------------------


def _propose_status(update: ProgressUpdate) -> bool:
    """What the paragraphs suggest now (restrack.reading.status); whether it changed."""
    status, evidence = statuses.proposal(update)
    if (update.proposed_status, update.proposed_evidence) == (status, evidence):
        return False
    update.proposed_status, update.proposed_evidence = status, evidence
    return True


def _assessed(update: ProgressUpdate, acting_user) -> None:
    """The status was chosen by `acting_user`: its evidence is the proposal's when they chose it."""
    update.status_source = StatusSource.ASSESSED if update.status else ""
    update.status_assessed_by = acting_user if update.status else None
    update.status_assessed_at = timezone.now() if update.status else None
    update.status_evidence = update.proposed_evidence if update.status == update.proposed_status else {}


def _derive_status(update: ProgressUpdate) -> bool:
    """An imported report's status is the one its text suggests, shown as derived, unless someone
    has assessed it; whether it changed."""
    if update.workflow_state != WorkflowState.PUBLISHED or update.status_source == StatusSource.ASSESSED:
        return False
    wanted = (update.proposed_status, StatusSource.DERIVED, update.proposed_evidence)
    if (update.status, update.status_source, update.status_evidence) == wanted:
        return False
    update.status, update.status_source, update.status_evidence = wanted
    update.status_assessed_by, update.status_assessed_at = None, None
    return True


def _follow_instrument_status(update: ProgressUpdate, acting_user) -> None:
    """A published update that is its instrument's latest with a status gives the instrument its
    status (derived or not), as publishing a period does."""
    if update.workflow_state != WorkflowState.PUBLISHED or not update.status:
        return
    latest = (
        ProgressUpdate.objects.filter(instrument_id=update.instrument_id, workflow_state=WorkflowState.PUBLISHED)
        .exclude(status="")
        .order_by("-period__start_date")
        .values_list("pk", flat=True)
        .first()
    )
    instrument = update.instrument
    derived = update.status_source == StatusSource.DERIVED
    if latest != update.pk or (instrument.status, instrument.status_derived) == (update.status, derived):
        return
    if policy.allows(acting_user, Ability.EDIT_REGISTRY):
        set_instrument_status(
            instrument,
            update.status,
            derived=derived,
            acting_user=acting_user,
            reason=f"{'Derived from the report text of' if derived else 'Assessed in'} {update.period.label}",
        )


def _check_lengths(*, summary, entries, commitments, comment) -> None:
    """Refuse a draft with a text longer than its limit (restrack.reporting.limits)."""
    limits.check_length(summary or {}, limits.SUMMARY, field="summary", what=_("The summary"))
    for number, entry in enumerate(entries or [], start=1):
        limits.check_length(
            entry.text,
            limits.PARAGRAPH,
            field=f"entries.{number - 1}.text",
            what=_("Paragraph %(number)s") % {"number": number},
        )
        for footnote in entry.footnotes or []:
            limits.check_length(
                footnote.text,
                limits.FOOTNOTE,
                field=f"entries.{number - 1}.footnotes",
                what=_("A footnote of paragraph %(number)s") % {"number": number},
            )
    for number, commitment in enumerate(commitments or [], start=1):
        limits.check_length(
            commitment.description,
            limits.COMMITMENT,
            field=f"commitments.{number - 1}.description",
            what=_("Commitment %(number)s") % {"number": number},
        )
    limits.check_length(comment, limits.COMMENT, field="comment", what=_("The comment"))


@atomic_action
def revert_update(update: ProgressUpdate, version: int, *, acting_user, comment: str = "") -> ProgressUpdate:
    """Restore the status, summary and paragraphs (with their footnotes) of recorded `version` as a
    new version (nothing is lost: the version reverted from stays in the history). Coordinators
    only, on a draft in an open period or on a published update (then it is a correction); the
    workflow state is kept. Commitments are not part of a version and stay as they are."""
    policy.require(acting_user, Ability.REVERT_UPDATE, update)
    limits.check_length(comment, limits.COMMENT, field="comment", what=_("The comment"))
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
    if update.workflow_state == WorkflowState.PUBLISHED and not comment.strip():
        raise ValidationError(
            {"comment": _("Say why: reverting a published update is a correction and needs a reason.")}
        )
    entries = _entries_of_snapshot(update, recorded.snapshot)
    comment = _("Reverted to version %(version)s.") % {"version": version} + (
        f" {comment.strip()}" if comment.strip() else ""
    )
    data = recorded.snapshot
    result = save_draft(
        update,
        version=update.version,
        acting_user=acting_user,
        status=data["status"],
        summary=_every_language(data["summary"]),
        entries=entries,
        comment=comment,
        reverting=True,
    )
    return result.update


def _every_language(values: dict) -> dict:
    return {code: values.get(code, "") for code in language_codes()}


def _entries_of_snapshot(update, snapshot: dict) -> list[EntryDraft]:
    current_entries = set(update.entries.values_list("pk", flat=True))
    current_footnotes = set(update.entries.values_list("footnotes__pk", flat=True)) - {None}
    drafts = []
    for entry in snapshot["entries"]:
        footnotes = None
        if "footnotes" in entry:  # versions recorded before footnotes were kept leave them as they are
            footnotes = [
                FootnoteDraft(
                    id=note["id"] if note["id"] in current_footnotes else None,
                    text=_every_language(note["text"]),
                    anchor={code: note["anchor"].get(code) for code in language_codes()},
                )
                for note in entry["footnotes"]
            ]
        drafts.append(
            EntryDraft(
                id=entry["id"] if entry["id"] in current_entries else None,
                text=_every_language(entry["text"]),
                operative_paragraphs=entry["operative_paragraphs"],
                partners=entry["partners"],
                funding_constraint=entry["funding_constraint"],
                footnotes=footnotes,
            )
        )
    return drafts


def _check_languages(values: dict, where: str) -> dict:
    unknown = sorted(set(values) - set(language_codes()))
    if unknown:
        raise ValidationError(
            _("%(where)s: unknown language %(codes)s; use %(known)s.")
            % {"where": where, "codes": ", ".join(unknown), "known": ", ".join(language_codes())}
        )
    return {code: (text or "").strip() if isinstance(text, str) else text for code, text in values.items()}


def _merged(current: dict, given: dict) -> dict | None:
    """`current` with the languages in `given` replaced, or None when nothing differs."""
    merged = {code: current.get(code) for code in current}
    merged.update(given)
    differs = any((current.get(code) or None) != (value or None) for code, value in given.items())
    return merged if differs else None


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
    existing = {
        entry.pk: entry for entry in update.entries.prefetch_related("operative_paragraphs", "partners", "footnotes")
    }
    operative_paragraphs = {op.pk: op for op in update.instrument.operative_paragraphs.all()}
    partners = Partner.objects.in_bulk({pk for draft in drafts for pk in draft.partners or ()})
    documents = Document.objects.in_bulk({draft.source_document for draft in drafts if draft.source_document})
    changed = False
    kept: set[int] = set()
    added: list[tuple[EntryDraft, _content.NewEntry]] = []
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
            fields = {"text": text, "funding_constraint": bool(draft.funding_constraint), "position": position}
            if draft.source_document:
                fields.update(source_document=documents[draft.source_document], source_paragraph=draft.source_paragraph)
            added.append((draft, _content.NewEntry(fields, ops or [], linked_partners or [])))
            continue
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
        notes_changed = draft.footnotes is not None and _apply_footnotes(
            entry, draft.footnotes, where, acting_user=acting_user, reason=reason or "Footnotes edited"
        )
        changed |= notes_changed
        changed |= _edit_entry(
            entry,
            position,
            text,
            ops,
            linked_partners,
            draft.funding_constraint,
            confirmed=draft.confirmed,
            footnotes_changed=notes_changed,
            acting_user=acting_user,
            reason=reason,
        )
        kept.add(entry.pk)
        entries_by_key[str(entry.pk)] = entry
        if draft.key:
            entries_by_key[draft.key] = entry
    if added:
        changed = True
        _add_entries(update, added, entries_by_key, result, acting_user=acting_user, reason=reason)
    for pk, entry in existing.items():
        if pk not in kept:
            _content.delete_entry(entry, acting_user=acting_user, reason=reason or "Paragraph deleted")
            changed = True
    return changed


def _add_entries(update, added, entries_by_key, result, *, acting_user, reason) -> None:
    """The new paragraphs and their footnotes, written together (restrack.reporting.actions._content)."""
    entries = _content.add_entries(
        update, [new for _draft, new in added], acting_user=acting_user, reason=reason or "Paragraph added"
    )
    notes = []
    for (draft, _new), entry in zip(added, entries, strict=True):
        result.entry_ids[draft.key or str(entry.pk)] = entry.pk
        entries_by_key[str(entry.pk)] = entry
        if draft.key:
            entries_by_key[draft.key] = entry
        where = _("Paragraph %(position)s") % {"position": entry.position}
        written = [note for note in draft.footnotes or () if any(note.text.values())]  # empty rows: no note
        for position, note in enumerate(written, start=1):
            fields = {"text": _check_languages(note.text, where), "position": position}
            if note.anchor:
                fields["anchor"] = _check_languages(note.anchor, where)
            notes.append((entry, fields))
    if notes:
        _content.add_footnotes(notes, acting_user=acting_user, reason=reason or "Footnote added")


def _resolve(ids, available: dict, where: str, message: str, instrument):
    if ids is None:
        return None
    missing = [pk for pk in ids if pk not in available]
    if missing:
        raise ValidationError(f"{where}: " + message % {"id": missing[0], "instrument": instrument})
    return [available[pk] for pk in dict.fromkeys(ids)]


def _edit_entry(
    entry, position, text, ops, partners, funding_constraint, *, confirmed, footnotes_changed, acting_user, reason
) -> bool:
    content = {}
    merged_text = _merged(get_translations(entry, "text"), text)
    if merged_text is not None:
        content["text"] = merged_text
    if funding_constraint is not None and funding_constraint != entry.funding_constraint:
        content["funding_constraint"] = funding_constraint
    ops_changed = ops is not None and {op.pk for op in ops} != {op.pk for op in entry.operative_paragraphs.all()}
    partners_changed = partners is not None and {p.pk for p in partners} != {p.pk for p in entry.partners.all()}
    edited = bool(content) or ops_changed or partners_changed or footnotes_changed
    fields = dict(content)
    if (edited or confirmed) and entry.carried_over:
        fields["carried_over"] = False
        reason = reason or ("Draft saved" if edited else "Carried-over paragraph confirmed")
    if entry.position != position:
        fields["position"] = position
    if not fields and not ops_changed and not partners_changed:
        return footnotes_changed
    text_value = fields.pop("text", None)
    _content.edit_entry(
        entry,
        text=text_value,
        operative_paragraphs=ops if ops_changed else None,
        partners=partners if partners_changed else None,
        acting_user=acting_user,
        reason=reason or ("Draft saved" if edited else "Paragraph moved"),
        **fields,
    )
    return True


def _apply_footnotes(entry, drafts: list[FootnoteDraft], where: str, *, acting_user, reason) -> bool:
    """Make the paragraph's footnotes those of `drafts`, in order; languages not given are kept."""
    existing = {footnote.pk: footnote for footnote in entry.footnotes.all()}
    changed = False
    kept: set[int] = set()
    for position, draft in enumerate(drafts, start=1):
        text = _check_languages(draft.text, where)
        anchor = _check_languages(draft.anchor, where)
        if draft.id is None:
            if not any(text.values()):
                continue  # an empty footnote row: nothing to note
            _content.add_footnote(
                entry, text=text, anchor=anchor, position=position, acting_user=acting_user, reason=reason
            )
            changed = True
            continue
        footnote = existing.get(draft.id)
        if footnote is None or draft.id in kept:
            raise ValidationError(
                _("%(where)s: footnote %(id)s is not one of this paragraph's.") % {"where": where, "id": draft.id}
            )
        kept.add(footnote.pk)
        changes = {}
        merged_text = _merged(get_translations(footnote, "text"), text)
        if merged_text is not None:
            changes["text"] = merged_text
        current_anchor = get_translations(footnote, "anchor")
        if any(current_anchor.get(code) != at for code, at in anchor.items()):
            changes["anchor"] = {**current_anchor, **anchor}
        if footnote.position != position:
            changes["position"] = position
        if changes:
            _content.edit_footnote(footnote, acting_user=acting_user, reason=reason, **changes)
            changed = True
    for pk, footnote in existing.items():
        if pk not in kept:
            _content.delete_footnote(footnote, acting_user=acting_user, reason=reason)
            changed = True
    return changed


def _apply_commitments(update, drafts, entries_by_key, result, *, acting_user, reason) -> bool:
    existing = {
        c.pk: c
        for c in Commitment.objects.filter(instrument=update.instrument).select_related("promised_in", "delivered_in")
    }
    changed = False
    kept: set[int] = set()
    for number, draft in enumerate(drafts, start=1):
        where = _("Commitment %(number)s") % {"number": number}
        description = _check_languages(draft.description, where)
        if draft.state not in CommitmentState.values:
            raise ValidationError(_("%(where)s: unknown state %(state)r.") % {"where": where, "state": draft.state})
        if draft.recurrence is not None and draft.recurrence not in Recurrence.values:
            raise ValidationError(
                _("%(where)s: unknown recurrence %(recurrence)r; leave it empty or write %(annual)r.")
                % {"where": where, "recurrence": draft.recurrence, "annual": Recurrence.ANNUAL.value}
            )
        try:
            due = parse_partial_date(draft.due)
        except ValidationError as error:
            raise ValidationError(
                _("%(where)s: the due date %(due)r is not a date; write 2025-06-30, 2025-06, 2025-Q2 or 2025.")
                % {"where": where, "due": draft.due}
            ) from error
        current = existing.get(draft.id) if draft.id is not None else None
        links = {
            name: _entry_reference(getattr(draft, name), entries_by_key, where, current=current, link=name)
            for name in ("promised_in", "delivered_in")
        }
        if draft.id is None:
            if not any(description.values()):
                continue  # an empty row the editor left: nothing promised
            commitment = _content.add_commitment(
                update.instrument,
                description=description,
                due=str(due),
                promised_in=links["promised_in"],
                state=draft.state,
                recurrence=draft.recurrence or Recurrence.ONCE,
                delivered_in=links["delivered_in"],
                acting_user=acting_user,
                reason=reason or "Commitment recorded",
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
            if draft.recurrence is not None:
                changes["recurrence"] = draft.recurrence
            # A commitment an earlier update made keeps that update's wording and the paragraph
            # that promised it (which this draft cannot name); the draft reports on its progress.
            if commitment.promised_in_id is None or commitment.promised_in.update_id == update.pk:
                changes["description"] = description
                changes["promised_in"] = links["promised_in"]
            changed |= _edit_commitment(
                commitment, changes, acting_user=acting_user, reason=reason or "Commitment edited"
            )
        kept.add(commitment.pk)
    for commitment in existing.values():
        if commitment.pk not in kept and commitment.promised_in_id and commitment.promised_in.update_id == update.pk:
            _content.delete_commitment(
                commitment, acting_user=acting_user, reason=reason or "Commitment removed from the draft"
            )
            changed = True
    return changed


def _entry_reference(reference, entries_by_key, where, *, current=None, link=""):
    """The paragraph `reference` names: one of this update's, or the one the commitment already
    names (a delivery reported in a later update stays linked when this update is saved)."""
    if reference in (None, ""):
        return None
    if current is not None and str(reference) == str(getattr(current, f"{link}_id")):
        return getattr(current, link)
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
    _content.edit_commitment(commitment, acting_user=acting_user, reason=reason, **differing)
    return True
