"""Storing a parsed resolution or decision text (restrack.reading.resolution) in the registry: the
instrument (created when missing, in its body and session), its title, adoption date, symbol and
preamble, and its operative paragraphs with their sub-paragraphs, each text in the language read.

Idempotent: importing the same text again changes nothing; the other language version of the same
resolution fills the same paragraphs in that language. A text differing from what is stored in the
same language replaces it (a corrected text), and the field history keeps what it replaced.
Paragraphs the registry has and the text has not (a report cited "OP 12" of a resolution with 11)
are left as they are and named in the summary: reports link to them.

Called by the action restrack.ingest.actions.import_resolution, which checks the permission and
runs it in one transaction."""

from __future__ import annotations

from dataclasses import dataclass, field

from modeltranslation.utils import build_localized_fieldname

from restrack.core.choices import EventKind
from restrack.core.events import emit
from restrack.core.recording import save_recorded
from restrack.reading import goals, lineage, mandates
from restrack.reading.errors import IngestError
from restrack.reading.resolution import ParsedResolution
from restrack.registry import actions as registry_actions
from restrack.registry import numbering, overlaps
from restrack.registry.choices import LinkedBody
from restrack.registry.models import Deliverable, Goal, GoalLink, GoverningBody, Instrument, InstrumentLink, Session

# The reader's language codes and the site's.
LANGUAGE_CODES = {"en": "en", "zh": "zh-hans", "fr": "fr", "es": "es", "ru": "ru", "ar": "ar"}
PREAMBLE_SEPARATOR = "\n\n"


@dataclass
class ResolutionImportSummary:
    instrument: str  # "resolution 2/6"
    language: str  # the site's code: en, zh-hans, ...
    instrument_created: bool = False
    session_created: str = ""  # the session the text's front stated, created with the instrument
    instrument_fields: list[str] = field(default_factory=list)  # title, adoption date, ... filled or changed
    paragraphs_created: list[str] = field(default_factory=list)
    paragraphs_filled: list[str] = field(default_factory=list)  # had no text in this language
    paragraphs_changed: list[str] = field(default_factory=list)  # had another text in this language
    paragraphs_unchanged: int = 0
    classified: list[str] = field(default_factory=list)  # verb or addressee set or changed
    mandates: int = 0  # of the text's paragraphs
    deliverables: list[str] = field(default_factory=list)  # created or changed: "2(c): session 3"
    goals: list[str] = field(default_factory=list)  # goal links read from the text: "SDG-11.1 (2(a))"
    overlaps: int = 0  # paragraphs elsewhere that the text's paragraphs overlap, in its language
    links: list[str] = field(default_factory=list)  # references to other instruments recorded: "recalls resolution 1/2"
    not_in_text: list[str] = field(default_factory=list)  # in the registry, not in this text
    warnings: list[str] = field(default_factory=list)
    dry_run: bool = False
    url: str = ""  # the instrument's page on the tracker (in the active language)

    @property
    def changed(self) -> bool:
        return bool(
            self.session_created
            or self.instrument_created
            or self.instrument_fields
            or self.paragraphs_created
            or self.paragraphs_filled
            or self.paragraphs_changed
            or self.classified
            or self.deliverables
            or self.links
            or self.goals
        )

    def lines(self) -> list[str]:
        """What the import did (or would do), for the command and the page."""
        verb = "would be" if self.dry_run else "was"
        out = [
            f"{self.instrument} ({self.language}): "
            + (f"{verb} created" if self.instrument_created else "in the registry")
        ]
        if self.session_created:
            out.append(f"  session {verb} created from the text's front: {self.session_created}")
        if self.instrument_fields:
            out.append(f"  instrument fields set: {', '.join(self.instrument_fields)}")
        for label, numbers in (
            ("operative paragraphs created", self.paragraphs_created),
            ("texts filled", self.paragraphs_filled),
            ("texts replaced", self.paragraphs_changed),
        ):
            if numbers:
                out.append(f"  {label}: {len(numbers)} ({', '.join(numbers)})")
        if self.classified:
            out.append(f"  verb and addressee read for: {', '.join(self.classified)}")
        out.append(f"  mandates (asking the secretariat to act or report): {self.mandates}")
        if self.deliverables:
            out.append(f"  reports due: {'; '.join(self.deliverables)}")
        if self.links:
            out.append(f"  references to other instruments: {'; '.join(self.links)}")
        if self.goals:
            out.append(f"  goals and agenda named: {', '.join(self.goals)}")
        if self.overlaps:
            out.append(f"  overlaps with other paragraphs (in this language): {self.overlaps}")
        if self.paragraphs_unchanged:
            out.append(f"  unchanged: {self.paragraphs_unchanged} paragraph(s)")
        if self.not_in_text:
            out.append(f"  in the registry but not in this text (left as they are): {', '.join(self.not_in_text)}")
        if not self.changed:
            out.append("  nothing to change: this text is already imported")
        out += [f"  warning: {warning}" for warning in self.warnings]
        return out


