"""Every write to the registry goes through these functions: allowed by the access policy (the
coordinators, and the system account for imports and reference data), validated, atomic, recorded
in the field history with the acting user, and each with its event."""

from __future__ import annotations

from django.apps import apps as django_apps
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.concurrency import check_stored_version
from restrack.core.events import emit
from restrack.core.recording import delete_recorded, save_recorded
from restrack.core.translation_fields import assign
from restrack.registry import numbering, overlaps
from restrack.registry.choices import Addressee, DeliverableState, ImplementationStatus, OperativeAction
from restrack.registry.models import (
    Deliverable,
    Document,
    DocumentVersion,
    Goal,
    GoalLink,
    GoverningBody,
    Instrument,
    InstrumentLink,
    OperativeParagraph,
    Partner,
    PartnerAlias,
    Session,
)
from restrack.registry.reference.loader import load_reference_data


def _recorded(instance, kind: str, *, acting_user, reason: str, topics=(), **data):
    """Save `instance` with its field history and record the event `kind` about it."""
    save_recorded(instance, acting_user=acting_user, reason=reason)
    emit(kind, actor=acting_user, target=instance, reason=reason, data=data, topics=topics)
    return instance


@atomic_action
def create_session(body: GoverningBody, *, acting_user, reason: str = "", **fields) -> Session:
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    session = Session(body=body)
    assign(session, fields)
    return _recorded(session, EventKind.SESSION_CREATED, acting_user=acting_user, reason=reason or "Session created")


@atomic_action
def create_instrument(
    *, session: Session, kind: str, number: str, acting_user, reason: str = "", **fields
) -> Instrument:
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    instrument = Instrument(session=session, body=session.body, kind=kind, number=number)
    assign(instrument, fields)
    instrument.clean()  # normalises the number before the duplicate check below
    existing = Instrument.objects.filter(body=session.body, kind=kind, number=instrument.number)
    if existing.exists():
        raise ValidationError(
            {
                "number": _("%(instrument)s of the %(body)s already exists; edit it instead.")
                % {"instrument": str(instrument).capitalize(), "body": session.body}
            }
        )
    _recorded(instrument, EventKind.INSTRUMENT_CREATED, acting_user=acting_user, reason=reason or "Instrument created")
    # Texts imported before it referred to it: their links now lead to it.
    InstrumentLink.objects.filter(
        target=None, target_body=session.body.code, target_kind=kind, target_number=instrument.number
    ).update(target=instrument)
    return instrument


@atomic_action
def update_instrument(instrument: Instrument, *, acting_user, reason: str = "", **changes) -> Instrument:
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    if {"body", "kind", "number"} & set(changes):
        raise ValidationError(
            _("An instrument's body, kind and number identify it and cannot be changed; create a new one.")
        )
    assign(instrument, changes)
    return _recorded(
        instrument,
        EventKind.INSTRUMENT_EDITED,
        acting_user=acting_user,
        reason=reason or "Instrument edited",
        fields=sorted(changes),
    )


@atomic_action
def set_instrument_status(
    instrument: Instrument, status: str, *, acting_user, reason: str = "", derived: bool = False
) -> Instrument:
    """The instrument's current status; `derived` when it was derived from a report's text
    (restrack.reading.status) rather than assessed."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    if status and status not in ImplementationStatus.values:
        raise ValidationError(
            {
                "status": _("Unknown status %(status)r; use one of %(choices)s.")
                % {"status": status, "choices": ", ".join(ImplementationStatus.values)}
            }
        )
    previous, instrument.status = instrument.status, status
    instrument.status_derived = derived and bool(status)
    return _recorded(
        instrument,
        EventKind.INSTRUMENT_STATUS_SET,
        acting_user=acting_user,
        reason=reason or "Status changed",
        topics=[instrument],
        status=status,
        previous=previous,
        derived=instrument.status_derived,
    )


@atomic_action
def add_operative_paragraph(
    instrument: Instrument, number: str, *, acting_user, text: dict | None = None, reason: str = ""
) -> OperativeParagraph:
    """Create operative paragraph `number` (4, 4(a), 4(a)(i)); missing parents are created empty,
    so a report citing 4 (a) before anyone typed paragraph 4 still links correctly."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    parsed = numbering.parse_paragraph_number(number)
    parent = None
    if parsed.parent is not None:
        parent = _get_or_create_paragraph(instrument, parsed.parent, acting_user=acting_user)
    if instrument.operative_paragraphs.filter(number=str(parsed)).exists():
        raise ValidationError(
            {
                "number": _("%(instrument)s already has operative paragraph %(number)s.")
                % {"instrument": str(instrument).capitalize(), "number": parsed}
            }
        )
    paragraph = OperativeParagraph(instrument=instrument, number=str(parsed), parent=parent, order=parsed.sort_key)
    if text:
        assign(paragraph, {"text": text})
    return _recorded(
        paragraph,
        EventKind.OPERATIVE_PARAGRAPH_ADDED,
        acting_user=acting_user,
        reason=reason or "Operative paragraph added",
        topics=[instrument],
    )


