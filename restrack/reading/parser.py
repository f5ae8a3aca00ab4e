"""Reading the structure of an Executive Director's progress report from its lines of text.

The report layout (UN editorial practice, see the domain brief): masthead and title block;
chapters (一、 / I.), sections per instrument (A. 第 1/1 号决议 + title / A. Resolution 1/1), or the
instrument in the chapter heading (二、 关于……的第 1/2 号决议, the 2020 layout); paragraphs
numbered consecutively through the report; footnotes at page bottoms.

Text extracted from PDFs adds noise that the parser removes: page headers (the symbol and a page
number), line breaks inside words and sentences, footnote bodies between the lines of a
paragraph, footnote markers glued to the text (作用。1 人居署), URLs broken across lines and
repeated by the PDF's link layer. A line that begins with a number is a footnote only when it is
the next footnote expected and its marker was seen in the text, so that `8 段所要求的...`
continues its sentence.
"""

from __future__ import annotations

import re
from collections.abc import Container
from dataclasses import dataclass, field
from functools import lru_cache

from restrack.reading import front_matter
from restrack.reading.errors import IngestError
from restrack.reading.extract import ExtractionContext, extract_facts
from restrack.reading.gazetteer import Gazetteer
from restrack.reading.op_refs_other_languages import find_op_refs as other_language_op_refs
from restrack.reading.page_furniture import PAGE_BREAK, SYMBOL_TEXT, without_page_furniture
from restrack.reading.readers import SourceDocument
from restrack.reading.report import (
    Footnote,
    Meeting,
    Paragraph,
    ParagraphFacts,
    ParsedReport,
    Section,
    Warning_,
)
from restrack.reading.text import (
    CJK_CHAR,
    CJK_RE,
    ENGLISH_ORDINALS,
    HYPHENS,
    ROMAN,
    chinese_numeral,
    is_cjk,
    join_hyphenated,
    join_lines,
    lexicon,
    nfkc,
    squeeze_spaces,
)

# Report paragraphs run to a few thousand characters; beyond this, the structure was misread.
MAX_PARAGRAPH_CHARS = 20_000
SYMBOL_RE = re.compile(rf"(?<![A-Za-z0-9/]){SYMBOL_TEXT}")
MASTHEAD_SYMBOL_RE = re.compile(rf"^(?:United Nations|联合国)\s+(?P<symbol>{SYMBOL_TEXT})$")
# A paragraph number or heading numeral alone on its line, its text on the next (PDF extraction).
LONE_NUMBER_RE = re.compile(r"^(?:\d{1,3}|[IVX]{1,5}|[A-Z])\.$")
# A paragraph that a line runs on into after a heading or a sentence ("... 2024. 2. This ...").
RUN_IN_RE = re.compile(r"\s+(?P<number>\d{1,3})\.\s+(?=\S)")
SENTENCE_END = tuple(".;:!?)”’。；：！？）")
# The closing note of a report Restrack generates, naming the instruments it does not cover
# (restrack.edreport.wording: not_covered_heading): like an annex, it ends the numbered paragraphs.
NOT_COVERED_RE = re.compile(r"^(?:本报告未涉及的决议和决定|Resolutions and decisions not covered by this report)$")
ANNEX_RE = re.compile(r"^(?:附件|Annex|Annexe|Anexo|Приложение|المرفق)(?:\s*[一二三四五六七八九十IVX]+)?$")
URL_RE = re.compile(r"https?://[^\s<>\"“”‘’，。；、）]+")
URL_ONLY_RE = re.compile(r"^https?://\S+$")

ZH_CHAPTER_RE = re.compile(r"^(?P<numeral>[一二三四五六七八九十]+)\s*、\s*(?P<text>.*)$")
EN_CHAPTER_RE = re.compile(r"^(?P<numeral>[IVXL]{1,7})\.\s+(?P<text>\S.*)$")
SECTION_RE = re.compile(r"^(?P<letter>[A-Z])\.\s*(?P<text>\S.*)$")
PARAGRAPH_RE = re.compile(r"^(?P<number>\d{1,3})\.(?!\d)\s*(?P<text>.*)$")
FOOTNOTE_RE = re.compile(
    r"^(?:(?P<slash>\d{1,2})/|\((?P<paren>\d{1,2})\)|\[(?P<bracket>\d{1,2})\]|(?P<marker>\d{1,2}|\*{1,3}))"
    r"\s*(?P<text>\S.*)$"
)
FOOTNOTE_STYLES = ("slash", "paren", "bracket")
# How footnotes usually begin: a link, a document symbol, "see", "available at".
FOOTNOTE_OPENING_RE = re.compile(
    rf"^(?:https?://|{SYMBOL_TEXT}|See\b|Available\b|Ibid|可查阅|参见|见 ?{SYMBOL_TEXT}|详见)", re.I
)
AGENDA_NOTE_RE = re.compile(rf"^\*\s*(?P<symbol>{SYMBOL_TEXT})[.。]?$")
DOCX_MARKER_RE = re.compile(r"\[\^(?P<marker>[^\]]+)\]")
LIST_BULLET_RE = re.compile(r"^[-–•·]\s+(?=\()")
# A paragraph's list set out item by item: the first item ("(a) ...", "(ii) ...") starts a line
# after a line ending with a colon ("即：", "as follows:"), each next one a line after an item's end
# ("...；", "...; and"). Each item keeps a line of its own (a line break in the text), so the list
# is not run into one block; items run into a sentence ("提供：(a) …；(b) …；") stay as they are.
LIST_ITEM_RE = re.compile(r"^\((?:[a-z]{1,2}|[ivx]{1,5})\)\s")
LIST_INTRO_RE = re.compile(r"[：:]\s*$")
LIST_NEXT_RE = re.compile(r"(?:[；;]|;\s+(?:and|or))\s*$")