def import_resolution(parsed: ParsedResolution, *, acting_user, reason: str = "") -> ResolutionImportSummary:
    language = LANGUAGE_CODES[parsed.language]
    summary = ResolutionImportSummary(parsed.reference, language, warnings=list(parsed.warnings))
    reason = reason or f"Text of {parsed.reference} imported from {parsed.file_name}"
    instrument = _instrument(parsed, language, summary, acting_user=acting_user, reason=reason)
    summary.url = instrument.get_absolute_url()
    _paragraphs(instrument, parsed, language, summary, acting_user=acting_user, reason=reason)
    _classify(instrument, language, summary, acting_user=acting_user, reason=reason)
    _lineage(instrument, parsed, summary)
    _goals(instrument, parsed, summary)
    summary.overlaps = overlaps.refresh(instrument.operative_paragraphs.values_list("pk", flat=True), language)
    if summary.changed:
        emit(
            EventKind.RESOLUTION_TEXT_IMPORTED,
            actor=acting_user,
            target=instrument,
            reason=reason,
            data={
                "language": language,
                "file": parsed.file_name,
                "created": summary.paragraphs_created,
                "filled": summary.paragraphs_filled,
                "changed": summary.paragraphs_changed,
            },
            topics=[instrument],
        )
    return summary


def _body(parsed: ParsedResolution) -> GoverningBody:
    if parsed.symbol_prefix:
        body = GoverningBody.objects.filter(symbol_prefix=parsed.symbol_prefix).first()
        if body is not None:
            return body
    code = GoverningBody.ASSEMBLY if len(parsed.number.split("/")[0]) <= 2 else GoverningBody.EXECUTIVE_BOARD
    body = GoverningBody.objects.filter(code=code).first()
    if body is None:
        raise IngestError(
            f"{parsed.file_name}: the governing body of {parsed.reference} is not in the registry. "
            "Load the reference data first (`restrack migrate` loads it)."
        )
    return body


def _created_session(body, parsed, summary, *, acting_user, reason) -> Session:
    """The Assembly session the text's front states (its number, dates and place), created: a text
    of a session the registry does not know yet brings the session with it."""
    stated = parsed.session
    summary.session_created = f"{body} session {stated.number} ({stated.start:%Y})"
    fields = {"number": stated.number, "year": stated.start.year, "start_date": stated.start, "end_date": stated.end}
    if stated.place:
        fields["place"] = {LANGUAGE_CODES[parsed.language]: stated.place}
    return registry_actions.create_session(body, acting_user=acting_user, reason=reason, **fields)


def _session(body: GoverningBody, parsed: ParsedResolution, summary, *, acting_user, reason) -> Session:
    prefix = int(parsed.number.split("/")[0])
    if body.sessions_numbered_by_year:
        sessions = list(body.sessions.filter(year=prefix))
        if parsed.adoption_date:
            held = [
                s
                for s in sessions
                if s.start_date and s.start_date <= parsed.adoption_date <= (s.end_date or s.start_date)
            ]
            sessions = held or sessions
        if len(sessions) == 1:
            return sessions[0]
        where = f"no session of {prefix}" if not sessions else f"{len(sessions)} sessions in {prefix}"
    else:
        session = body.sessions.filter(number=prefix).first()
        if session is not None:
            return session
        stated = parsed.session
        if stated.number == prefix and stated.start is not None:
            return _created_session(body, parsed, summary, acting_user=acting_user, reason=reason)
        where = f"no session {prefix}"
    raise IngestError(
        f"{parsed.file_name}: {parsed.reference} belongs to the {body}, which has {where} in the registry"
        + (" and the text gives no adoption date within one of them" if body.sessions_numbered_by_year else "")
        + ". Add the session in the admin (Registry › Sessions), then import again"
        + ("" if body.sessions_numbered_by_year else " (or import a text whose front states the session and its dates)")
        + "."
    )