@atomic_action
def classify_paragraph(
    paragraph: OperativeParagraph, *, action: str, addressee: str, acting_user, reason: str = ""
) -> OperativeParagraph:
    """The coordinator's say on what `paragraph` asks and of whom; imports keep it from then on."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    errors = {}
    if action not in OperativeAction.values:
        errors["action"] = _("Unknown operative verb %(value)r.") % {"value": action}
    if addressee not in Addressee.values:
        errors["addressee"] = _("Unknown addressee %(value)r.") % {"value": addressee}
    if errors:
        raise ValidationError(errors)
    paragraph.action, paragraph.addressee, paragraph.classified_by_coordinator = action, addressee, True
    return _recorded(
        paragraph,
        EventKind.PARAGRAPH_CLASSIFIED,
        acting_user=acting_user,
        reason=reason or "Verb and addressee set by the coordinator",
        topics=[paragraph.instrument],
        action=action,
        addressee=addressee,
    )


@atomic_action
def set_deliverable_state(
    deliverable: Deliverable, state: str, *, acting_user, delivered_in: Document | None = None, reason: str = ""
) -> Deliverable:
    """A report due marked delivered (in which document), no longer due, or pending again."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    if state not in DeliverableState.values:
        raise ValidationError({"state": _("Unknown state %(value)r.") % {"value": state}})
    if state != DeliverableState.DELIVERED:
        delivered_in = None
    deliverable.state, deliverable.delivered_in, deliverable.set_by_coordinator = state, delivered_in, True
    return _recorded(
        deliverable,
        EventKind.DELIVERABLE_SET,
        acting_user=acting_user,
        reason=reason or "Report due updated",
        topics=[deliverable.paragraph.instrument],
        state=state,
        delivered_in=delivered_in.symbol if delivered_in else None,
    )


@atomic_action
def link_goal(
    instrument: Instrument, goal: Goal, *, acting_user, paragraph: OperativeParagraph | None = None, reason: str = ""
) -> GoalLink:
    """The instrument (or one of its paragraphs) linked to a goal or agenda reference by hand."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    if paragraph is not None and paragraph.instrument_id != instrument.pk:
        raise ValidationError(_("Paragraph %(number)s is not one of this instrument's.") % {"number": paragraph.number})
    link, _created = GoalLink.objects.update_or_create(
        goal=goal, instrument=instrument, paragraph=paragraph, defaults={"detected": False}
    )
    emit(
        EventKind.GOAL_LINKED,
        actor=acting_user,
        target=instrument,
        reason=reason or "Goal linked",
        data={"goal": goal.code, "paragraph": paragraph.number if paragraph else None},
        topics=[instrument],
    )
    return link


@atomic_action
def unlink_goal(link: GoalLink, *, acting_user, reason: str = "") -> None:
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    instrument, code = link.instrument, link.goal.code
    link.delete()
    emit(
        EventKind.GOAL_UNLINKED,
        actor=acting_user,
        target=instrument,
        reason=reason or "Goal link removed",
        data={"goal": code},
        topics=[instrument],
    )


@atomic_action
def rebuild_overlaps(*, acting_user, languages=None, reason: str = "") -> int:
    """Every paragraph's text fingerprinted again and every overlap between paragraphs found again
    (restrack.registry.overlaps); returns how many there are."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    found = overlaps.rebuild(languages)
    emit(
        EventKind.OVERLAPS_REBUILT,
        actor=acting_user,
        target=GoverningBody.objects.get(code=GoverningBody.ASSEMBLY),  # as the reference data's event
        reason=reason or "Overlaps found again",
        data={"overlaps": found, "languages": list(languages or [])},
    )
    return found


def _get_or_create_paragraph(instrument, parsed: numbering.ParagraphNumber, *, acting_user):
    existing = instrument.operative_paragraphs.filter(number=str(parsed)).first()
    if existing:
        return existing
    return add_operative_paragraph(instrument, str(parsed), acting_user=acting_user)