ZH_INSTRUMENT_RE = re.compile(r"第\s*(?P<prefix>\d{1,4})\s*/\s*(?P<sequence>\d{1,3})\s*号\s*(?P<kind>决议|决定)")
EN_INSTRUMENT_RE = re.compile(
    r"(?<!\w)(?P<kind>resolution|decision|résolution|décision|resolución|decisión|резолюци[яиюейям]*|решени[еяюйим]*"
    r"|القرار|المقرر)\s+(?P<prefix>\d{1,4})/(?P<sequence>\d{1,3})\b",
    re.I,
)
# What each language calls a resolution and a decision in a heading.
INSTRUMENT_KINDS = {
    "résolution": "resolution",
    "resolución": "resolution",
    "القرار": "resolution",
    "décision": "decision",
    "decisión": "decision",
    "المقرر": "decision",
}
ZH_SESSION_RE = re.compile(r"第(?P<numeral>[一二三四五六七八九十]+)届会议")
EN_SESSION_RE = re.compile(rf"\b(?P<ordinal>{'|'.join(ENGLISH_ORDINALS)})\s+session\b", re.I)
INTRO_RE = re.compile(r"^(导言|引言|Introduction|Introducción|Введение|مقدمة)$", re.I)
LATIN_LETTER_RE = re.compile(r"[A-Za-z]")
CYRILLIC_RE = re.compile(r"[\u0400-\u04ff]")
ARABIC_RE = re.compile(r"[\u0600-\u06ff]")
OTHER_LANGUAGES = ("fr", "es", "ru", "ar")  # read for structure and operative paragraphs cited
# Words frequent in each Latin-script language's reports and rare in the others'.
STOPWORDS = {
    "en": frozenset("the of and to in was were with for is has have".split()),
    "fr": frozenset("le la les des du et en au aux une est ont été dans pour".split()),
    "es": frozenset("el la los las del y en al una es han sido para con".split()),
}
TERMINAL_PUNCTUATION = ("。", ".", "．", "”", "）", ")")


@lru_cache(maxsize=256)
def _marker_pattern(marker: str, style: str = "") -> re.Pattern:
    """A footnote marker glued to the text: after a word or punctuation, not a count or a date.
    Old-style markers (`2/`, `(2)`, `[2]`) may follow a space, which goes with them."""
    if style:
        printed = {"slash": f"{marker}/", "paren": f"({marker})", "bracket": f"[{marker}]"}[style]
        return re.compile(rf"(?<=[{CJK_CHAR}A-Za-z)\].,;:’”\"'])\s?{re.escape(printed)}(?=\s|$|[.,;:{CJK_CHAR}])")
    return re.compile(
        rf"(?<=[{CJK_CHAR}A-Za-z)\].,;:’”\"'])(?<!第)(?<!第 ){re.escape(marker)}"
        rf"(?=\s|$|[{CJK_CHAR}])(?!\s?[年月日段号个项名届次%])"
    )


class _Lexicon:
    """The document's words, gathered the first time a line-end hyphen needs them (most reports
    need them never)."""

    def __init__(self):
        self.lines: list[tuple[int, str]] = []
        self._words: set[str] | None = None

    def __contains__(self, word: str) -> bool:
        if self._words is None:
            self._words = lexicon(raw for _number, raw in self.lines)
        return word in self._words


class _Match:
    """A match found on the NFKC form of a line (so １. and ２、 count), read back from the line
    as printed so that the text keeps its own characters."""

    def __init__(self, match: re.Match, original: str):
        self._match, self._original = match, original

    def __getitem__(self, group: str) -> str | None:
        start, end = self._match.span(group)
        return None if start < 0 else self._original[start:end]

    def span(self, group: str) -> tuple[int, int]:
        return self._match.span(group)


