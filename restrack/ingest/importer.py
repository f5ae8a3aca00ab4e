"""Storing a parsed progress report as tracked history.

One import creates or completes: the `Document` (with the language version read), the
`ReportingPeriod` (from the Board meeting, or given), and for every instrument the report has a
section on, its `ProgressUpdate` with one `UpdateEntry` per numbered paragraph (source paragraph
number kept), the operative paragraphs each cites, the partners it names and the commitments it
announces. The introduction goes to the period.

The import is one transaction (any error: nothing written) and idempotent: importing the same
report again changes nothing. A different version of a report already imported is refused
unless `replace` is given, and paragraphs that people edited after an import are never
overwritten. Importing the other language version of a report fills in that language.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from restrack.core.partial_dates import parse_partial_date
from restrack.reading.errors import IngestError
from restrack.reading.report import Meeting, Paragraph, ParsedReport
from restrack.registry import actions as registry_actions
from restrack.registry.choices import DocumentKind
from restrack.registry.models import Document, DocumentVersion, GoverningBody, Instrument, Partner
from restrack.reporting import actions as reporting_actions
from restrack.reporting.choices import CommitmentState, PeriodState, WorkflowState
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, UpdateEntry
from restrack.reporting.periods import PeriodLabel, parse_period_label

LANGUAGE_CODES = {"zh": "zh-hans", "en": "en"}
IMPORT_REASON_PREFIX = "Imported from "


@dataclass
class ImportSummary:
    period: str = ""
    period_created: bool = False
    document: str = ""  # "created", "updated" or "unchanged"
    instruments: list[str] = field(default_factory=list)
    updates_created: int = 0
    entries_created: int = 0
    entries_updated: int = 0
    entries_deleted: int = 0
    commitments_created: int = 0
    commitments_deleted: int = 0
    footnotes_created: int = 0
    footnotes_updated: int = 0
    footnotes_deleted: int = 0
    operative_paragraphs_created: int = 0
    partners_linked: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    dry_run: bool = False

    @property
    def unchanged(self) -> bool:
        return not (
            self.period_created
            or self.document != "unchanged"
            or self.updates_created
            or self.entries_created
            or self.entries_updated
            or self.entries_deleted
            or self.commitments_created
            or self.commitments_deleted
            or self.footnotes_created
            or self.footnotes_updated
            or self.footnotes_deleted
        )

    def as_dict(self) -> dict:
        data = {key: getattr(self, key) for key in self.__dataclass_fields__}
        data["unchanged"] = self.unchanged
        return data

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        if self.unchanged:
            return [f"Nothing changed: this report is already imported (period {self.period})."]
        return [
            f"Period {self.period}: {'created' if self.period_created else 'existing'}",
            f"Document: {self.document}",
            f"Instruments: {len(self.instruments)} ({', '.join(self.instruments)})",
            f"Updates created: {self.updates_created}",
            f"Entries created: {self.entries_created}, updated: {self.entries_updated}, deleted: {self.entries_deleted}",
            f"Commitments created: {self.commitments_created}, deleted: {self.commitments_deleted}",
            f"Footnotes created: {self.footnotes_created}, updated: {self.footnotes_updated}, "
            f"deleted: {self.footnotes_deleted}",
            f"Operative paragraphs created: {self.operative_paragraphs_created}",
            f"Partners linked: {len(self.partners_linked)} ({', '.join(self.partners_linked)})",
            *(f"  {change}" for change in self.changes),
            f"(these changes {verb} written)",
        ]


@dataclass
class _Desired:
    """What one paragraph should become in the database."""

    paragraph: Paragraph
    op_numbers: list[str]
    partner_codes: list[str]
    commitments: list[tuple[str, str]]  # (due, text)


def period_for_meeting(meeting: Meeting) -> str | None:
    """The half-year a Board session reports on: the half its start date falls in; without dates,
    the first session of a year reports on the first half and later sessions on the second."""
    if meeting.start:
        return str(PeriodLabel.containing(date.fromisoformat(meeting.start)))
    if meeting.year and meeting.session:
        return f"{meeting.year}-H{1 if meeting.session == 1 else 2}"
    return None


class _Importer:
    def __init__(
        self,
        parsed: ParsedReport,
        *,
        acting_user,
        period: str | None,
        replace: bool,
        progress: Callable[[int], None] | None,
    ):
        self.parsed = parsed
        self.user = acting_user
        self.period_label = period
        self.replace = replace
        self.progress = progress or (lambda done: None)
        self.language = LANGUAGE_CODES.get(parsed.language)
        if self.language is None:
            raise IngestError(f"Reports in {parsed.language!r} cannot be imported yet; use zh or en.")
        self.text_field = build_localized_fieldname("text", self.language)
        self.summary = ImportSummary()
        self.reason = IMPORT_REASON_PREFIX + (parsed.symbol or parsed.source.get("file_name", "a report"))

    # -- resolving what the report refers to ----------------------------------------------------

    def resolve_period_label(self) -> str:
        label = self.period_label or period_for_meeting(self.parsed.meeting)
        if label is None:
            raise IngestError(
                "Cannot tell which reporting period this report covers: it names no Executive Board "
                "session. Give it with --period YYYY-H1 or YYYY-H2."
            )
        return str(parse_period_label(label))

    def resolve_instruments(self) -> dict[str, Instrument]:
        found = {}
        assembly = GoverningBody.objects.get(code=GoverningBody.ASSEMBLY)
        for reference in self.parsed.instruments:
            kind, number = reference.split(" ", 1)
            body = (
                assembly
                if len(number.split("/")[0]) <= 2
                else GoverningBody.objects.get(code=GoverningBody.EXECUTIVE_BOARD)
            )
            instrument = Instrument.objects.filter(body=body, kind=kind, number=number).first()
            if instrument is None:
                line = next(p.line for p in self.parsed.paragraphs if p.section.reference == reference)
                raise IngestError(
                    f"The report has a section on {reference} (line {line}), which is not in the registry. "
                    "Add the instrument in the admin (Registry › Instruments) first, then import again."
                )
            found[reference] = instrument
        return found

    def find_document(self) -> Document | None:
        if self.parsed.symbol:
            return Document.objects.filter(symbol=self.parsed.symbol).first()
        sha = self.parsed.source.get("sha256")
        version = DocumentVersion.objects.filter(sha256=sha).select_related("document").first() if sha else None
        return version.document if version else None

    def already_imported(self, document: Document) -> bool:
        sha = self.parsed.source.get("sha256")
        return bool(sha) and document.versions.filter(language=self.language, sha256=sha).exists()

    # -- the run ---------------------------------------------------------------------------------

    def run(self) -> ImportSummary:
        label = self.resolve_period_label()
        instruments = self.resolve_instruments()
        document = self.find_document()
        period = ReportingPeriod.objects.filter(label=label).first()
        if document is not None and self.already_imported(document):
            # The same file again: nothing to do, whatever was edited since, except completing what
            # imports before footnotes and agenda details were stored left out.
            self.summary.period, self.summary.document = label, "unchanged"
            self.summary.instruments = list(instruments)
            self.complete_earlier_import(document, period, instruments)
            return self.summary
        desired = self.desired_state(instruments)
        self.check_conflicts(document, period, instruments, desired)

        self.summary.period = label
        self.summary.instruments = list(instruments)
        period = period or self.create_period(label)
        document = self.store_document(document)
        self.store_introduction(period)
        done = 0
        for reference, instrument in instruments.items():
            done = self.store_update(instrument, period, document, desired[reference], done)
        self.summary.partners_linked = sorted(set(self.summary.partners_linked))
        return self.summary

    def desired_state(self, instruments: dict[str, Instrument]) -> dict[str, list[_Desired]]:
        desired: dict[str, list[_Desired]] = {reference: [] for reference in instruments}
        for paragraph in self.parsed.paragraphs:
            reference = paragraph.section.reference
            if reference not in desired:
                continue
            ops = []
            for ref in paragraph.facts.op_refs:
                if ref["instrument"] == reference and ref["paragraph"] not in ops:
                    ops.append(ref["paragraph"])
            partners = [entity["code"] for entity in paragraph.facts.entities]
            commitments = [(c["due"], c.get("text") or paragraph.text) for c in paragraph.facts.commitments]
            desired[reference].append(_Desired(paragraph, ops, partners, commitments))
        return desired

    def check_conflicts(self, document, period, instruments, desired) -> None:
        """Refuse, before writing anything, what would overwrite work silently."""
        if period is None:
            return
        problems, edited = [], []
        for reference, instrument in instruments.items():
            update = ProgressUpdate.objects.filter(instrument=instrument, period=period).first()
            if update is None:
                continue
            if document is None or update.entries.exclude(source_document=document).exists():
                raise IngestError(
                    f"{reference} already has an update for {period.label} that was not imported from this "
                    "report. If this report covers another period, give it with --period."
                )
            existing = {e.source_paragraph: e for e in update.entries.filter(source_document=document)}
            wanted = {d.paragraph.number: d for d in desired[reference]}
            for number, entry in existing.items():
                stored = getattr(entry, self.text_field) or ""
                target = wanted.get(number)
                if target is None and not stored:
                    continue  # a paragraph of another language version only
                if target is None:
                    problems.append(f"paragraph {number} ({reference}) is no longer in the report")
                elif stored and stored != target.paragraph.text:
                    problems.append(f"paragraph {number} ({reference}) has a different text")
                else:
                    continue
                if _edited_after_import(entry):
                    edited.append(number)
            for number in sorted(set(wanted) - set(existing)):
                if existing:
                    problems.append(f"paragraph {number} ({reference}) is new")
        if edited:
            raise IngestError(
                f"Paragraph(s) {', '.join(map(str, sorted(edited)))} were edited in Restrack after the last "
                "import; importing would overwrite those edits. Make the changes by hand instead."
            )
        if problems and not self.replace:
            listing = "; ".join(problems[:10]) + ("; ..." if len(problems) > 10 else "")
            raise IngestError(
                f"This is a different version of a report already imported ({listing}). "
                "Run again with --replace to replace the imported paragraphs."
            )
        self.summary.changes = problems

    def complete_earlier_import(self, document: Document, period: ReportingPeriod | None, instruments) -> None:
        self.store_agenda(document)
        if period is None:
            return
        wanted = {p.number: p for p in self.parsed.paragraphs if p.footnotes}
        entries = UpdateEntry.objects.filter(
            update__period=period,
            update__instrument__in=instruments.values(),
            source_document=document,
            source_paragraph__in=wanted,
        )
        footnote_text = build_localized_fieldname("text", self.language)
        for entry in entries:
            has_footnotes = entry.footnotes.exclude(**{footnote_text: ""}).exists()
            if getattr(entry, self.text_field) == wanted[entry.source_paragraph].text and not has_footnotes:
                self.store_footnotes(entry, wanted[entry.source_paragraph])

    # -- writing ---------------------------------------------------------------------------------

    def create_period(self, label: str) -> ReportingPeriod:
        meeting = self.parsed.meeting
        board_session = None
        if meeting.year and meeting.session:
            session_fields = {}
            if meeting.start:
                session_fields["start_date"] = date.fromisoformat(meeting.start)
            if meeting.end:
                session_fields["end_date"] = date.fromisoformat(meeting.end)
            if meeting.place:
                session_fields["place"] = {self.language: meeting.place}
            board_session = registry_actions.get_or_create_board_session(
                meeting.year, meeting.session, acting_user=self.user, reason=self.reason, **session_fields
            )
        self.summary.period_created = True
        # A report presented to the Board is a public document: its period is published.
        return reporting_actions.create_reporting_period(
            label, board_session=board_session, state=PeriodState.PUBLISHED, acting_user=self.user, reason=self.reason
        )

    def store_document(self, document: Document | None) -> Document:
        parsed = self.parsed
        source = parsed.source
        if document is None:
            period = ReportingPeriod.objects.get(label=self.summary.period)
            document = registry_actions.create_document(
                kind=DocumentKind.REPORT,
                symbol=parsed.symbol,
                title={self.language: parsed.title or ""},
                session=period.board_session,
                agenda_item=parsed.meeting.agenda_item or "",
                original_language=self.language,
                acting_user=self.user,
                reason=self.reason,
            )
            self.summary.document = "created"
        else:
            self.summary.document = "unchanged"
        self.store_agenda(document)
        version = document.versions.filter(language=self.language).first()
        if version is None or version.sha256 != source.get("sha256"):
            registry_actions.add_document_version(
                document,
                language=self.language,
                file_name=source.get("file_name", ""),
                sha256=source.get("sha256", ""),
                acting_user=self.user,
                reason=self.reason,
            )
            if self.summary.document == "unchanged":
                self.summary.document = "updated"
        return document

    def store_agenda(self, document: Document) -> None:
        """The masthead's agenda item, its title and the agenda's symbol, where not yet known."""
        meeting, changes = self.parsed.meeting, {}
        title_field = build_localized_fieldname("agenda_item_title", self.language)
        if meeting.agenda_item and not document.agenda_item:
            changes["agenda_item"] = meeting.agenda_item
        if meeting.agenda_title and not getattr(document, title_field):
            changes["agenda_item_title"] = {self.language: meeting.agenda_title}
        if self.parsed.agenda_symbol and not document.agenda_symbol:
            changes["agenda_symbol"] = self.parsed.agenda_symbol
        if changes:
            registry_actions.update_document(document, acting_user=self.user, reason=self.reason, **changes)
            if self.summary.document == "unchanged":
                self.summary.document = "updated"

    def store_introduction(self, period: ReportingPeriod) -> None:
        intro = [p.text for p in self.parsed.paragraphs if p.section.reference is None]
        text = "\n\n".join(intro)
        field_name = build_localized_fieldname("introduction", self.language)
        if text and getattr(period, field_name) != text and (self.replace or not getattr(period, field_name)):
            reporting_actions.update_reporting_period(
                period, introduction={self.language: text}, acting_user=self.user, reason=self.reason
            )

    def store_update(self, instrument, period, document, desired: list[_Desired], done: int) -> int:
        update = ProgressUpdate.objects.filter(instrument=instrument, period=period).first()
        if update is None:
            update = reporting_actions.create_progress_update(
                instrument,
                period,
                workflow_state=WorkflowState.PUBLISHED,
                source_document=document,
                acting_user=self.user,
                reason=self.reason,
            )
            self.summary.updates_created += 1
        existing = {e.source_paragraph: e for e in update.entries.filter(source_document=document)}
        wanted_numbers = {d.paragraph.number for d in desired}
        for number, entry in existing.items():
            if number in wanted_numbers or not getattr(entry, self.text_field):
                continue
            other_languages = [
                code
                for code in LANGUAGE_CODES.values()
                if code != self.language and getattr(entry, build_localized_fieldname("text", code))
            ]
            if other_languages:  # keep the paragraph for the other language; drop only this text
                reporting_actions.update_entry(
                    entry, text={self.language: ""}, acting_user=self.user, reason=self.reason
                )
                self.summary.entries_updated += 1
            else:
                reporting_actions.delete_entry(entry, acting_user=self.user, reason=self.reason)
                self.summary.entries_deleted += 1
        for item in desired:
            self.store_entry(update, document, item, existing.get(item.paragraph.number))
            done += 1
            self.progress(done)
        return done

    def store_entry(self, update, document, item: _Desired, entry: UpdateEntry | None) -> None:
        paragraph = item.paragraph
        operative_paragraphs = [self.operative_paragraph(update.instrument, number) for number in item.op_numbers]
        partners = list(Partner.objects.filter(code__in=item.partner_codes))
        self.summary.partners_linked.extend(p.code for p in partners)
        if entry is None:
            entry = reporting_actions.add_update_entry(
                update,
                text={self.language: paragraph.text},
                operative_paragraphs=operative_paragraphs,
                partners=partners,
                funding_constraint=paragraph.facts.funding_constraint,
                source_document=document,
                source_paragraph=paragraph.number,
                acting_user=self.user,
                reason=self.reason,
            )
            self.summary.entries_created += 1
            self.store_footnotes(entry, paragraph)
        elif getattr(entry, self.text_field) != paragraph.text:
            filling_language = not getattr(entry, self.text_field)
            links = (
                {}
                if filling_language
                else {
                    "operative_paragraphs": operative_paragraphs,
                    "partners": partners,
                    "funding_constraint": paragraph.facts.funding_constraint,
                }
            )
            reporting_actions.update_entry(
                entry, text={self.language: paragraph.text}, acting_user=self.user, reason=self.reason, **links
            )
            self.summary.entries_updated += 1
            self.store_footnotes(entry, paragraph)
            if filling_language:
                return
        else:
            self.store_footnotes(entry, paragraph)
            return
        self.store_commitments(update.instrument, entry, item)

    def store_footnotes(self, entry: UpdateEntry, paragraph: Paragraph) -> None:
        """Make the entry's footnotes in this language those of the paragraph, in order; the
        other languages' texts of the same footnotes stay."""
        text_field = build_localized_fieldname("text", self.language)
        anchor_field = build_localized_fieldname("anchor", self.language)
        existing = list(entry.footnotes.all())
        for index, note in enumerate(paragraph.footnotes):
            if index >= len(existing):
                reporting_actions.add_footnote(
                    entry,
                    text={self.language: note.text},
                    anchor={self.language: note.anchor},
                    acting_user=self.user,
                    reason=self.reason,
                )
                self.summary.footnotes_created += 1
            elif _edited_after_import(existing[index]):
                continue  # people corrected it in Restrack: an import never overwrites that
            elif (getattr(existing[index], text_field), getattr(existing[index], anchor_field)) != (
                note.text,
                note.anchor,
            ):
                reporting_actions.update_footnote(
                    existing[index],
                    text={self.language: note.text},
                    anchor={self.language: note.anchor},
                    acting_user=self.user,
                    reason=self.reason,
                )
                self.summary.footnotes_updated += 1
        for footnote in existing[len(paragraph.footnotes) :]:
            if not getattr(footnote, text_field) or _edited_after_import(footnote):
                continue
            if any(
                getattr(footnote, build_localized_fieldname("text", code))
                for code in LANGUAGE_CODES.values()
                if code != self.language
            ):
                reporting_actions.update_footnote(
                    footnote,
                    text={self.language: ""},
                    anchor={self.language: None},
                    acting_user=self.user,
                    reason=self.reason,
                )
                self.summary.footnotes_updated += 1
            else:
                reporting_actions.delete_footnote(footnote, acting_user=self.user, reason=self.reason)
                self.summary.footnotes_deleted += 1

    def store_commitments(self, instrument, entry: UpdateEntry, item: _Desired) -> None:
        wanted = {(str(parse_partial_date(due)), text) for due, text in item.commitments}
        description_field = build_localized_fieldname("description", self.language)
        for commitment in entry.commitments_made.all():
            key = (str(commitment.due), getattr(commitment, description_field) or "")
            if key in wanted:
                wanted.discard(key)
            elif commitment.state == CommitmentState.PENDING:
                reporting_actions.delete_commitment(commitment, acting_user=self.user, reason=self.reason)
                self.summary.commitments_deleted += 1
        for due, text in sorted(wanted):
            reporting_actions.record_commitment(
                instrument,
                description={self.language: text},
                due=due,
                promised_in=entry,
                acting_user=self.user,
                reason=self.reason,
            )
            self.summary.commitments_created += 1

    def operative_paragraph(self, instrument: Instrument, number: str):
        existing = instrument.operative_paragraphs.filter(number=number).first()
        if existing:
            return existing
        before = instrument.operative_paragraphs.count()
        created = registry_actions.add_operative_paragraph(
            instrument, number, acting_user=self.user, reason=self.reason
        )
        self.summary.operative_paragraphs_created += instrument.operative_paragraphs.count() - before
        return created


def _edited_after_import(entry: UpdateEntry) -> bool:
    latest = entry.history.first()
    return latest is not None and not (latest.history_change_reason or "").startswith(IMPORT_REASON_PREFIX)


def import_report(
    parsed: ParsedReport,
    *,
    acting_user,
    period: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
) -> ImportSummary:
    """Store `parsed`; with `dry_run`, do everything in a transaction that is rolled back and
    report what would have changed."""
    with transaction.atomic():
        importer = _Importer(parsed, acting_user=acting_user, period=period, replace=replace, progress=progress)
        summary = importer.run()
        summary.dry_run = dry_run
        if dry_run:
            transaction.set_rollback(True)
    return summary
