"""Storing a parsed progress report as tracked history.

One import creates or completes: the `Document` (with the language version read), the
`ReportingPeriod` (from the Board meeting, or given), and for every instrument the report has a
section on, its `ProgressUpdate`, whose content it sets through the one action that applies a
draft (restrack.reporting.actions.save_draft): one paragraph per numbered paragraph (source
paragraph number kept), the operative paragraphs each cites, the partners it names, its footnotes
and the commitments it announces. The introduction goes to the period. So an import raises each
changed update's version, records its snapshot and an "imported" event, and an editor who opened
the update before it gets a conflict instead of overwriting it.

The import is one transaction (any error: nothing written) and idempotent: importing the same
report again changes nothing. A different version of a report already imported (different
paragraphs, introduction, or only a different file) is refused unless `replace` is given, and
paragraphs or footnotes that people edited after the last import (they differ from the version
that import recorded) are never overwritten. Importing the other language version of a report
fills in that language.

What would pollute published data is refused before anything is written: a document none of whose
paragraphs is in a section on an instrument (a resolution text, a journal, a web page; `force`
stores its paragraphs as the period's introduction anyway), and replacing the introduction of a
published period (an import fills in an empty one only; a replaced update's changes are a new
version with an event that says what differed, as any correction of published content).
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Q
from modeltranslation.utils import build_localized_fieldname

from restrack.core.choices import EventKind
from restrack.core.partial_dates import parse_partial_date
from restrack.core.translation_fields import get_translations
from restrack.ingest import kinds
from restrack.reading.errors import IngestError
from restrack.reading.report import Meeting, Paragraph, ParsedReport
from restrack.registry import actions as registry_actions
from restrack.registry.choices import DocumentKind, ReportLayout
from restrack.registry.models import Document, DocumentVersion, GoverningBody, Instrument, Partner
from restrack.reporting import actions as reporting_actions
from restrack.reporting.actions import CommitmentDraft, EntryDraft, FootnoteDraft
from restrack.reporting.choices import CommitmentState, PeriodState, Recurrence, WorkflowState
from restrack.reporting.models import ProgressUpdate, ReportingPeriod, UpdateEntry
from restrack.reporting.periods import PeriodLabel, parse_period_label
from restrack.reporting.signals import entries_to_rederive
from restrack.reporting.versions import snapshot

LANGUAGE_CODES = {"zh": "zh-hans", "en": "en"}


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
    period_published: bool = False  # the period created was published (a Board document is public)

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

    def _period_state(self) -> str:
        if not self.period_created:
            return "existing"
        return "created and published" if self.period_published else "created"

    def as_dict(self) -> dict:
        data = {key: getattr(self, key) for key in self.__dataclass_fields__}
        data["unchanged"] = self.unchanged
        return data

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        if self.unchanged:
            return [f"Nothing changed: this report is already imported (period {self.period})."]
        return [
            f"Period {self.period}: {self._period_state()}",
            f"Document: {self.document}",
            f"Instruments: {len(self.instruments)} ({', '.join(self.instruments)})",
            f"Updates created: {self.updates_created}",
            f"Entries created: {self.entries_created}, updated: {self.entries_updated}, "
            f"deleted: {self.entries_deleted}",
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
    commitments: list[tuple[str, str, str]]  # (due, text, recurrence)


def period_for_meeting(meeting: Meeting) -> str | None:
    """The half-year a Board session reports on: the half its start date falls in; without dates,
    the first session of a year reports on the first half and later sessions on the second."""
    if meeting.start:
        return str(PeriodLabel.containing(date.fromisoformat(meeting.start)))
    if meeting.year and meeting.session:
        return f"{meeting.year}-H{1 if meeting.session == 1 else 2}"
    return None


class _Baseline:
    """What the last import of an update left: the snapshot of the version it recorded (or, for
    updates imported before versions named their import, the first version recorded, which was
    taken before anyone's first edit). A paragraph or footnote differing from it was edited in
    Restrack since; one the baseline does not hold was added since. Read when first asked."""

    def __init__(self, update: ProgressUpdate):
        self.update = update

    @functools.cached_property
    def _data(self) -> dict:
        versions = self.update.versions.order_by("-version")
        recorded = versions.filter(event__kind=EventKind.UPDATE_IMPORTED).first() or versions.last()
        return recorded.snapshot if recorded else snapshot(self.update)  # no version: nobody edited it

    @functools.cached_property
    def entries(self) -> dict:
        return {entry["id"]: entry for entry in self._data["entries"]}

    @functools.cached_property
    def footnotes(self) -> dict:
        return {note["id"]: note for entry in self._data["entries"] for note in entry.get("footnotes", ())}

    @functools.cached_property
    def knows_footnotes(self) -> bool:
        return all("footnotes" in entry for entry in self._data["entries"])

    def entry_edited(self, entry: UpdateEntry) -> bool:
        before = self.entries.get(entry.pk)
        if before is None:
            return True
        texts = {code: text for code, text in get_translations(entry, "text").items() if text}
        return (
            before["text"] != texts
            or before["operative_paragraphs"] != sorted(op.pk for op in entry.operative_paragraphs.all())
            or before["partners"] != sorted(partner.pk for partner in entry.partners.all())
            or before["funding_constraint"] != entry.funding_constraint
        )

    def footnote_edited(self, footnote) -> bool:
        if not self.knows_footnotes:
            return False  # a version from before footnotes were recorded cannot tell; imports then wrote them
        before = self.footnotes.get(footnote.pk)
        if before is None:
            return True
        texts = {code: text for code, text in get_translations(footnote, "text").items() if text}
        anchors = {code: at for code, at in get_translations(footnote, "anchor").items() if at is not None}
        return before["text"] != texts or before["anchor"] != anchors


class _Importer:
    def __init__(
        self,
        parsed: ParsedReport,
        *,
        acting_user,
        period: str | None,
        replace: bool,
        progress: Callable[[int], None] | None,
        force: bool = False,
    ):
        self.parsed = parsed
        self.force = force
        self.user = acting_user
        self.period_label = period
        self.replace = replace
        self.progress = progress or (lambda done: None)
        self.language = LANGUAGE_CODES.get(parsed.language)
        if self.language is None:
            raise IngestError(f"Reports in {parsed.language!r} cannot be imported yet; use zh or en.")
        self.text_field = build_localized_fieldname("text", self.language)
        self.summary = ImportSummary()
        self._operative_paragraphs: dict[int, dict] = {}
        self._differences: dict[str, list[str]] = {}  # by instrument: what a replaced version changes
        self._partners: dict[str, int] = {}  # partner code → id, for every partner the report names
        self._updates: dict[int, ProgressUpdate] = {}  # the period's updates of these instruments, by instrument
        self.reason = "Imported from " + (parsed.symbol or parsed.source.get("file_name", "a report"))

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
            instrument = (
                Instrument.objects.select_related("session").filter(body=body, kind=kind, number=number).first()
            )
            if instrument is None:
                line = next(p.line for p in self.parsed.paragraphs if p.section.reference == reference)
                raise IngestError(
                    f"The report has a section on {reference} (line {line}), which is not in the registry. "
                    "Add the instrument in the admin (Registry › Instruments) first, then import again."
                )
            found[reference] = instrument
        return found

    def find_document(self, label: str) -> Document | None:
        """The report already recorded that this file is a version of: the one with its symbol; for
        a report that states none, the one this very file was imported as, else the symbol-less
        report the period's paragraphs were imported from (a report Restrack wrote from them, read
        back, is that report again)."""
        if self.parsed.symbol:
            return Document.objects.filter(symbol=self.parsed.symbol).first()
        sha = self.parsed.source.get("sha256")
        version = DocumentVersion.objects.filter(sha256=sha).select_related("document").first() if sha else None
        if version:
            return version.document
        sources = set(
            UpdateEntry.objects.filter(update__period__label=label)
            .exclude(source_document=None)
            .values_list("source_document", flat=True)
            .distinct()[:2]
        )
        if len(sources) == 1:
            return Document.objects.filter(Q(symbol="") | Q(symbol__isnull=True), pk__in=sources).first()
        return None

    def already_imported(self, document: Document) -> bool:
        sha = self.parsed.source.get("sha256")
        return bool(sha) and document.versions.filter(language=self.language, sha256=sha).exists()

    # -- the run ---------------------------------------------------------------------------------

    def refuse_what_is_no_progress_report(self) -> None:
        """A document none of whose paragraphs is in a section on an instrument is refused, saying
        what it looks like and what to do, unless `force` stores it as a period's introduction."""
        if self.parsed.instruments or self.force:
            return
        source = self.parsed.source
        name = source.get("file_name") or self.parsed.symbol or "This document"
        force = (
            "To store its paragraphs as the introduction of a reporting period anyway, run again with --force "
            "(on the upload page: tick “Store as a period's introduction”)."
        )
        looks = source.get("looks_like")
        if looks == kinds.RESOLUTION:
            raise IngestError(
                f"{name} looks like a resolution text (its paragraphs open with operative verbs), not a progress "
                "report: none of its paragraphs reports on a resolution or decision, and nothing was imported. "
                "A resolution and its operative paragraphs belong in the registry: import its text with "
                f"`restrack import-resolution FILE`. {force}"
            )
        if looks == kinds.JOURNAL:
            raise IngestError(
                f"{name} looks like a journal (a programme of meetings), not a progress report: none of its "
                f"paragraphs reports on a resolution or decision, and nothing was imported. {force}"
            )
        if looks == kinds.WEB_PAGE:
            raise IngestError(
                f"{name} looks like a web page (menus, cookie and copyright notices), not a progress report: "
                "none of its paragraphs reports on a resolution or decision, and nothing was imported. Import "
                f"the report itself (its .docx, .pdf or text) instead. {force}"
            )
        raise IngestError(
            f"In {name}, no paragraph can be attached to a resolution or decision: it has no section on an "
            "instrument (a heading such as 'A. Resolution 2/6' or 'A. 第 2/6 号决议'), so it does not look like a "
            f"progress report, and nothing was imported. {force}"
        )

    def run(self) -> ImportSummary:
        self.refuse_what_is_no_progress_report()
        label = self.resolve_period_label()
        instruments = self.resolve_instruments()
        document = self.find_document(label)
        period = ReportingPeriod.objects.filter(label=label).first()
        if document is not None and self.already_imported(document):
            # The same file again: nothing to do, whatever was edited since, except completing what
            # imports before footnotes and agenda details were stored left out.
            self.summary.period, self.summary.document = label, "unchanged"
            self.summary.instruments = list(instruments)
            self.complete_earlier_import(document, period, instruments)
            # A run stopped after its commit, before the search rows written after it, is repaired
            # by running it again: what derives from the paragraphs is written anew.
            entry_ids = list(UpdateEntry.objects.filter(source_document=document).values_list("pk", flat=True))
            entries_to_rederive.send(sender=UpdateEntry, entry_ids=entry_ids)
            return self.summary
        desired = self.desired_state(instruments)
        self._updates = self.existing_updates(period, instruments)
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
            # A date that comes back every year is no deadline: stored as recurring, never overdue.
            commitments = [
                (c["due"], c.get("text") or paragraph.text, _RECURRENCE[c.get("recurring") or ""])
                for c in paragraph.facts.commitments
            ]
            desired[reference].append(_Desired(paragraph, ops, partners, commitments))
        # Every partner named, in one query for the whole report instead of one per paragraph.
        codes = {code for items in desired.values() for item in items for code in item.partner_codes}
        self._partners = dict(Partner.objects.filter(code__in=codes).values_list("code", "pk")) if codes else {}
        return desired

    def existing_updates(self, period: ReportingPeriod | None, instruments) -> dict[int, ProgressUpdate]:
        """The period's updates of the report's instruments, read in one query."""
        if period is None:
            return {}
        updates = ProgressUpdate.objects.filter(period=period, instrument__in=list(instruments.values()))
        return {update.instrument_id: update for update in updates}

    def check_conflicts(self, document, period, instruments, desired) -> None:
        """Refuse, before writing anything, what would overwrite work silently."""
        if period is None:
            return
        problems, edited = [], []
        problems += self.introduction_differences(period)
        for reference, instrument in instruments.items():
            update = self._updates.get(instrument.pk)
            if update is None:
                continue
            if document is None or update.entries.exclude(source_document=document).exists():
                raise IngestError(
                    f"{reference} already has an update for {period.label} that was not imported from this "
                    "report. If this report covers another period, give it with --period."
                )
            baseline = _Baseline(update)
            existing = {e.source_paragraph: e for e in update.entries.filter(source_document=document)}
            wanted = {d.paragraph.number: d for d in desired[reference]}
            for number, entry in existing.items():
                stored = getattr(entry, self.text_field) or ""
                target = wanted.get(number)
                if target is None and not stored:
                    continue  # a paragraph of another language version only
                if target is None:
                    differs = f"paragraph {number} ({reference}) is no longer in the report"
                elif stored and stored != target.paragraph.text:
                    differs = f"paragraph {number} ({reference}) has a different text"
                else:
                    continue
                problems.append(differs)
                self._differences.setdefault(reference, []).append(differs)
                if baseline.entry_edited(entry):
                    edited.append(number)
            for number in sorted(set(wanted) - set(existing)):
                if existing:
                    problems.append(f"paragraph {number} ({reference}) is new")
                    self._differences.setdefault(reference, []).append(problems[-1])
        if edited:
            raise IngestError(
                f"Paragraph(s) {', '.join(map(str, sorted(edited)))} were edited in Restrack after the last "
                "import; importing would overwrite those edits. Make the changes by hand instead."
            )
        problems += self.file_difference(document, same_content=not problems)
        if problems and not self.replace:
            listing = "; ".join(problems[:10]) + ("; ..." if len(problems) > 10 else "")
            raise IngestError(
                f"This is a different version of a report already imported ({listing}). "
                "Run again with --replace to replace the imported paragraphs."
            )
        self.summary.changes = problems

    def _own_paragraphs(self) -> tuple[list, list]:
        """The paragraphs on no instrument: those after the last instrument's are the closing
        chapter (they follow a heading of their own), the others the introduction."""
        paragraphs = self.parsed.paragraphs
        on_instruments = [index for index, p in enumerate(paragraphs) if p.section.reference is not None]
        end = on_instruments[-1] + 1 if on_instruments else len(paragraphs)
        introduction = [p for p in paragraphs[:end] if p.section.reference is None]
        return introduction, [p for p in paragraphs[end:] if p.section.reference is None]

    def introduction_text(self) -> str:
        return "\n\n".join(p.text for p in self._own_paragraphs()[0])

    def closing(self) -> tuple[str, str]:
        """(title, text) of the report's closing chapter, ("", "") without one."""
        closing = self._own_paragraphs()[1]
        if not closing:
            return "", ""
        return closing[0].section.title or "", "\n\n".join(p.text for p in closing)

    def introduction_differences(self, period: ReportingPeriod) -> list[str]:
        """The introduction of a published period is never replaced by an import: a different one
        is a difference to refuse (or, with `replace`, to keep the published one and say so)."""
        text = self.introduction_text()
        current = getattr(period, build_localized_fieldname("introduction", self.language)) or ""
        if period.state != PeriodState.PUBLISHED or not text or not current or current == text:
            return []
        if self.force:
            raise IngestError(
                f"Period {period.label} is published and has an introduction; an import never replaces the "
                "introduction of a published period, even with --force. Correct it on the period's page."
            )
        return [
            f"the introduction differs from that of published period {period.label} "
            "(kept: an import never replaces a published period's introduction; correct it on the period's page)"
        ]

    def file_difference(self, document: Document | None, *, same_content: bool) -> list[str]:
        """A file other than the one imported for this language, even with the same paragraphs (another
        export of the report), replaces the stored file only with `replace`."""
        if document is None:
            return []
        version = document.versions.filter(language=self.language).first()
        sha = self.parsed.source.get("sha256", "")
        if version is None or not version.sha256 or version.sha256 == sha:
            return []
        what = "the paragraphs are the same but the file" if same_content else "the file"
        return [
            f"{what} differs from the file imported ({version.file_name or 'no name'}, SHA-256 "
            f"{version.sha256[:12]}…; this one {sha[:12]}…)"
        ]

    def complete_earlier_import(self, document: Document, period: ReportingPeriod | None, instruments) -> None:
        """Footnotes of paragraphs imported before footnotes were stored, where they have none."""
        self.store_agenda(document)
        if period is None:
            return
        wanted = {p.number: p for p in self.parsed.paragraphs if p.footnotes}
        footnote_text = build_localized_fieldname("text", self.language)
        updates = ProgressUpdate.objects.filter(period=period, instrument__in=instruments.values())
        for update in updates:
            entries = list(update.entries.filter(source_document=document).prefetch_related("footnotes"))
            missing = {
                entry.pk: wanted[entry.source_paragraph]
                for entry in entries
                if entry.source_paragraph in wanted
                and getattr(entry, self.text_field) == wanted[entry.source_paragraph].text
                and not any(getattr(note, footnote_text) for note in entry.footnotes.all())
            }
            if not missing:
                continue
            drafts = [
                EntryDraft(
                    id=entry.pk,
                    text={},
                    footnotes=self.footnote_drafts(entry, missing[entry.pk], None) if entry.pk in missing else None,
                )
                for entry in update.entries.order_by("position", "pk")
            ]
            self.save(update, document, entries=drafts)

    # -- writing ---------------------------------------------------------------------------------

    def save(self, update, document, comment: str = "", **parts) -> None:
        reporting_actions.save_draft(
            update, version=update.version, acting_user=self.user, imported_from=document, comment=comment, **parts
        )

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
        self.summary.period_created = self.summary.period_published = True
        # A report presented to the Board is a public document: its period is published (and the
        # summary says so: "created and published").
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
                original_language=parsed.original_language or self.language,
                date=date.fromisoformat(parsed.issued) if parsed.issued else None,
                acting_user=self.user,
                reason=self.reason,
            )
            self.summary.document = "created"
        else:
            self.summary.document = "unchanged"
        self.store_agenda(document)
        self.store_layout(document)
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
        """The masthead's agenda item, its title, the agenda's symbol and the report's date, where
        not yet known."""
        meeting, changes = self.parsed.meeting, {}
        title_field = build_localized_fieldname("agenda_item_title", self.language)
        if meeting.agenda_item and not document.agenda_item:
            changes["agenda_item"] = meeting.agenda_item
        if meeting.agenda_title and not getattr(document, title_field):
            changes["agenda_item_title"] = {self.language: meeting.agenda_title}
        if self.parsed.agenda_symbol and not document.agenda_symbol:
            changes["agenda_symbol"] = self.parsed.agenda_symbol
        if self.parsed.issued and not document.date:  # stated by an Akoma Ntoso export
            changes["date"] = date.fromisoformat(self.parsed.issued)
        if changes:
            registry_actions.update_document(document, acting_user=self.user, reason=self.reason, **changes)
            if self.summary.document == "unchanged":
                self.summary.document = "updated"

    def store_layout(self, document: Document) -> None:
        """The report's shape (a chapter per instrument, or per session with a section per
        instrument) and each instrument's title as its heading gives it, so that the report
        regenerates in its own shape and words; another language version adds its titles."""
        sections = {p.section.reference: p.section for p in self.parsed.paragraphs if p.section.reference}
        if not sections:
            return
        changes = {}
        layout = (
            ReportLayout.BY_INSTRUMENT
            if any(section.chapter for section in sections.values())
            else ReportLayout.BY_SESSION
        )
        if document.layout != layout:
            changes["layout"] = layout
        headings = {reference: dict(titles) for reference, titles in (document.headings or {}).items()}
        for reference, section in sections.items():
            if section.title:
                headings.setdefault(reference, {})[self.language] = section.title
        if headings != (document.headings or {}):
            changes["headings"] = headings
        if changes:
            registry_actions.update_document(document, acting_user=self.user, reason=self.reason, **changes)
            if self.summary.document == "unchanged":
                self.summary.document = "updated"

    def store_introduction(self, period: ReportingPeriod) -> None:
        """The period's introduction and closing chapter in the report's language, where the period
        has none yet (or with `replace`, unless it is published: see check_conflicts)."""
        title, closing = self.closing()
        wanted = {
            "introduction": self.introduction_text(),
            "closing": closing,
            "closing_title": title if closing else "",
        }
        replaces = self.replace and period.state != PeriodState.PUBLISHED
        changes = {}
        for name, text in wanted.items():
            current = getattr(period, build_localized_fieldname(name, self.language))
            if text and current != text and (replaces or not current):
                changes[name] = {self.language: text}
        if changes:
            reporting_actions.update_reporting_period(
                period,
                **changes,
                # A report's introduction is the issued text; a document stored as one by force is a draft.
                issued_introduction=bool(self.parsed.instruments),
                acting_user=self.user,
                reason=self.reason,
            )

    def store_update(self, instrument, period, document, desired: list[_Desired], done: int) -> int:
        update = self._updates.get(instrument.pk)
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
            entries = {}  # a new update has no paragraphs to read
        else:
            entries = {
                e.source_paragraph: e
                for e in update.entries.filter(source_document=document).prefetch_related(
                    "footnotes", "commitments_made", "operative_paragraphs", "partners"
                )
            }
        baseline = _Baseline(update)
        drafts: dict[int, EntryDraft] = {}  # by paragraph number, the report's order
        commitments: list[CommitmentDraft] = []
        wanted_numbers = {item.paragraph.number for item in desired}
        for number, entry in entries.items():
            if number in wanted_numbers:
                continue
            if not getattr(entry, self.text_field):
                drafts[number] = EntryDraft(id=entry.pk, text={})  # another language version's paragraph
                commitments += self.kept_commitments(entry)
            elif any(text for code, text in get_translations(entry, "text").items() if code != self.language):
                drafts[number] = EntryDraft(id=entry.pk, text={self.language: ""})  # keep the other language
                commitments += self.kept_commitments(entry)
                self.summary.entries_updated += 1
            else:
                self.summary.entries_deleted += 1  # left out of the draft: deleted
        for item in desired:
            drafts[item.paragraph.number], promised = self.entry_draft(update, document, item, entries, baseline)
            commitments += promised
            done += 1
        ordered = [drafts[number] for number in sorted(drafts)]
        differences = self._differences.get(update.instrument.reference)
        # A replaced version's changes say what differed, as any correction of published content does.
        comment = (
            f"Replaced by a different version of {self.parsed.symbol or 'the report'}: " + "; ".join(differences)
            if differences
            else ""
        )
        self.save(update, document, comment=comment, entries=ordered, commitments=commitments)
        self.progress(done)
        return done

    def entry_draft(self, update, document, item: _Desired, entries, baseline) -> tuple[EntryDraft, list]:
        """The paragraph's draft, and the commitments the update keeps or gains with it."""
        paragraph = item.paragraph
        entry = entries.get(paragraph.number)
        key = f"p{paragraph.number}"
        ops = [self.operative_paragraph(update.instrument, number).pk for number in item.op_numbers]
        partners = [(self._partners[code], code) for code in item.partner_codes if code in self._partners]
        self.summary.partners_linked.extend(code for _pk, code in partners)
        links = {
            "operative_paragraphs": ops,
            "partners": [pk for pk, _code in partners],
            "funding_constraint": paragraph.facts.funding_constraint,
        }
        if entry is None:
            self.summary.entries_created += 1
            self.summary.footnotes_created += len(paragraph.footnotes)
            draft = EntryDraft(
                key=key,
                text={self.language: paragraph.text},
                footnotes=self.footnote_drafts(None, paragraph, baseline),
                source_document=document.pk,
                source_paragraph=paragraph.number,
                **links,
            )
            return draft, self.new_commitments(item, key, existing=())
        stored = getattr(entry, self.text_field) or ""
        footnotes = self.footnote_drafts(entry, paragraph, baseline)
        if stored == paragraph.text:
            return EntryDraft(id=entry.pk, text={}, footnotes=footnotes), self.kept_commitments(entry)
        self.summary.entries_updated += 1
        if not stored:  # filling in this language: the links were read from the other one
            return EntryDraft(id=entry.pk, text={self.language: paragraph.text}, footnotes=footnotes), (
                self.kept_commitments(entry)
            )
        draft = EntryDraft(id=entry.pk, text={self.language: paragraph.text}, footnotes=footnotes, **links)
        return draft, self.new_commitments(item, entry.pk, existing=entry.commitments_made.all())

    def footnote_drafts(self, entry: UpdateEntry | None, paragraph: Paragraph, baseline) -> list[FootnoteDraft]:
        """The entry's footnotes with this language's those of the paragraph, in order; the other
        languages' texts of the same footnotes stay, and footnotes people edited are kept as they are."""
        language = self.language
        existing = list(entry.footnotes.all()) if entry is not None else []
        drafts = []
        for index, note in enumerate(paragraph.footnotes):
            if index >= len(existing):
                drafts.append(FootnoteDraft(text={language: note.text}, anchor={language: note.anchor}))
                if entry is not None:
                    self.summary.footnotes_created += 1
                continue
            footnote = existing[index]
            current = (
                get_translations(footnote, "text").get(language),
                get_translations(footnote, "anchor").get(language),
            )
            if (baseline is not None and baseline.footnote_edited(footnote)) or current == (note.text, note.anchor):
                drafts.append(FootnoteDraft(id=footnote.pk, text={}))  # edited in Restrack, or unchanged
                continue
            drafts.append(FootnoteDraft(id=footnote.pk, text={language: note.text}, anchor={language: note.anchor}))
            self.summary.footnotes_updated += 1
        for footnote in existing[len(paragraph.footnotes) :]:
            texts = get_translations(footnote, "text")
            if not texts.get(language) or (baseline is not None and baseline.footnote_edited(footnote)):
                drafts.append(FootnoteDraft(id=footnote.pk, text={}))
            elif any(text for code, text in texts.items() if code != language):
                drafts.append(FootnoteDraft(id=footnote.pk, text={language: ""}, anchor={language: None}))
                self.summary.footnotes_updated += 1
            else:
                self.summary.footnotes_deleted += 1  # left out: deleted
        return drafts

    @staticmethod
    def kept_commitments(entry: UpdateEntry) -> list[CommitmentDraft]:
        """The commitments `entry` promised, as they are."""
        return [_as_draft(commitment) for commitment in entry.commitments_made.all()]

    def new_commitments(self, item: _Desired, promised_in, *, existing) -> list[CommitmentDraft]:
        """The paragraph's commitments: those still announced kept, new ones added, pending ones
        no longer announced dropped (a delivered or missed one stays: it is history)."""
        description_field = build_localized_fieldname("description", self.language)
        wanted = {(str(parse_partial_date(due)), text, recurrence) for due, text, recurrence in item.commitments}
        drafts = []
        for commitment in existing:
            key = (str(commitment.due), getattr(commitment, description_field) or "", commitment.recurrence)
            if key in wanted:
                wanted.discard(key)
            elif commitment.state == CommitmentState.PENDING:
                self.summary.commitments_deleted += 1
                continue
            drafts.append(_as_draft(commitment))
        for due, text, recurrence in sorted(wanted):
            drafts.append(
                CommitmentDraft(
                    description={self.language: text}, due=due, recurrence=recurrence, promised_in=promised_in
                )
            )
            self.summary.commitments_created += 1
        return drafts

    def operative_paragraph(self, instrument: Instrument, number: str):
        known = self._operative_paragraphs.get(instrument.pk)
        if known is None:
            known = self._operative_paragraphs[instrument.pk] = {
                op.number: op for op in instrument.operative_paragraphs.all()
            }
        if number in known:
            return known[number]
        created = registry_actions.add_operative_paragraph(
            instrument, number, acting_user=self.user, reason=self.reason
        )
        before = len(known)
        known.update((op.number, op) for op in instrument.operative_paragraphs.all())  # with parents made for it
        self.summary.operative_paragraphs_created += len(known) - before
        return created


# What the reader says of a date that comes back ("annual"), as a commitment stores it.
_RECURRENCE = {"": Recurrence.ONCE, "annual": Recurrence.ANNUAL}


def _as_draft(commitment) -> CommitmentDraft:
    return CommitmentDraft(
        id=commitment.pk,
        description={},
        due=str(commitment.due),
        state=commitment.state,
        promised_in=commitment.promised_in_id,
        delivered_in=commitment.delivered_in_id,
    )


def import_report(
    parsed: ParsedReport,
    *,
    acting_user,
    period: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> ImportSummary:
    """Store `parsed` (restrack.ingest.actions.import_report is the action that calls this)."""
    importer = _Importer(
        parsed, acting_user=acting_user, period=period, replace=replace, progress=progress, force=force
    )
    summary = importer.run()
    summary.dry_run = dry_run
    return summary