def _instrument(parsed, language, summary, *, acting_user, reason) -> Instrument:
    body = _body(parsed)
    number = str(numbering.parse_instrument_number(parsed.number))
    instrument = (
        Instrument.objects.select_related("session", "body").filter(body=body, kind=parsed.kind, number=number).first()
    )
    fields = {
        "title": {language: parsed.title},
        "preamble": {language: PREAMBLE_SEPARATOR.join(parsed.preamble)},
        "adoption_date": parsed.adoption_date,
        "document_symbol": parsed.symbol if parsed.symbol and _is_instrument_symbol(parsed.symbol) else None,
    }
    if instrument is None:
        summary.instrument_created = True
        summary.instrument_fields = [name for name, value in fields.items() if value and value != {language: ""}]
        return registry_actions.create_instrument(
            session=_session(body, parsed, summary, acting_user=acting_user, reason=reason),
            kind=parsed.kind,
            number=number,
            acting_user=acting_user,
            reason=reason,
            **{name: value for name, value in fields.items() if value is not None},
        )
    changes = {}
    for name, value in fields.items():
        if isinstance(value, dict):
            column = build_localized_fieldname(name, language)
            if value[language] and getattr(instrument, column) != value[language]:
                changes[name] = value
        elif value and not getattr(instrument, name):
            changes[name] = value  # a date or symbol is filled, never overwritten by a text
        elif value and getattr(instrument, name) != value:
            summary.warnings.append(
                f"The registry gives {name.replace('_', ' ')} {getattr(instrument, name)}, the text {value}; kept the registry's."
            )
    if changes:
        summary.instrument_fields = sorted(changes)
        registry_actions.update_instrument(instrument, acting_user=acting_user, reason=reason, **changes)
    return instrument


def _is_instrument_symbol(symbol: str) -> bool:
    return "/Res." in symbol or "/Dec." in symbol


def _paragraphs(instrument, parsed, language, summary, *, acting_user, reason) -> None:
    column = build_localized_fieldname("text", language)
    existing = {paragraph.number: paragraph for paragraph in instrument.operative_paragraphs.all()}
    in_text = set()
    for item in parsed.paragraphs:
        number = str(numbering.parse_paragraph_number(item.number))
        in_text.add(number)
        paragraph = existing.get(number)
        if paragraph is None:
            paragraph = registry_actions.add_operative_paragraph(
                instrument, number, acting_user=acting_user, text={language: item.text}, reason=reason
            )
            existing.update({p.number: p for p in instrument.operative_paragraphs.all()})
            summary.paragraphs_created.append(number)
            continue
        current = getattr(paragraph, column) or ""
        if current == item.text:
            summary.paragraphs_unchanged += 1
            continue
        (summary.paragraphs_changed if current else summary.paragraphs_filled).append(number)
        setattr(paragraph, column, item.text)
        save_recorded(paragraph, acting_user=acting_user, reason=reason)
    summary.not_in_text = sorted(
        (number for number in existing if number not in in_text),
        key=lambda number: numbering.parse_paragraph_number(number).sort_key,
    )


BODY_CODES = {"assembly": GoverningBody.ASSEMBLY, "executive-board": GoverningBody.EXECUTIVE_BOARD}


def _classify(instrument, language, summary, *, acting_user, reason) -> None:
    """What each paragraph asks and of whom (restrack.reading.mandates), read from its English text
    where it has one (else the text just imported); a sub-paragraph completes its chapeau. The
    coordinator's own classification is kept, and passed on to the sub-paragraphs; a reporting
    clause becomes a deliverable due at the session it names."""
    found: dict[str, mandates.Classification] = {}
    for paragraph in instrument.operative_paragraphs.select_related("deliverable").order_by("order"):
        text = paragraph.text_en or getattr(paragraph, build_localized_fieldname("text", language)) or ""
        parent = found.get(str(paragraph.parsed_number.parent)) if paragraph.parsed_number.parent else None
        if paragraph.classified_by_coordinator:
            found[paragraph.number] = mandates.Classification(paragraph.action, paragraph.addressee)
            summary.mandates += paragraph.is_mandate
            continue
        if not text:
            continue
        result = mandates.classify(text, parent)
        found[paragraph.number] = result
        summary.mandates += result.mandate
        if (paragraph.action, paragraph.addressee) != (result.action, result.addressee):
            paragraph.action, paragraph.addressee = result.action, result.addressee
            save_recorded(paragraph, acting_user=acting_user, reason=reason)
            summary.classified.append(paragraph.number)
        if result.reporting is not None:
            _deliverable(paragraph, result.reporting, summary, acting_user=acting_user, reason=reason)