# The patterns recognise a line by how it starts (a number, a heading's numeral, a marker) or are
# short lines whole (a symbol, a page number): the NFKC form of a line's start is enough to match
# them, and normalising a long line whole would cost more than everything else the parser does.
MATCHED_PREFIX = 160


@lru_cache(maxsize=16)
def _normalised(text: str) -> str:
    """NFKC of a line's start (and the rest as it is), when it keeps every character's position
    (one line is tested against several patterns in a row, hence the small cache)."""
    start = text[:MATCHED_PREFIX]
    normalised = nfkc(start)
    return normalised + text[MATCHED_PREFIX:] if len(normalised) == len(start) else text


def _match(pattern: re.Pattern, text: str) -> _Match | None:
    normalised = _normalised(text)
    match = pattern.match(normalised)
    return _Match(match, text) if match else None


@dataclass
class _Block:
    """Text being gathered: a paragraph, a heading, a footnote."""

    kind: str
    line: int
    parts: list[str] = field(default_factory=list)
    number: int | None = None
    marker: str | None = None
    section: Section | None = None
    first_line: str | None = None
    style: str = ""  # a footnote's marker style: "", "slash", "paren" or "bracket"
    words: Container[str] = frozenset()  # the document's words, to undo line-end hyphens
    listing: bool = False  # in a list set out item by item (LIST_ITEM_RE)

    def add(self, text: str) -> None:
        """Append a line. Pieces are kept in a list (joined once, when read) so that a very long
        paragraph costs linear, not quadratic, time."""
        text = LIST_BULLET_RE.sub("", text.strip())
        if self.first_line is None:
            self.first_line = squeeze_spaces(text)
        if self.parts and text:
            previous = self.parts[-1]
            if (
                self.kind == "paragraph"
                and LIST_ITEM_RE.match(text)
                and (LIST_INTRO_RE.search(previous) or (self.listing and LIST_NEXT_RE.search(previous)))
            ):
                self.listing = True
                self.parts.append("\n")
                self.parts.append(text)
                self._text = None
                return
            if previous.endswith(HYPHENS):
                joined = join_hyphenated(previous, text, self.words)
                if joined is not None:
                    self.parts[-1] = previous[:-1]
                    self.parts.append(text)
                    self._text = None
                    return
            # join_lines decides on the characters at the seam only.
            seam = join_lines(previous[-2:], text[:1])
            if seam != previous[-2:] + text[:1]:
                self.parts.append(" ")
        if text:
            self.parts.append(text)
        self._text = None

    def replace_last(self, text: str) -> None:
        self.parts[-1] = text
        self._text = None

    @property
    def last(self) -> str:
        return self.parts[-1] if self.parts else ""

    @property
    def text(self) -> str:
        if getattr(self, "_text", None) is None:
            self._text = squeeze_spaces("".join(self.parts))
        return self._text


