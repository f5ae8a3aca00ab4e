"""Building the Executive Director's report for a period from the tracked data.

The report is written from the approved (and published) updates of the period, in the order
reports list instruments: one chapter per Assembly session, one lettered section per
instrument, the period's introduction as chapter I, and paragraphs numbered through the whole
report. The masthead comes from the report's `Document` where one is recorded (an imported
report, or one whose symbol was given before), from the Board session the period reports to,
and from what the coordinator gives (symbol, agenda item, date).

Text that has no version in the report's language stops the composition with the list of what
is missing (`MissingTranslations`), unless `allow_missing` is given: then the text of another
language is used and marked, so a draft can still be read.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Prefetch, Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from modeltranslation.utils import build_localized_fieldname

from restrack.accounts import policy
from restrack.edreport.choices import CONTENT_LANGUAGE
from restrack.edreport.content import (
    Anchor,
    Annex,
    AnnexRow,
    Chapter,
    Facts,
    Footnote,
    Masthead,
    MissingText,
    NotCovered,
    Paragraph,
    Report,
    Section,
    whole_amount,
)
from restrack.edreport.wording import WORDINGS, AssemblySessionFacts, Wording
from restrack.funding import aggregates as funding_aggregates
from restrack.funding.figures import FundingFigures
from restrack.funding.models import FundingRecord
from restrack.reading.numerals import letter_sequence
from restrack.reading.parser import find_urls
from restrack.registry import citations
from restrack.registry.choices import DocumentKind, InstrumentKind, ReportLayout, SessionPartKind
from restrack.registry.models import Document, GoverningBody, Instrument, Session
from restrack.reporting.choices import IntroductionState, WorkflowState
from restrack.reporting.models import EntryFootnote, ProgressUpdate, ReportingPeriod, UpdateEntry

REPORTED_STATES = (WorkflowState.APPROVED, WorkflowState.PUBLISHED)
FALLBACK_ORDER = ["en", "zh-hans", "fr", "es", "ru", "ar"]


class MissingTranslations(Exception):
    def __init__(self, missing: list[MissingText], language: str):
        self.missing = missing
        self.language = language
        listing = "; ".join(item.what for item in missing[:12]) + ("; ..." if len(missing) > 12 else "")
        super().__init__(
            f"{len(missing)} text(s) have no {language} version: {listing}. Add the translations in the "
            f"update editor, or give --allow-missing to mark them in the report and use the other language's text."
        )


class EmptyReport(Exception):
    """The period has no approved or published update of an Assembly instrument: a report would
    have no paragraph on any resolution, so none is written."""

    def __init__(self, period: ReportingPeriod, waiting: dict[str, int]):
        self.period = period
        self.waiting = waiting  # {workflow state's label: how many updates are in it}
        if waiting:
            states = ", ".join(f"{count} {state}" for state, count in waiting.items())
            why = _("none of its updates is approved yet (%(states)s)") % {"states": states}
        else:
            why = _("it has no update of an Assembly resolution or decision")
        super().__init__(
            _(
                "The %(period)s report would have no paragraph on any resolution: %(why)s, so nothing was written. "
                "Approve the updates in the cycle (Work › %(period)s), then generate the report."
            )
            % {"period": period.label, "why": why}
        )


@dataclass
class ReportOptions:
    """What the coordinator may give; anything left None comes from the recorded document."""

    symbol: str | None = None
    agenda_item: str | None = None
    agenda_symbol: str | None = None
    issued: date | None = None
    funding_annex: bool = False
    allow_missing: bool = False
    layout: str | None = None  # ReportLayout; None: the imported report's, else by session
    # Whose report: updates and funding figures narrowed to what this person may read (the access
    # policy: the public reads published updates only); None: the coordinator's, every approved one.
    reader: object | None = None


def report_document(period: ReportingPeriod) -> Document | None:
    """The document the period's report is (or was) issued as: the one most of its updates were
    imported from, else a report recorded for the Board session it reports to."""
    sources = Counter(period.updates.exclude(source_document=None).values_list("source_document", flat=True))
    if sources:
        return Document.objects.get(pk=sources.most_common(1)[0][0])
    if period.board_session_id:
        return Document.objects.filter(kind=DocumentKind.REPORT, session=period.board_session).order_by("pk").first()
    return None


def compose_report(period: ReportingPeriod, language: str, options: ReportOptions | None = None) -> Report:
    return _Composer(period, language, options or ReportOptions()).compose()


class _Composer:
    def __init__(self, period: ReportingPeriod, language: str, options: ReportOptions):
        if language not in WORDINGS:
            raise ValueError(f"Reports can be written in {', '.join(WORDINGS)}, not {language!r}.")
        self.period = period
        self.language = language
        self.content_language = CONTENT_LANGUAGE[language]
        self.wording: Wording = WORDINGS[language]
        self.options = options
        self.document = report_document(period)
        self.missing: list[MissingText] = []
        self.missing_seen: set[str] = set()  # what `missing` names, to list each text once
        self.notices: list[str] = []
        self.paragraph_number = 0
        self.footnote_number = 0

    def readable(self, queryset):
        """`queryset` as the report's reader may see it (restrack.accounts.policy)."""
        return queryset if self.options.reader is None else policy.visible_to(self.options.reader, queryset)

    # -- reading one language's text -------------------------------------------------------------

    def text_of(self, instance, field: str, what: str) -> tuple[str, str | None, str]:
        """(text, note, language used): the report language's text, or with allow_missing another
        language's with the note that marks it. Records what is missing."""
        own = getattr(instance, build_localized_fieldname(field, self.content_language)) or ""
        if own.strip():
            return own, None, self.content_language
        others = [
            code
            for code in FALLBACK_ORDER
            if code != self.content_language
            and (getattr(instance, build_localized_fieldname(field, code), "") or "").strip()
        ]
        if not others:
            return "", None, self.content_language
        if what not in self.missing_seen:
            self.missing_seen.add(what)
            self.missing.append(MissingText(what, others))
        return (
            getattr(instance, build_localized_fieldname(field, others[0])),
            self.wording.missing_note(others[0]),
            others[0],
        )

    # -- the whole -------------------------------------------------------------------------------

    def compose(self) -> Report:
        chapters = [self.introduction()]
        updates = self.updates()
        if not updates:
            raise EmptyReport(self.period, self.waiting_updates())
        if self.layout() == ReportLayout.BY_INSTRUMENT:
            for update in updates:
                chapters.append(self.instrument_chapter(len(chapters) + 1, update))
        else:
            for session, session_updates in self.by_session(updates):
                chapters.append(self.session_chapter(len(chapters) + 1, session, session_updates))
        closing = self.closing(len(chapters) + 1)
        if closing is not None:
            chapters.append(closing)
        if not chapters[0].paragraphs:
            self.notices.append(
                _(
                    "The report has no introduction: %(period)s has none in this language. Write it in the period's "
                    "settings (Work › %(period)s › Settings) or through the API (PATCH /api/v1/periods/%(period)s/)."
                )
                % {"period": self.period.label}
            )
            chapters.pop(0)
            for index, chapter in enumerate(chapters, start=1):
                chapter.numeral = self.wording.chapter_numeral(index)
        elif self.period.introduction_state != IntroductionState.APPROVED:
            self.notices.append(
                _(
                    "The introduction of %(period)s is not approved yet (%(state)s): the report shows it as it "
                    "stands. Submit it for review on the period's settings page (Work › %(period)s › Settings) "
                    "and have a reviewer approve it before the report goes out."
                )
                % {"period": self.period.label, "state": self.period.get_introduction_state_display()}
            )
        if self.missing and not self.options.allow_missing:
            raise MissingTranslations(self.missing, self.language)
        not_covered = self.not_covered(updates)
        self.note_carried_over(chapters)
        facts = self.facts(updates)
        report = Report(
            language=self.language,
            content_language=self.content_language,
            period=self.period.label,
            masthead=self.masthead(facts),
            facts=facts,
            title=self.document_text("title") or self.wording.default_title,
            subtitle=self.wording.subtitle,
            chapters=chapters,
            annex=self.annex() if self.options.funding_annex else None,
            missing=self.missing,
            notices=self.notices,
            not_covered=not_covered,
            not_covered_heading=self.wording.not_covered_heading if not_covered else "",
        )
        if not self.options.issued and not (self.document and self.document.date):
            self.notices.append(
                _("No date is recorded for the report: the masthead shows today's. Give a date to change it.")
            )
        if not report.masthead.symbol:
            self.notices.append(_("The report has no document symbol yet: give it (for example HSP/EB.2024/20)."))
        self.note_missing_agenda()
        return report

    def note_carried_over(self, chapters: list[Chapter]) -> None:
        carried = [
            str(paragraph.number)
            for chapter in chapters
            for section in chapter.sections
            for paragraph in section.paragraphs
            if paragraph.carried_over
        ]
        if carried:
            self.notices.append(
                _(
                    "%(count)s paragraph(s) carried over from an earlier period unchanged and not confirmed by the focal "
                    "point (%(numbers)s): highlighted in the preview. Ask for them to be edited or confirmed in the "
                    "update editor."
                )
                % {"count": len(carried), "numbers": ", ".join(carried[:20]) + (", …" if len(carried) > 20 else "")}
            )

    def note_missing_agenda(self) -> None:
        """Say, in words, what the masthead leaves out for want of the agenda item or the agenda's
        symbol (the asterisk footnote hangs on the agenda item's line)."""
        document = self.document
        item = self.options.agenda_item or (document.agenda_item if document else "")
        symbol = self.options.agenda_symbol or (document.agenda_symbol if document else "")
        if symbol and not item:
            self.notices.append(
                _(
                    "No agenda item is recorded: the masthead has no agenda line, so the asterisk footnote citing "
                    "the provisional agenda %(symbol)s is left out too. Give the agenda item (for example 5)."
                )
                % {"symbol": symbol}
            )
        elif item and not symbol:
            self.notices.append(
                _(
                    "The provisional agenda's symbol is not recorded: the agenda line has no asterisk footnote. "
                    "Give it (for example HSP/EB.2024/14)."
                )
            )
        elif not item:
            self.notices.append(
                _(
                    "No agenda item and no provisional agenda are recorded: the masthead has no agenda line and no "
                    "asterisk footnote. Give the agenda item (for example 5) and the agenda's symbol (for example "
                    "HSP/EB.2024/14)."
                )
            )

    def updates(self) -> list[ProgressUpdate]:
        footnotes = Prefetch("footnotes", queryset=EntryFootnote.objects.order_by("position"))
        entries = Prefetch(
            "entries",
            queryset=UpdateEntry.objects.order_by("position").prefetch_related(footnotes, "operative_paragraphs"),
        )
        return list(
            self.readable(ProgressUpdate.objects.all())
            .filter(
                period=self.period, workflow_state__in=REPORTED_STATES, instrument__body__code=GoverningBody.ASSEMBLY
            )
            .select_related("instrument__session", "instrument__body")
            # Each session's parts say whether it was adjourned or resumed (its chapter's heading).
            .prefetch_related(entries, "instrument__session__parts")
            .order_by("instrument__session__number", "-instrument__kind", "instrument__sequence")
        )

    @staticmethod
    def by_session(updates: list[ProgressUpdate]) -> list[tuple[Session, list[ProgressUpdate]]]:
        grouped: dict[int, tuple[Session, list[ProgressUpdate]]] = {}
        for update in updates:
            session = update.instrument.session
            grouped.setdefault(session.pk, (session, []))[1].append(update)
        return list(grouped.values())

    def waiting_updates(self) -> dict[str, int]:
        """How many of the period's Assembly updates are in each state short of approved."""
        counts = Counter(
            self.readable(ProgressUpdate.objects.all())
            .filter(period=self.period, instrument__body__code=GoverningBody.ASSEMBLY)
            .exclude(workflow_state__in=REPORTED_STATES)
            .values_list("workflow_state", flat=True)
        )
        return {str(WorkflowState(state).label): count for state, count in sorted(counts.items())}

    def not_covered(self, updates: list[ProgressUpdate]) -> list[NotCovered]:
        """The Assembly instruments the report leaves out, in report order: those whose update for
        the period is not approved (also said on the console and the preview page), and the active
        ones of sessions held by then that have no update at all."""
        reported = {update.instrument_id for update in updates}
        states = dict(
            self.readable(ProgressUpdate.objects.all())
            .filter(period=self.period, instrument__body__code=GoverningBody.ASSEMBLY)
            .exclude(instrument_id__in=reported)
            .values_list("instrument_id", "workflow_state")
        )
        instruments = (
            Instrument.objects.filter(body__code=GoverningBody.ASSEMBLY)
            .filter(Q(is_active=True, session__year__lte=self.as_of().year) | Q(pk__in=states))
            .exclude(pk__in=reported)
            .select_related("session")
            .order_by("session__number", "-kind", "sequence")
        )
        title_field = build_localized_fieldname("title", self.content_language)
        left_out = []
        for instrument in instruments:
            state = states.get(instrument.pk)
            if state:
                self.notices.append(
                    _("%(instrument)s is left out: its update is %(state)s, not approved.")
                    % {"instrument": instrument.reference, "state": WorkflowState(state).label}
                )
            name = citations.name_of(instrument, self.language, sentence_start=True)
            title = (getattr(instrument, title_field, "") or "").strip()
            reason = self.wording.not_covered_reason(state, self.period.label)
            left_out.append(NotCovered(name, title, reason, self.wording.not_covered_line(name, title, reason)))
        return left_out

    # -- chapters ----------------------------------------------------------------------------------

    def introduction(self) -> Chapter:
        text, note, _used = self.text_of(self.period, "introduction", _("the introduction"))
        chapter = Chapter(self.wording.chapter_numeral(1), self.wording.introduction, role="introduction")
        for block in (part.strip() for part in text.split("\n\n")):
            if block:
                chapter.paragraphs.append(self.paragraph(block, [], note=note, source="introduction"))
        return chapter

    def closing(self, index: int) -> Chapter | None:
        """The period's closing chapter (its title, or the wording's), after the instruments'; None
        when the period has none."""
        text, note, used = self.text_of(self.period, "closing", _("the closing chapter"))
        if not text.strip():
            return None
        title = (getattr(self.period, build_localized_fieldname("closing_title", used)) or "").strip()
        chapter = Chapter(self.wording.chapter_numeral(index), title or self.wording.closing, role="closing")
        for block in (part.strip() for part in text.split("\n\n")):
            if block:
                chapter.paragraphs.append(self.paragraph(block, [], note=note, source="closing"))
        return chapter

    def session_chapter(self, index: int, session: Session, updates: list[ProgressUpdate]) -> Chapter:
        facts = self.session_facts(session, updates)
        chapter = Chapter(self.wording.chapter_numeral(index), self.wording.assembly_chapter(facts))
        for position, update in enumerate(updates, start=1):
            chapter.sections.append(self.section(letter_sequence(position).upper(), update))
        return chapter

    def layout(self) -> str:
        """The coordinator's choice, else the shape of the report imported for the period (the
        2020 report has a chapter per instrument), else a chapter per session."""
        recorded = self.document.layout if self.document else ""
        return self.options.layout or recorded or ReportLayout.BY_SESSION

    def instrument_chapter(self, index: int, update: ProgressUpdate) -> Chapter:
        """The 2020 shape: the instrument and its title make the chapter's heading
        (`二、关于……的第 1/2 号决议`), its paragraphs follow with no lettered section."""
        section = self.section("", update)
        heading = self.wording.instrument_chapter(
            citations.name_of(update.instrument, self.language, sentence_start=True),
            section.title,
            section.title_missing_note,
        )
        return Chapter(
            self.wording.chapter_numeral(index),
            heading,
            paragraphs=section.paragraphs,
            role="instrument",
            instrument=section,
        )

    def heading_title(self, instrument) -> tuple[str, str | None]:
        """(title, note): the instrument's title as the imported report's heading gave it in this
        language, else the registry's (with the note marking another language's)."""
        headings = (self.document.headings or {}) if self.document else {}
        own = (headings.get(instrument.reference) or {}).get(self.content_language, "")
        if own.strip():
            return own.strip(), None
        title, note, _used = self.text_of(
            instrument, "title", _("the title of %(instrument)s") % {"instrument": instrument.reference}
        )
        return title, note

    def session_facts(self, session: Session, updates: list[ProgressUpdate]) -> AssemblySessionFacts:
        as_of = self.as_of()
        resumed = [part for part in session.parts.all() if part.kind == SessionPartKind.RESUMED]
        resumed_by_then = [part for part in resumed if part.start_date <= as_of]
        return AssemblySessionFacts(
            number=session.number,
            year=session.year,
            adjourned=bool(resumed) and not resumed_by_then,
            resumed_year=resumed_by_then[-1].start_date.year if resumed_by_then else None,
            has_decisions=any(update.instrument.kind == InstrumentKind.DECISION for update in updates),
        )

    def section(self, letter: str, update: ProgressUpdate) -> Section:
        instrument = update.instrument
        title, title_note = self.heading_title(instrument)
        section = Section(
            letter,
            citations.name_of(instrument, self.language, sentence_start=True),
            title,
            reference=instrument.reference,
            title_missing_note=title_note,
        )
        for place, entry in enumerate(update.entries.all(), start=1):
            what = _("paragraph %(number)s (%(instrument)s)") % {
                "number": self.paragraph_number + 1,
                "instrument": instrument.reference,
            }
            text, note, used = self.text_of(entry, "text", what)
            if not text.strip():
                continue
            cites = (
                citations.paragraphs_of(
                    instrument, [op.number for op in entry.operative_paragraphs.all()], self.language
                )
                if entry.operative_paragraphs.all()
                else ""
            )
            paragraph = self.paragraph(
                text,
                list(entry.footnotes.all()),
                note=note,
                used=used,
                # Where the coordinator finds it: the instrument and the place in its update.
                source=_("%(instrument)s, paragraph %(place)s of its update")
                % {"instrument": capfirst(instrument.reference), "place": place},
                cites=cites,
            )
            paragraph.update_id = update.pk
            paragraph.carried_over = entry.carried_over
            section.paragraphs.append(paragraph)
        return section

    def paragraph(
        self,
        text: str,
        footnotes: list[EntryFootnote],
        *,
        note: str | None,
        used: str | None = None,
        source: str = "",
        cites: str = "",
    ) -> Paragraph:
        self.paragraph_number += 1
        text = text.strip()
        language = used or self.content_language
        placed = []
        for footnote in footnotes:
            body = getattr(footnote, build_localized_fieldname("text", language)) or ""
            if not body.strip():
                fallback, borrowed_note, _other = self.text_of(
                    footnote,
                    "text",
                    _("footnote %(position)s of paragraph %(number)s")
                    % {"position": footnote.position, "number": self.paragraph_number},
                )
                body = f"[{borrowed_note}] {fallback}" if fallback.strip() else ""
            if not body.strip():
                continue
            # The marker's place is only known in the paragraph's own language; else at its end.
            offset = getattr(footnote, build_localized_fieldname("anchor", language))
            placed.append((len(text) if offset is None else min(offset, len(text)), footnote.position, body.strip()))
        anchors = []
        for offset, _position, body in sorted(placed):  # numbered in the order the text cites them
            self.footnote_number += 1
            anchors.append(Anchor(offset, Footnote(self.footnote_number, body, find_urls(body))))
        return Paragraph(self.paragraph_number, text, anchors, missing_note=note, source=source, cites=cites)

    # -- masthead --------------------------------------------------------------------------------

    def issued(self) -> date:
        if self.options.issued:
            return self.options.issued
        if self.document and self.document.date:
            return self.document.date
        return timezone.localdate()

    def as_of(self) -> date:
        """The day the report speaks as of: its date, but never after the period it covers or the
        Board session it is for (a past period's report, regenerated today, says what was true then)."""
        limits = [self.issued(), self.period.end_date]
        if self.period.board_session and self.period.board_session.start_date:
            limits.append(self.period.board_session.start_date)
        return min(limits)

    def document_text(self, field: str) -> str:
        if self.document is None:
            return ""
        return (getattr(self.document, build_localized_fieldname(field, self.content_language)) or "").strip()

    def written_in(self, updates: list[ProgressUpdate]) -> str:
        """The language most of the report's paragraphs were written in (their text exists in it),
        the report's own on a tie: the original, for a report no imported document says it of."""
        counts = Counter()
        for update in updates:
            for entry in update.entries.all():  # prefetched
                counts.update(
                    code for code in FALLBACK_ORDER if getattr(entry, build_localized_fieldname("text", code))
                )
        if not counts:
            return self.content_language
        most = max(counts.values())
        return self.content_language if counts[self.content_language] == most else counts.most_common(1)[0][0]

    def facts(self, updates: list[ProgressUpdate]) -> Facts:
        document, session = self.document, self.period.board_session
        return Facts(
            symbol=self.options.symbol or (document.symbol if document else None) or None,
            agenda_item=self.options.agenda_item or (document.agenda_item if document else "") or None,
            agenda_symbol=self.options.agenda_symbol or (document.agenda_symbol if document else "") or None,
            issued=self.options.issued or (document.date if document else None),
            # Both language versions must not claim to be the original: without a recorded one, it
            # is the language the paragraphs were written in.
            original_language=(document.original_language if document else "") or self.written_in(updates),
            layout=self.layout(),
            board_year=session.year if session else None,
            board_session=session.sequence_in_year if session else None,
            board_start=session.start_date if session else None,
            board_end=session.end_date if session else None,
            board_place=(getattr(session, build_localized_fieldname("place", self.content_language), "") or "")
            if session
            else "",
        )

    def masthead(self, facts: Facts) -> Masthead:
        wording = self.wording
        board = GoverningBody.objects.filter(code=GoverningBody.EXECUTIVE_BOARD).first()
        return Masthead(
            organization=wording.organization,
            body=(getattr(board, build_localized_fieldname("name", self.content_language)) or board.name)
            if board
            else "",
            symbol=facts.symbol,
            distribution=wording.distribution,
            date=wording.date(self.issued()),
            language_name=wording.language_name(facts.original_language),
            original=wording.original(facts.original_language),
            session=wording.board_session(facts.board_year, facts.board_session) if facts.board_session else None,
            session_dates=wording.session_dates(facts.board_start, facts.board_end, facts.board_place)
            if facts.board_year
            else None,
            agenda_item=wording.agenda_item(facts.agenda_item) if facts.agenda_item else None,
            agenda_item_title=self.document_text("agenda_item_title") or wording.default_agenda_item_title,
            agenda_footnote=wording.agenda_footnote(facts.agenda_symbol) if facts.agenda_symbol else None,
        )

    # -- annex -----------------------------------------------------------------------------------

    def annex(self) -> Annex | None:
        """Every instrument with funding figures for the period, in report order, whether or not
        the report has an update of it, and their totals by the tracker's own arithmetic
        (restrack.funding.aggregates.totals_of: the dashboard's figures for a published period, to
        the cent and the per cent). Notes say what makes the total gap differ from the difference
        of the two totals (surpluses netted, instruments reporting one figure only)."""
        records = self.readable(FundingRecord.objects.all()).filter(period=self.period)
        reported = [
            (record, figure)
            for record in records.select_related("instrument").order_by("instrument_order", "pk")
            if (figure := FundingFigures.from_record(record, period_label=self.period.label)).requirements is not None
            or figure.mobilized is not None
        ]
        if not reported:
            self.notices.append(
                _("No funding figures are recorded for %(period)s: the report has no annex.")
                % {"period": self.period.label}
            )
            return None
        rows = []
        for record, figure in reported:
            title, _note, _used = self.text_of(
                record.instrument,
                "title",
                _("the title of %(instrument)s") % {"instrument": record.instrument.reference},
            )
            rows.append(
                AnnexRow(
                    citations.name_of(record.instrument, self.language, sentence_start=True),
                    title,
                    figure.requirements,
                    figure.mobilized,
                    figure.gap,
                    figure.gap_percent,
                )
            )
        totals = funding_aggregates.totals_of(funding_aggregates.with_cents(records))
        summary = totals.summary
        notes = [self.wording.annex_note(self.period.label)]
        if summary.over_funded and summary.under_funded:  # a surplus alone is the total itself
            notes.append(self.wording.annex_surplus_note(whole_amount(summary.surplus), summary.over_funded))
        if totals.gap_unknown:
            notes.append(self.wording.annex_gap_unknown_note(totals.gap_unknown))
        return Annex(
            heading=self.wording.annex_heading,
            title=self.wording.annex_title(self.period.end_date),
            unit_note=self.wording.annex_unit_note,
            columns=self.wording.annex_columns,
            rows=rows,
            total=AnnexRow(
                self.wording.total, "", summary.requirements, summary.mobilized, summary.gap, summary.gap_percent
            ),
            notes=notes,
            surplus_format=self.wording.surplus("{}"),
        )
