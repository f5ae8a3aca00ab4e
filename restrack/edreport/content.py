"""The Executive Director's report as plain data: what every renderer (HTML, PDF, DOCX) draws.

`restrack.edreport.compose.compose_report` builds a `Report` from the database; the renderers in
`restrack.edreport.render` only lay it out, so the three formats always say the same thing. All
text here is final, in the report's language: headings carry their numbering ("二、", "A."),
paragraphs their number, footnotes theirs.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

WHOLE = Decimal(1)
AMOUNT_FORMAT = "{:,.0f}"  # how the annex writes amounts: whole dollars


def whole_amount(value: Decimal | None, amount_format: str = AMOUNT_FORMAT) -> str:
    """`value` in whole dollars rounded half-up, as the tracker rounds (format() alone rounds
    half-even: 350,000.50 would print as 350,000)."""
    return "" if value is None else amount_format.format(Decimal(value).quantize(WHOLE, ROUND_HALF_UP))


@dataclass
class Footnote:
    number: int  # numbered consecutively through the report
    text: str  # "HSP/EB.2023/23。", "可查阅 https://..."
    urls: list[str] = field(default_factory=list)  # the links in the text, for renderers to make clickable


@dataclass
class Anchor:
    """A footnote marker placed after `offset` characters of a paragraph's text."""

    offset: int
    footnote: Footnote


@dataclass
class Paragraph:
    number: int  # numbered consecutively through the whole report
    text: str
    anchors: list[Anchor] = field(default_factory=list)  # in order of offset
    # Set when the report's language has no text for this paragraph and --allow-missing took the
    # text of another language: the renderers print `missing_note` before the text, highlighted.
    missing_note: str | None = None
    # Where the text comes from, for the coordinator's preview ("resolution 2/6", entry id).
    source: str = ""
    cites: str = ""  # the operative paragraphs it reports on, in the language's form
    update_id: int | None = None  # the progress update it comes from (None: the introduction)
    # Carried over from an earlier period and neither edited nor confirmed by the focal point: the
    # screen version (the coordinator's preview) highlights it; print and DOCX do not.
    carried_over: bool = False

    def pieces(self) -> Iterator[tuple[str, Footnote | None]]:
        """The text cut at its footnote markers: (text, footnote after it or None)."""
        start = 0
        for anchor in self.anchors:
            yield self.text[start : anchor.offset], anchor.footnote
            start = anchor.offset
        yield self.text[start:], None


@dataclass
class Section:
    """One lettered section per instrument: "A. 第 1/1 号决议" / "A. Resolution 1/1", then its title."""

    letter: str  # "A"
    name: str  # "第 1/1 号决议" / "Resolution 1/1"
    title: str
    paragraphs: list[Paragraph] = field(default_factory=list)
    reference: str = ""  # "resolution 1/1"
    title_missing_note: str | None = None

    @property
    def heading(self) -> str:
        return f"{self.letter}. {self.name}"


@dataclass
class Chapter:
    numeral: str  # "一、" / "I."
    title: str  # "导言" / "Introduction"
    paragraphs: list[Paragraph] = field(default_factory=list)  # paragraphs before any section
    sections: list[Section] = field(default_factory=list)
    # "introduction", "session" (an Assembly session's, its instruments in `sections`), "instrument"
    # (a chapter per instrument: `instrument` is it, its paragraphs the chapter's) or "closing".
    role: str = "session"
    instrument: Section | None = None

    @property
    def heading(self) -> str:
        return f"{self.numeral} {self.title}" if self.numeral.endswith(".") else f"{self.numeral}{self.title}"


@dataclass
class Masthead:
    """The first page's block, in UN layout. Lines that are unknown are None and not printed."""

    organization: str  # "United Nations" / "联合国"
    body: str  # "Executive Board of the United Nations Human Settlements Programme"
    symbol: str | None  # "HSP/EB.2024/20"
    distribution: str  # "Distr.: General" (in English in every language version, as the UN prints it)
    date: str  # "3 October 2024" / "2024 年 10 月 3 日"
    language_name: str | None  # "Chinese" on the Chinese version; None on the original
    original: str  # "Original: English"
    session: str | None  # "Second session of 2024" / "2024 年第二次会议"
    session_dates: str | None  # "Nairobi, 12–14 November 2024" / "2024 年 11 月 12 日至 14 日，内罗毕"
    agenda_item: str | None  # "Item 6 of the provisional agenda" / "临时议程项目 6" (asterisk added by renderers)
    agenda_item_title: str | None
    agenda_footnote: str | None  # "HSP/EB.2024/14." / "HSP/EB.2024/14。": the asterisk footnote

    @property
    def agenda_marker_position(self) -> int | None:
        """Where the asterisk goes in `agenda_item`: after "agenda" in English ("Item 6 of the
        provisional agenda*"), after "议程" in Chinese ("临时议程*项目 6")."""
        if not self.agenda_item or not self.agenda_footnote:
            return None
        text = self.agenda_item
        for word in ("agenda", "议程"):
            at = text.find(word)
            if at >= 0:
                return at + len(word)
        return len(text)