@atomic_action
def create_partner(
    code: str, *, kind: str, acting_user, aliases: dict[str, list[str]] | None = None, reason: str = "", **fields
) -> Partner:
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    partner = Partner(code=code.strip(), kind=kind)
    assign(partner, fields)
    _recorded(partner, EventKind.PARTNER_CREATED, acting_user=acting_user, reason=reason or "Partner created")
    for language, texts in (aliases or {}).items():
        for text in texts:
            add_partner_alias(partner, language, text, acting_user=acting_user)
    return partner


@atomic_action
def add_partner_alias(partner: Partner, language: str, text: str, *, acting_user, reason: str = "") -> PartnerAlias:
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    text = " ".join(text.split())
    taken = PartnerAlias.objects.filter(language=language, text=text).select_related("partner").first()
    if taken:
        raise ValidationError(
            {
                "text": _("%(text)r already names %(code)s in this language.")
                % {"text": text, "code": taken.partner.code}
            }
        )
    alias = PartnerAlias(partner=partner, language=language, text=text)
    return _recorded(
        alias, EventKind.PARTNER_ALIAS_ADDED, acting_user=acting_user, reason=reason or "Alias added", topics=[partner]
    )


@atomic_action
def create_document(*, kind: str, acting_user, symbol: str | None = None, reason: str = "", **fields) -> Document:
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    document = Document(kind=kind, symbol=symbol or None)
    assign(document, fields)
    return _recorded(
        document, EventKind.DOCUMENT_RECORDED, acting_user=acting_user, reason=reason or "Document recorded"
    )


@atomic_action
def update_document(document: Document, *, acting_user, reason: str = "", **changes) -> Document:
    """Change a document's details (symbol, date, agenda item and title, ...); translated
    fields per language."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    assign(document, changes)
    return _recorded(
        document,
        EventKind.DOCUMENT_EDITED,
        acting_user=acting_user,
        reason=reason or "Document edited",
        fields=sorted(changes),
    )


@atomic_action
def add_document_version(
    document: Document, *, language: str, acting_user, file_name: str = "", sha256: str = "", reason: str = ""
) -> DocumentVersion:
    """Record the file a language version of `document` was read from (replacing an older one)."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    version = document.versions.filter(language=language).first() or DocumentVersion(
        document=document, language=language
    )
    version.file_name, version.sha256 = file_name, sha256
    return _recorded(
        version,
        EventKind.DOCUMENT_VERSION_RECORDED,
        acting_user=acting_user,
        reason=reason or "Language version recorded",
        topics=[document],
        language=language,
    )


@atomic_action
def get_or_create_board_session(year: int, order: int, *, acting_user, reason: str = "", **fields) -> Session:
    """The Executive Board's session `order` of `year` (2024, 2 = second session of 2024)."""
    body = GoverningBody.objects.get(code=GoverningBody.EXECUTIVE_BOARD)
    session = Session.objects.filter(body=body, year=year, sequence_in_year=order).first()
    if session:
        return session
    return create_session(body, year=year, sequence_in_year=order, acting_user=acting_user, reason=reason, **fields)


@atomic_action
def complete_reference_data(*, acting_user) -> dict:
    """Create what the reference data has and the registry lacks, fill empty fields, never
    overwrite edits (restrack.registry.reference.loader); {"created": n, "updated": n}."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    counts = load_reference_data(django_apps)
    if counts["created"] or counts["updated"]:
        assembly = GoverningBody.objects.get(code=GoverningBody.ASSEMBLY)
        emit(EventKind.REFERENCE_DATA_LOADED, actor=acting_user, target=assembly, data=counts)
    return counts


@atomic_action
def save_record(instance, *, acting_user, reason: str = ""):
    """Save a registry record as edited field by field in the admin; refused (StaleRecord) when
    someone saved it since the version the admin's form was filled from."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    check_stored_version(instance)
    return _recorded(instance, EventKind.REGISTRY_RECORD_EDITED, acting_user=acting_user, reason=reason)


@atomic_action
def delete_record(instance, *, acting_user, reason: str = "") -> None:
    """Delete a registry record from the admin (what still refers to it protects it)."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    emit(EventKind.REGISTRY_RECORD_DELETED, actor=acting_user, target=instance, reason=reason)
    delete_recorded(instance, acting_user=acting_user, reason=reason)