class ReportParser:
    def __init__(
        self,
        source: SourceDocument,
        *,
        language: str | None = None,
        symbol: str | None = None,
        gazetteer: Gazetteer | None = None,
    ):
        self.source = source
        self.language = language
        self.given_symbol = symbol
        self.gazetteer = gazetteer if gazetteer is not None else Gazetteer([])
        self.warnings: list[Warning_] = []
        self.header_symbols: dict[str, int] = {}
        self.front_lines: list[tuple[int, str]] = []
        self.paragraphs: list[_Block] = []
        self.footnotes: list[_Block] = []
        self.chapter_count = 0
        self.chapter_session: int | None = None
        self.section: Section | None = None
        self.section_letter: str | None = None
        self.open: _Block | None = None  # the paragraph or heading that continuation lines join
        self.footnote: _Block | None = None  # a footnote whose text may continue on the next line
        self.excerpt = False  # the text starts at a later paragraph or section (no "1." or "I.")
        self.annex: str | None = None  # in an annex, waiting for its own paragraph 1
        self.series_start = 0  # the index in self.paragraphs where the current numbering began
        self.words = _Lexicon()

    def _block(self, kind: str, line: int, **fields) -> _Block:
        return _Block(kind, line, words=self.words, **fields)

    # -- the pass over the lines ---------------------------------------------------------------

    def parse(self) -> ParsedReport:
        pages = without_page_furniture(self.source.lines)
        self.header_symbols = pages.header_symbols
        lines = self._joined_lone_numbers(pages.lines)
        self.words.lines = lines
        start = self._body_start(lines)
        blank_before = False
        for position, (number, raw) in enumerate(lines):
            # The text keeps its own characters (full-width punctuation included); patterns match
            # a normalised copy where full-width digits could appear.
            text = raw.strip() if raw != PAGE_BREAK else PAGE_BREAK
            if not text or text == PAGE_BREAK:
                blank_before = True
                continue
            if "\u00ad" in text[:-1]:  # a soft hyphen shows only where a line breaks
                text = text[:-1].replace("\u00ad", "") + text[-1]
            if position < start:
                self.front_lines.append((number, text))
                continue
            if self.paragraphs and ((len(text) <= 20 and ANNEX_RE.match(nfkc(text))) or NOT_COVERED_RE.match(text)):
                self._start_annex(number, text)
                blank_before = False
                continue
            for piece in self._run_in_paragraphs(text):
                self._take(number, piece, blank_before)
            blank_before = False
        self._close_heading_or_section(before="end")
        if not self.paragraphs:
            raise IngestError(
                f"{self.source.file_name}: no numbered paragraphs found (lines such as '1. ...'). "
                "Is this an Executive Director's progress report? Check the file, or that its text "
                "was extracted with paragraph numbers."
            )
        return self._result()

    def _starts_body(self, text: str) -> bool:
        chapter = _match(ZH_CHAPTER_RE, text) or _match(EN_CHAPTER_RE, text)
        if chapter and self._chapter_number(chapter) == 1:
            return True
        if INTRO_RE.match(text) or INTRO_RE.match(text.split(" 1. ")[0]):
            return True
        paragraph = _match(PARAGRAPH_RE, text)
        return bool(paragraph and paragraph["number"] == "1" and paragraph["text"])

    def _body_start(self, lines: list[tuple[int, str]]) -> int:
        """Where the body starts: chapter I, the introduction or paragraph 1; failing those (an
        excerpt, numbered from 11), the first section naming an instrument or numbered paragraph."""
        for position, (_number, raw) in enumerate(lines):
            if raw != PAGE_BREAK and raw.strip() and self._starts_body(raw.strip()):
                return position
            if ANNEX_RE.match(nfkc(raw.strip())):
                break  # an annex's own paragraph 1 does not start the report
        for position, (_number, raw) in enumerate(lines):
            text = raw.strip()
            if not text or raw == PAGE_BREAK:
                continue
            section = _match(SECTION_RE, text)
            paragraph = _match(PARAGRAPH_RE, text)
            if (section and (ZH_INSTRUMENT_RE.search(text) or EN_INSTRUMENT_RE.search(text))) or (
                paragraph and paragraph["text"] and not FOOTNOTE_OPENING_RE.match(paragraph["text"])
            ):
                self.excerpt = True
                return position
        return len(lines)

    def _joined_lone_numbers(self, lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
        """`1.` alone on its line and the paragraph's text on the next make one line `1. text`;
        so do `I.` or `A.` and their heading."""
        joined: list[tuple[int, str]] = []
        pending: tuple[int, str] | None = None
        for number, raw in lines:
            text = raw.strip() if raw != PAGE_BREAK else raw
            if pending is not None:
                if not text:
                    continue
                if text != PAGE_BREAK and not LONE_NUMBER_RE.match(nfkc(text)):
                    joined.append((pending[0], f"{pending[1]} {text}"))
                    pending = None
                    continue
                joined.append(pending)
                pending = None
            if len(text) <= 4 and LONE_NUMBER_RE.match(nfkc(text)):
                pending = (number, text)
                continue
            joined.append((number, raw))
        if pending is not None:
            joined.append(pending)
        return joined

    def _next_number(self) -> int | None:
        if self.annex is not None or len(self.paragraphs) == self.series_start:
            return None if self.excerpt and not self.paragraphs else 1
        return self.paragraphs[-1].number + 1

    def _run_in_paragraphs(self, text: str) -> list[str]:
        """A line holding the start of the next paragraph after a heading or a sentence
        ("Introduction 1. The ...", "... in 2024. 2. This ...") is cut there: only at the number
        expected next, followed by a capital (or a letter of a script without case)."""
        if ". " not in text[2:]:
            return [text]
        expected = self._next_number()
        if expected is None:
            return [text]
        pieces, start = [], 0
        for match in RUN_IN_RE.finditer(text):
            if int(match["number"]) != expected or match.start() <= start:
                continue
            following = text[match.end()]
            if not (following.isupper() or (following.isalpha() and not following.islower())):
                continue
            before = text[start : match.start()]
            heading = start == 0 and (INTRO_RE.match(before) or self._is_heading(before))
            if not (before.endswith(SENTENCE_END) or heading):
                continue
            pieces.append(before)
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            expected += 1
        pieces.append(text[start:])
        return [piece.strip() for piece in pieces if piece.strip()]

    def _start_annex(self, number: int, text: str) -> None:
        """An annex ends the report's paragraphs; its own numbered paragraphs, if it has any,
        start again at 1 in a section of the annex (what comes before them, a title or a funding
        table, is not a paragraph)."""
        self._close_heading_or_section(before="end")
        self.open = None
        self.footnote = None
        self.annex = text
        self.section = Section("other", heading=text)

    def _take(self, number: int, text: str, blank_before: bool) -> None:
        if self._continue_footnote(text, blank_before):
            return
        self.footnote = None
        if self._is_link_layer_duplicate(text):
            return
        if self._start_footnote(number, text):
            return
        if self.annex is not None:
            paragraph = _match(PARAGRAPH_RE, text)
            if not (paragraph and paragraph["number"] == "1" and paragraph["text"]):
                if self.section.title is None and len(text) < 200:  # the annex title
                    self.section.title = text
                return
            self.annex = None
            self.series_start = len(self.paragraphs)
            self.chapter_count = 0
            self.section_letter = None
        if self._start_chapter(number, text) or self._start_section(number, text):
            return
        if not self.paragraphs and self.open is None and INTRO_RE.match(text):
            self._open_heading(number, text, kind="chapter")
            return
        if self._start_paragraph(number, text):
            return
        if self.open is None:
            self.warnings.append(Warning_(f"Text outside any numbered paragraph: {text[:60]!r}", number))
            return
        self.open.add(text)

    # -- page furniture --------------------------------------------------------------------------

    # -- footnotes -------------------------------------------------------------------------------

    def _expected_footnote(self) -> str:
        numeric = [int(f.marker) for f in self.footnotes if f.marker.isdigit()]
        return str(max(numeric, default=0) + 1)

    def _start_footnote(self, number: int, text: str) -> bool:
        match = _match(FOOTNOTE_RE, text)
        if not match or self.source.footnotes:  # DOCX footnotes come separately, not in the lines
            return False
        style = next((name for name in FOOTNOTE_STYLES if match[name]), "")
        marker = match[style] if style else match["marker"]
        if marker.startswith("*"):
            if any(f.marker == marker for f in self.footnotes):
                return False
        elif marker != self._expected_footnote():
            return False
        elif not self._marker_was_cited(marker, style) and not FOOTNOTE_OPENING_RE.match(match["text"]):
            # Not cited and not worded like a footnote: a sentence that a line break left
            # starting with a number ("8 段所要求的...").
            return False
        block = self._block("footnote", number, marker=marker, style=style)
        block.parts.append(match["text"].strip())
        self.footnotes.append(block)
        self.footnote = block
        return True

    def _marker_was_cited(self, marker: str, style: str = "") -> bool:
        """A plain number is a footnote when one of the last paragraphs cites it; an old-style
        marker (`2/`, `(2)`, `[2]`) cannot be mistaken for a count, so it may be cited anywhere
        before (layouts that float footnotes pages after the call)."""
        pattern = _marker_pattern(marker, style)
        recent = self.paragraphs if style else self.paragraphs[-6:]
        return any(pattern.search(block.text) for block in reversed(recent))

    def _continue_footnote(self, text: str, blank_before: bool) -> bool:
        """A footnote runs on to the next line when its text is unfinished: a URL broken at a
        hyphen or slash (PDFs may put a blank line in between), or no closing punctuation yet
        and no blank line."""
        block = self.footnote
        if block is None:
            return False
        current = block.last
        last_token = current.split()[-1] if current.split() else ""
        broken_url = bool(URL_RE.match(last_token)) and current.endswith(("-", "/", "_"))
        unfinished = broken_url or (not blank_before and not current.endswith(TERMINAL_PUNCTUATION))
        if not unfinished or _match(PARAGRAPH_RE, text) or self._is_heading(text):
            return False
        if not broken_url and _match(FOOTNOTE_RE, text) and (text[0].isdigit() or text[0] in "(["):
            return False
        if broken_url and not is_cjk(text[0]) and " " not in text.split("。")[0]:
            block.replace_last(current + text)  # the rest of the URL
        else:
            block.add(text)
        return True

    def _is_heading(self, text: str) -> bool:
        return bool(_match(ZH_CHAPTER_RE, text) or _match(EN_CHAPTER_RE, text) or _match(SECTION_RE, text))

    def _is_link_layer_duplicate(self, text: str) -> bool:
        """PDF link layers repeat a footnote's URL as a line of its own: drop those."""
        if not URL_ONLY_RE.match(text):
            return False
        url = _clean_url(text)
        known = {u for block in self.footnotes for u in find_urls(block.text)}
        return any(candidate == url or candidate.startswith(url) for candidate in known)

    # -- headings --------------------------------------------------------------------------------

    def _chapter_number(self, match: re.Match) -> int | None:
        numeral = match["numeral"]
        return chinese_numeral(numeral) or ROMAN.get(numeral)

    def _start_chapter(self, number: int, text: str) -> bool:
        match = _match(ZH_CHAPTER_RE, text) or _match(EN_CHAPTER_RE, text)
        if not match or self._chapter_number(match) != self.chapter_count + 1:
            return False
        if _match(EN_CHAPTER_RE, text) and self.section_letter and self._next_letter() == match["numeral"]:
            return False  # "I. Resolution 2/9" is section I, not chapter I
        self._close_heading_or_section()
        self.chapter_count += 1
        heading = match["text"].strip()
        self.chapter_session = self._session_in(heading) or self.chapter_session
        self.section_letter = None
        self._open_heading(number, text, kind="chapter")
        return True

    def _next_letter(self) -> str:
        return "A" if self.section_letter is None else chr(ord(self.section_letter) + 1)

    def _start_section(self, number: int, text: str) -> bool:
        """Sections run A, B, C ... in each chapter. A skipped letter is accepted (with a warning)
        only for a heading that names an instrument, so a sentence starting "I. " stays text."""
        match = _match(SECTION_RE, text)
        if not match:
            return False
        names_instrument = ZH_INSTRUMENT_RE.search(text) or EN_INSTRUMENT_RE.search(text)
        if self.chapter_count == 0 and not names_instrument:
            return False  # without chapters, only a heading naming an instrument is a section
        expected = self._next_letter()
        if self.chapter_count == 0 and self.section_letter is None and self.excerpt:
            expected = match["letter"]  # an excerpt may start at any section
        if match["letter"] != expected:
            if not (names_instrument and expected < match["letter"] <= chr(ord(expected) + 3)):
                return False
            self.warnings.append(Warning_(f"Section letters jump from {expected} to {match['letter']}", number))
        self._close_heading_or_section()
        self.section_letter = match["letter"]
        self._open_heading(number, text, kind="section")
        return True

    def _open_heading(self, number: int, text: str, *, kind: str) -> None:
        block = self._block(kind, number)
        block.add(text)
        self.open = block
        self.section = None

    def _close_heading_or_section(self, *, before: str = "heading") -> None:
        """Turn a finished heading into the current section. Before another heading or the end of
        the text, an instrument's section that got no paragraph is worth a warning."""
        block = self.open
        if block is not None and block.kind in ("chapter", "section"):
            self.section = self._section_from_heading(block)
            self.open = None
            if before != "paragraph" and self.section.kind != "other":
                self.warnings.append(Warning_(f"Section {self.section.heading!r} has no paragraphs", block.line))

    def _section_from_heading(self, block: _Block) -> Section:
        """What a heading announces: the introduction, an instrument (with its title, printed in
        the heading or on the lines after it), or another chapter."""
        text = block.text
        match = _match(ZH_CHAPTER_RE, text) or _match(EN_CHAPTER_RE, text) or _match(SECTION_RE, text)
        inner = squeeze_spaces(match["text"] if match else text)
        heading = block.first_line
        instrument = ZH_INSTRUMENT_RE.search(inner) or EN_INSTRUMENT_RE.search(inner)
        if instrument is None:
            if block.kind == "chapter" and INTRO_RE.match(inner):
                return Section("intro", heading=heading)
            return Section("other", title=inner or None, heading=heading)
        kind = _instrument_kind(instrument["kind"])
        number = f"{int(instrument['prefix'])}/{int(instrument['sequence'])}"
        session = int(instrument["prefix"]) if len(instrument["prefix"]) <= 2 else None
        return Section(
            kind,
            number=number,
            session=session,
            title=self._title_around(inner, instrument),
            heading=heading,
            chapter=block.kind == "chapter",
        )

    @staticmethod
    def _title_around(heading: str, instrument: re.Match) -> str | None:
        """The title printed in the heading itself: 关于<title>的第 1/2 号决议, Resolution 1/2: <title>."""
        before, after = heading[: instrument.start()].strip(), heading[instrument.end() :].strip()
        if before.startswith("关于") and before.endswith("的"):
            return before[2:-1].strip() or None
        after = re.sub(r"^[:：–—-]\s*|^on\s+", "", after, flags=re.I).strip()
        return after or None

    def _session_in(self, heading: str) -> int | None:
        match = ZH_SESSION_RE.search(heading)
        if match:
            return chinese_numeral(match["numeral"])
        match = EN_SESSION_RE.search(heading)
        return ENGLISH_ORDINALS[match["ordinal"].lower()] if match else None

    # -- paragraphs ------------------------------------------------------------------------------

    def _start_paragraph(self, number: int, text: str) -> bool:
        match = _match(PARAGRAPH_RE, text)
        if not match or not match["text"]:
            return False
        found = int(match["number"])
        expected = self._next_number() or found
        if not expected <= found <= expected + 3:
            return False
        if found != expected:
            self.warnings.append(Warning_(f"Paragraph numbers jump from {expected - 1} to {found}", number))
        if self.open is not None and self.open.kind in ("chapter", "section"):
            self._close_heading_or_section(before="paragraph")
        if self.section is None:
            self.section = Section("other")
        block = self._block("paragraph", number, number=found, section=self.section)
        block.add(match["text"])
        self.paragraphs.append(block)
        self.open = block
        return True

    # -- the result ------------------------------------------------------------------------------

    def _result(self) -> ParsedReport:
        language = self.language or self._detect_language()
        joiner = join_lines
        front_texts = [DOCX_MARKER_RE.sub("*", text) for _number, text in self.front_lines]
        meeting = front_matter.read_meeting(front_texts)
        footnotes = self._footnotes()
        agenda_symbol = self._agenda_symbol(footnotes)
        symbol = self._report_symbol(agenda_symbol)
        if meeting.year is None:
            self._meeting_from_text(meeting)
        if meeting.body is None and (symbol or "").startswith("HSP/EB"):
            meeting.body = "executive-board"
        paragraphs = self._paragraphs(footnotes, language, report_year=meeting.year or year_of_symbol(symbol))
        title = front_matter.read_title(self._front_blocks(), joiner)
        marked = [[DOCX_MARKER_RE.sub("*", text) for text in block] for block in self._front_blocks()]
        meeting.agenda_title = front_matter.read_agenda_title(marked, joiner)
        self._warn_uncited(footnotes, paragraphs)
        return ParsedReport(
            symbol=symbol,
            agenda_symbol=agenda_symbol,
            language=language,
            title=title,
            meeting=meeting,
            paragraphs=paragraphs,
            footnotes=[f for f in footnotes if not f.marker.startswith("*")],
            warnings=sorted(self.warnings, key=lambda w: w.line or 0),
            source={
                "file_name": self.source.file_name,
                "format": self.source.format,
                "sha256": self.source.sha256,
                "lines": len(self.source.lines),
            },
        )

    def _detect_language(self) -> str:
        sample = "".join(block.text[:2000] for block in self.paragraphs[:10])
        # Characters counted by regular expressions: a loop over them cost more than the rest.
        cjk = len(CJK_RE.findall(sample))
        latin = len(LATIN_LETTER_RE.findall(sample))
        cyrillic = len(CYRILLIC_RE.findall(sample))
        arabic = len(ARABIC_RE.findall(sample))
        if cjk > latin / 4 and cjk >= max(cyrillic, arabic):
            return "zh"
        if max(cyrillic, arabic) > latin:
            return "ru" if cyrillic > arabic else "ar"
        words = re.findall(r"[a-zàâçéèêëîïôûùüÿñáíóú]+", sample.lower())
        counts = {language: sum(1 for word in words if word in stop) for language, stop in STOPWORDS.items()}
        best = max(counts, key=counts.get)
        return best if counts[best] > counts["en"] else "en"

    def _front_blocks(self) -> list[list[str]]:
        blocks: list[list[str]] = []
        previous = None
        for number, text in self.front_lines:
            if previous is None or number != previous + 1:
                blocks.append([])
            blocks[-1].append(text)
            previous = number
        return blocks

    def _footnotes(self) -> list[Footnote]:
        if self.source.footnotes:
            return [
                Footnote(marker, squeeze_spaces(text), find_urls(text), find_symbols(text))
                for marker, text in self.source.footnotes
            ]
        self.footnote_styles = {}
        notes = []
        for block in self.footnotes:
            note = Footnote(block.marker, block.text, find_urls(block.text), find_symbols(block.text), block.line)
            self.footnote_styles[id(note)] = block.style
            notes.append(note)
        return notes

    def _agenda_symbol(self, footnotes: list[Footnote]) -> str | None:
        for footnote in footnotes:
            if footnote.marker.startswith("*") and footnote.symbols:
                return footnote.symbols[0]
        for _number, text in self.front_lines:  # the agenda note printed in the front matter
            match = AGENDA_NOTE_RE.match(nfkc(text))
            if match:
                return match["symbol"].rstrip(".")
        return None

    def _report_symbol(self, agenda_symbol: str | None) -> str | None:
        if self.given_symbol:
            return self.given_symbol
        for _number, text in self.front_lines:
            match = MASTHEAD_SYMBOL_RE.match(text)
            if match and match["symbol"] != agenda_symbol:
                return match["symbol"]
        candidates = [(count, s) for s, count in self.header_symbols.items() if s != agenda_symbol]
        return max(candidates)[1] if candidates else None

    def _meeting_from_text(self, meeting: Meeting) -> None:
        """Reports without a masthead (text cut from a PDF) name the meeting in paragraph 1."""
        for block in self.paragraphs[:2]:
            found = front_matter.find_meeting_mention(block.text)
            if found:
                meeting.year, meeting.session = found
                meeting.body = meeting.body or "executive-board"
                return

    def _paragraphs(self, footnotes: list[Footnote], language: str, report_year: int | None) -> list[Paragraph]:
        texts = [block.text for block in self.paragraphs]
        attached: list[list[Footnote]] = [[] for _ in texts]
        for footnote in footnotes:
            if footnote.marker.startswith("*"):
                continue
            index = self._citing_paragraph(texts, footnote)
            if index is None:
                continue
            texts[index], footnote.anchor = _remove_marker(
                texts[index],
                footnote.marker,
                docx=bool(self.source.footnotes),
                style=getattr(self, "footnote_styles", {}).get(id(footnote), ""),
            )
            attached[index].append(footnote)
        paragraphs = []
        for block, text, notes in zip(self.paragraphs, texts, attached):
            context = ExtractionContext(
                language=language, instrument=block.section.reference, report_year=report_year, gazetteer=self.gazetteer
            )
            if len(text) > MAX_PARAGRAPH_CHARS:
                self.warnings.append(
                    Warning_(
                        f"Paragraph {block.number} is {len(text):,} characters long, far beyond any real paragraph: "
                        f"a heading or paragraph number was probably missed. Facts were read from its first "
                        f"{MAX_PARAGRAPH_CHARS:,} characters only.",
                        block.line,
                    )
                )
            paragraphs.append(
                Paragraph(block.number, block.section, text, block.line, paragraph_facts(text, context), notes)
            )
        return paragraphs

    def _citing_paragraph(self, texts: list[str], footnote: Footnote) -> int | None:
        if self.source.footnotes:
            needle = f"[^{footnote.marker}]"
            return next((i for i, text in enumerate(texts) if needle in text), None)
        style = self.footnote_styles.get(id(footnote), "")
        pattern = _marker_pattern(footnote.marker, style)
        before = [i for i, block in enumerate(self.paragraphs) if block.line < (footnote.line or 0)]
        # The nearest citing paragraph before the note; a note printed pages after its call is
        # matched by its number further back.
        for index in reversed(before):
            if pattern.search(texts[index]):
                return index
        return None

    def _warn_uncited(self, footnotes: list[Footnote], paragraphs: list[Paragraph]) -> None:
        cited = {id(f) for p in paragraphs for f in p.footnotes}
        for footnote in footnotes:
            if not footnote.marker.startswith("*") and id(footnote) not in cited:
                self.warnings.append(Warning_(f"Footnote {footnote.marker} is never cited in the text", footnote.line))


def _instrument_kind(word: str) -> str:
    word = word.lower()
    if word in ("决议", "决定"):
        return "resolution" if word == "决议" else "decision"
    if word.startswith("резолюци"):
        return "resolution"
    if word.startswith("решени"):
        return "decision"
    return INSTRUMENT_KINDS.get(word, word)


def _clean_url(text: str) -> str:
    return text.strip().rstrip("。，；：、）)].,;:")


def find_urls(text: str) -> list[str]:
    found = []
    for match in URL_RE.finditer(text):
        url = _clean_url(match.group())
        if url not in found:
            found.append(url)
    return found


def find_symbols(text: str) -> list[str]:
    found = []
    for match in SYMBOL_RE.finditer(nfkc(text)):
        symbol = match.group().rstrip(".")
        if (
            "/" in symbol
            and any(char.isdigit() for char in symbol)
            and symbol not in found
            and not symbol.startswith("HTTP")
        ):
            found.append(symbol)
    return found


def year_of_symbol(symbol: str | None) -> int | None:
    match = re.search(r"\.(\d{4})/", symbol or "")
    return int(match[1]) if match else None


def _remove_marker(text: str, marker: str, *, docx: bool, style: str = "") -> tuple[str, int | None]:
    """The text without the footnote's marker, and where the marker stood in that text."""
    if docx:
        needle = f"[^{marker}]"
        at = text.find(needle)
        if at < 0:
            return text, None
        return squeeze_spaces(text.replace(needle, "")), len(squeeze_spaces(text[:at]))
    matches = list(_marker_pattern(marker, style).finditer(text))
    if not matches:
        return text, None
    match = matches[-1]
    start, end = match.start(), match.end()
    # "作用。1 人居署": the space only separated the marker from the next sentence.
    if (
        end < len(text)
        and text[end] == " "
        and is_cjk(text[start - 1])
        and end + 1 < len(text)
        and is_cjk(text[end + 1])
    ):
        end += 1
    return squeeze_spaces(text[:start] + text[end:]) if style else text[:start] + text[end:], start


def paragraph_facts(text: str, context: ExtractionContext) -> ParagraphFacts:
    """What a report's paragraph says (restrack.reading.extract), read from its first
    MAX_PARAGRAPH_CHARS characters; in French, Spanish, Russian and Arabic the operative
    paragraphs it cites (extract reads Chinese and English only)."""
    facts = extract_facts(text[:MAX_PARAGRAPH_CHARS], context)
    if context.language in OTHER_LANGUAGES:
        facts.op_refs = other_language_op_refs(text[:MAX_PARAGRAPH_CHARS], context.language, context.instrument)
    return facts


def parse_report(
    source: SourceDocument,
    *,
    language: str | None = None,
    symbol: str | None = None,
    gazetteer: Gazetteer | None = None,
) -> ParsedReport:
    """Read the structure and facts of a progress report; touches no database."""
    return ReportParser(source, language=language, symbol=symbol, gazetteer=gazetteer).parse()