def _deliverable(paragraph, due: mandates.ReportingDue, summary, *, acting_user, reason) -> None:
    existing = getattr(paragraph, "deliverable", None)  # None: the reverse one-to-one has no row
    if existing is not None and existing.set_by_coordinator:
        return
    body = GoverningBody.objects.get(code=BODY_CODES[due.body])
    deliverable = existing or Deliverable(paragraph=paragraph)
    wanted = {
        "body": body,
        "session_number": due.session,
        "session_year": due.year,
        "session_order": due.order,
        "recurring": due.recurring,
    }
    if existing is not None and all(getattr(existing, name) == value for name, value in wanted.items()):
        return
    for name, value in wanted.items():
        setattr(deliverable, name, value)
    deliverable.session = deliverable.matching_session()
    save_recorded(deliverable, acting_user=acting_user, reason=reason)
    summary.deliverables.append(f"{paragraph.number}: {deliverable.due_label()}")


# The reader's bodies (restrack.reading.lineage) as the registry names them; "own" is the text's.
LINKED_BODIES = {
    lineage.ASSEMBLY: LinkedBody.ASSEMBLY,
    lineage.BOARD: LinkedBody.EXECUTIVE_BOARD,
    lineage.GENERAL_ASSEMBLY: LinkedBody.GENERAL_ASSEMBLY,
    lineage.ECOSOC: LinkedBody.ECOSOC,
    lineage.OTHER_BODY: LinkedBody.OTHER,
}


def _lineage(instrument, parsed, summary) -> None:
    """The instruments the text refers to, recorded as links from `instrument` (one per instrument
    referred to: a second language's text adds none twice); linked to the registry's instrument
    when it has it."""
    places = [(f"preamble {n}", text) for n, text in enumerate(parsed.preamble, start=1)]
    places += [(paragraph.number, paragraph.text) for paragraph in parsed.paragraphs]
    existing = set(instrument.links_out.values_list("target_body", "target_kind", "target_number"))
    for where, text in places:
        for reference in lineage.references(text):
            body = instrument.body.code if reference.body == lineage.OWN else LINKED_BODIES[reference.body]
            key = (body, reference.kind, reference.number)
            if key in existing or key == (instrument.body.code, instrument.kind, instrument.number):
                continue
            existing.add(key)
            InstrumentLink.objects.create(
                source=instrument,
                target=Instrument.objects.filter(body__code=body, kind=reference.kind, number=reference.number).first(),
                target_body=body,
                target_kind=reference.kind,
                target_number=reference.number,
                relation=reference.relation,
                where=where,
                text=reference.text[:300],
            )
            summary.links.append(f"{reference.relation} {reference.kind} {reference.number} ({body})")


def _goals(instrument, parsed, summary) -> None:
    """The goals and agenda references the text names, linked to the instrument (preamble) or to
    the paragraph that names them; a target the reference list lacks links its goal."""
    known = dict(Goal.objects.values_list("code", "pk"))
    paragraphs = dict(instrument.operative_paragraphs.values_list("number", "pk"))
    places = [(None, text) for text in parsed.preamble]
    places += [(paragraphs.get(str(numbering.parse_paragraph_number(p.number))), p.text) for p in parsed.paragraphs]
    for paragraph, text in places:
        for code in goals.goal_codes(text):
            code = code if code in known else goals.goal_of(code)
            if code not in known:
                continue
            _link, created = GoalLink.objects.get_or_create(
                goal_id=known[code], instrument=instrument, paragraph_id=paragraph, defaults={"detected": True}
            )
            if created:
                where = next((number for number, pk in paragraphs.items() if pk == paragraph), "preamble")
                summary.goals.append(f"{code} ({where})")
