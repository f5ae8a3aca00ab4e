"""The structured result of reading a progress report: what `restrack parse-report` prints as
JSON and what `restrack import-report` stores. Plain data, no database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass
class Footnote:
    marker: str
    text: str
    urls: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)
    line: int | None = None  # where its text starts in the source
    anchor: int | None = None  # characters of the citing paragraph's text before the marker


@dataclass
class Section:
    kind: str  # "intro", "resolution", "decision" or "other"
    number: str | None = None  # "2/6" for instruments
    session: int | None = None  # the Assembly session that adopted it
    title: str | None = None
    heading: str | None = None  # the heading as printed ("A. 第 1/1 号决议")
    # The instrument's heading is a chapter's (二、关于……的第 1/2 号决议: the 2020 layout), not a
    # lettered section's.
    chapter: bool = False

    @property
    def reference(self) -> str | None:
        """'resolution 2/6', the form instruments are cited by in JSON and imports."""
        return f"{self.kind} {self.number}" if self.number else None


@dataclass
class ParagraphFacts:
    """What a paragraph says, in machine-readable form (see restrack.reading.extract)."""

    op_refs: list[dict] = field(
        default_factory=list
    )  # {"instrument": "resolution 2/6", "paragraph": "4(a)", "text": ...}
    instrument_refs: list[dict] = field(default_factory=list)  # {"instrument": "resolution 2/6", "text": ...}
    board_decisions: list[str] = field(default_factory=list)  # "2023/6"
    symbols: list[str] = field(default_factory=list)  # "HSP/EB.2024/INF/15"
    urls: list[str] = field(default_factory=list)
    dates: list[dict] = field(default_factory=list)  # {"value": "2024-05-14", "text": "5 月 14 日"}
    amounts: list[dict] = field(default_factory=list)  # {"value": 24000000, "currency": "USD", "text": ...}
    entities: list[dict] = field(default_factory=list)  # {"code": "UNODC", "text": ...}
    commitments: list[dict] = field(default_factory=list)  # {"due": "2024-12", "text": ...}
    funding_constraint: bool = False


@dataclass
class Paragraph:
    number: int
    section: Section
    text: str
    line: int  # where the paragraph starts in the source
    facts: ParagraphFacts = field(default_factory=ParagraphFacts)
    footnotes: list[Footnote] = field(default_factory=list)

    def to_dict(self) -> dict:
        data = {"number": self.number, "section": asdict(self.section), "text": self.text, "line": self.line}
        data.update(asdict(self.facts))
        data["footnotes"] = [asdict(footnote) for footnote in self.footnotes]
        return data


@dataclass
class Meeting:
    body: str | None = None  # "executive-board"
    year: int | None = None
    session: int | None = None  # order of the session in the year
    start: str | None = None  # ISO dates
    end: str | None = None
    place: str | None = None
    agenda_item: str | None = None
    agenda_title: str | None = None  # the agenda item's title, under the agenda item


@dataclass
class Warning_:
    message: str
    line: int | None = None

    def to_dict(self) -> dict:
        return {"line": self.line, "message": self.message}


@dataclass
class ParsedReport:
    symbol: str | None
    agenda_symbol: str | None
    language: str  # "zh" or "en"
    title: str | None
    meeting: Meeting
    paragraphs: list[Paragraph]
    footnotes: list[Footnote] = field(default_factory=list)
    warnings: list[Warning_] = field(default_factory=list)
    source: dict = field(default_factory=dict)  # file name, format, sha256, lines
    # Stated by an Akoma Ntoso export (restrack.reading.report_akn); a text's masthead is not read
    # for them.
    issued: str | None = None  # ISO date of the report
    original_language: str | None = None  # "en", "zh-hans": the language it was written in

    def to_dict(self) -> dict:
        return {
            "symbol": self.symbol,
            "agenda_symbol": self.agenda_symbol,
            "language": self.language,
            "title": self.title,
            "meeting": asdict(self.meeting),
            "paragraphs": [paragraph.to_dict() for paragraph in self.paragraphs],
            "warnings": [warning.to_dict() for warning in self.warnings],
            "source": self.source,
        }

    @property
    def instruments(self) -> list[str]:
        """The instruments the report has sections on, in order ('resolution 1/2', ...)."""
        seen = []
        for paragraph in self.paragraphs:
            reference = paragraph.section.reference
            if reference and reference not in seen:
                seen.append(reference)
        return seen