@dataclass
class Facts:
    """What the masthead prints, as data rather than words: the Akoma Ntoso export's metadata
    (restrack.edreport.render.akn). Dates are None where nothing is recorded."""

    symbol: str | None
    agenda_item: str | None  # "6"
    agenda_symbol: str | None  # "HSP/EB.2024/14"
    issued: date | None  # the report's recorded (or given) date; None: the masthead shows today's
    original_language: str  # "en", "zh-hans": the language the report was written in
    layout: str  # restrack.registry.choices.ReportLayout
    board_year: int | None = None  # the Board session it goes to
    board_session: int | None = None  # its order in the year
    board_start: date | None = None
    board_end: date | None = None
    board_place: str = ""  # in the report's language


@dataclass
class AnnexRow:
    name: str  # "第 2/6 号决议" / "Resolution 2/6"
    title: str
    requirements: Decimal | None
    mobilized: Decimal | None
    gap: Decimal | None  # requirements - mobilized; negative for a surplus
    gap_percent: int | None  # whole per cent of the requirements, half up (negative for a surplus)


@dataclass
class Annex:
    heading: str  # "Annex" / "附件"
    title: str  # "Funding by resolution, as at 31 December 2024"
    unit_note: str  # "(United States dollars)" / "（美元）"
    columns: list[str]  # the five headings: instrument, requirements, mobilized, gap, gap %
    rows: list[AnnexRow]
    total: AnnexRow
    notes: list[str] = field(default_factory=list)  # "Figures as published for 2024-H2 ..."
    surplus_format: str = "surplus {}"  # how a surplus shows in the gap columns: "盈余 {}"


@dataclass
class NotCovered:
    """An Assembly instrument the report does not cover: no approved update for the period. The
    document names each, so a reader of the file sees what it leaves out, not only the console."""

    name: str  # "Resolution 2/3" / "第 2/3 号决议"
    title: str
    reason: str  # "update submitted, not yet approved", in the report's language
    line: str  # the whole line as the document prints it


@dataclass
class MissingText:
    """A text the report needs that has no version in the report's language."""

    what: str  # "paragraph 12 (resolution 1/5)", "the title of resolution 2/3"
    available_in: list[str] = field(default_factory=list)  # languages that have it ("zh-hans")


@dataclass
class Report:
    language: str  # "zh" or "en" (the command's --language)
    content_language: str  # "zh-hans" or "en" (HTML lang, modeltranslation columns)
    period: str  # "2024-H2"
    masthead: Masthead
    title: str
    subtitle: str  # "Report of the Executive Director" / "执行主任的报告"
    chapters: list[Chapter]
    annex: Annex | None = None
    missing: list[MissingText] = field(default_factory=list)  # filled in only with allow_missing
    notices: list[str] = field(default_factory=list)  # things the coordinator should know (no symbol...)
    not_covered: list[NotCovered] = field(default_factory=list)  # printed after the chapters
    not_covered_heading: str = ""
    amount_format: str = AMOUNT_FORMAT
    facts: Facts | None = None

    @property
    def header_symbol(self) -> str:
        """What the running header of pages after the first shows."""
        return self.masthead.symbol or ""

    def paragraphs(self) -> Iterator[Paragraph]:
        for chapter in self.chapters:
            yield from chapter.paragraphs
            for section in chapter.sections:
                yield from section.paragraphs

    def footnotes(self) -> list[Footnote]:
        return [anchor.footnote for paragraph in self.paragraphs() for anchor in paragraph.anchors]

    def format_amount(self, value: Decimal | None) -> str:
        return whole_amount(value, self.amount_format)

    def format_percent(self, value: int | None) -> str:
        return "" if value is None else f"{value}%"

    def annex_figures(self, row: AnnexRow) -> list[str]:
        """An annex row's four figures as printed: a surplus in words in both gap columns ("surplus
        50,000", "surplus 10%"), never as a negative gap."""
        gap, percent = self.format_amount(row.gap), self.format_percent(row.gap_percent)
        if row.gap is not None and row.gap < 0:
            surplus = self.annex.surplus_format if self.annex else "{}"
            gap = surplus.format(self.format_amount(-row.gap))
            percent = surplus.format(self.format_percent(-row.gap_percent)) if row.gap_percent is not None else ""
        return [self.format_amount(row.requirements), self.format_amount(row.mobilized), gap, percent]
