"""Reading a resolution or decision text (text, PDF or DOCX, as restrack.reading.readers gives its
lines): the symbol, number, title and adoption date, the preambular paragraphs and the operative
paragraphs with their sub-paragraphs (4 (a), (i)). Touches no database.

The layout (UN editorial practice): a masthead, "Resolution adopted by … on …", "2/6. Title", the
address ("The UN-Habitat Assembly,"), preambular paragraphs that each end with a comma, operative
paragraphs numbered 1., 2., … with lettered sub-paragraphs (a), (b) and roman ones (i), (ii) under a
chapeau ending in a colon; French, Spanish and Russian write a), b), Arabic (أ), (ب). Then perhaps
the meeting line ("9th plenary meeting") and an annex, which are not operative paragraphs.

Text extracted from PDFs adds what the report parser also removes: page headers and job numbers
(restrack.reading.page_furniture), lines broken inside words and sentences, a paragraph's number
alone on its line, footnote bodies at a page's foot between the lines of a paragraph that goes on
after them, and footnote markers glued to the text ("Agenda,1").

(i) is the letter after (h) in a list of nine or more items, and the roman one under a chapeau that
ends with a colon: the reader decides by what came before, as a reader of the document does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from restrack.reading import resolution_front as front
from restrack.reading.errors import IngestError
from restrack.reading.numerals import letter_sequence, roman_numeral
from restrack.reading.page_furniture import PAGE_BREAK, without_page_furniture
from restrack.reading.readers import SourceDocument
from restrack.reading.text import chinese_numeral, is_cjk, join_hyphenated, join_lines, lexicon, nfkc, squeeze_spaces

# A resolution's paragraph runs to a few thousand characters; beyond this, the structure was misread.
MAX_PARAGRAPH_CHARS = 20_000

# "4." and, in Arabic documents, "4 -".
OP_RE = re.compile(r"^(?P<number>\d{1,3})(?:\s*[.．]|\s+[-–])\s*(?P<text>.*)$")
LONE_OP_RE = re.compile(r"^\d{1,3}(?:[.．]|\s+[-–])$")
# The agenda's footnote under the agenda item, which a PDF's text may put anywhere on page 1.
AGENDA_NOTE_RE = re.compile(r"^\*\s*[A-Z][A-Z0-9]{0,9}/\S+[.。]?$")
# Sub-paragraph labels: (a), (ii), a), ii), Cyrillic а), Arabic (أ), and Arabic's roman "’1‘"/"(1)".
LATIN_LABEL_RE = re.compile(
    r"^(?:\((?P<bracketed>[a-z]{1,2}|[ivxl]{1,6})\)|(?P<closed>[a-z]{1,2}|[ivxl]{1,6})\))\s*(?P<text>\S.*)?$"
)
CYRILLIC_LABEL_RE = re.compile(r"^\(?(?P<label>[а-я])\)\s*(?P<text>\S.*)?$")
ARABIC_LABEL_RE = re.compile(r"^\((?P<label>[\u0621-\u064a]{1,2})\)\s*(?P<text>\S.*)?$")
CHINESE_ROMAN_RE = re.compile(r"^\((?P<numeral>[一二三四五六七八九十]{1,3})\)\s*(?P<text>\S.*)?$")
ARABIC_ROMAN_RE = re.compile(r"^(?:[‘’'](?P<quoted>\d{1,2})[‘’']|\((?P<digits>\d{1,2})\))\s*(?P<text>\S.*)?$")
CYRILLIC_LETTERS = "абвгдежзиклмнопрстуфхцчшщэюя"
ARABIC_LETTERS = [
    "أ",
    "ب",
    "ج",
    "د",
    "هـ",
    "و",
    "ز",
    "ح",
    "ط",
    "ي",
    "ك",
    "ل",
    "م",
    "ن",
    "س",
    "ع",
    "ف",
    "ص",
    "ق",
    "ر",
    "ش",
    "ت",
    "ث",
    "خ",
    "ذ",
    "ض",
]
ROMANS = [roman_numeral(n) for n in range(1, 40)]
LETTERS = [letter_sequence(n) for n in range(1, 53)]

FOOTNOTE_LINE_RE = re.compile(r"^(?P<marker>\d{1,2})\s+(?P<text>\S.*)$")
DOCX_MARKER_RE = re.compile(r"\[\^(?P<marker>[^\]]+)\]")
CHAPEAU_END = (":", "：")
TRAILING_MARKER_RE = re.compile(r"(?<=[,;:.，。；：،؛])(?:\d{1,2}|\[\^[^\]]+\])$")
# What ends the operative part: the meeting line, an annex, an appendix.
MEETING_RE = re.compile(
    r"^(?:\d{1,3}(?:st|nd|rd|th)\s+(?:plenary\s+)?meeting|\d{1,3}e\s+séance|\d{1,3}a\s+sesión|\d{1,3}-е\s+.*заседание"
    r"|第\s*\d{1,3}\s*次(?:全体)?会议|الجلسة)",
    re.I,
)
ANNEX_RE = re.compile(
    r"^(?:Annex|Annexe|Anexo|Приложение|المرفق|附件|Appendix|Appendice|Apéndice)(?:\s+[IVX\d一二三四五六七八九十]+)?[.:]?$"
)
# What only a report's front says: the report is for import-report, not here.
REPORT_RE = re.compile(
    r"^(?:Report of the (?:Executive Director|Secretary-General)|Rapport d[ue] (?:la |l[ae] )?(?:Direct\w+ exécuti\w+|Secrétaire général)"
    r"|Informe de la Direct\w+ Ejecutiv\w+|Доклад Директора-исполнителя|تقرير المدير\w* التنفيذي\w*"
    r"|执行主任的报告|执行主任报告|秘书长的报告)$"
)
CHAPTER_RE = re.compile(r"^(?:[IVX]{1,4}\.\s+\S|[一二三四五六七八九十]+\s*、)")


@dataclass
class ParsedParagraph:
    number: str  # in the registry's form: 4, 4(a), 4(a)(i)
    text: str  # without its label


@dataclass
class ParsedResolution:
    file_name: str
    format: str
    language: str  # en, zh, fr, es, ru, ar
    kind: str  # resolution or decision
    number: str  # 2/6, 2025/3
    title: str
    symbol: str | None
    symbol_prefix: str | None  # the body's (HSP/HA, HSP/EB), from the symbol or the body named
    adoption_date: date | None
    session: front.SessionFront  # the session the front names (number, dates, place), where it does
    preamble: list[str]
    paragraphs: list[ParsedParagraph]
    footnotes: dict[str, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def reference(self) -> str:
        return f"{self.kind} {self.number}"


@dataclass
class _Item:
    number: str
    text: str
    depth: int  # 0: a paragraph, 1: a lettered sub-paragraph, 2: a roman one
    label: str = ""  # its letter or roman numeral


def parse_resolution(source: SourceDocument, *, language: str | None = None) -> ParsedResolution:
    """Read the text of one resolution or decision; IngestError when it is not one, saying what it
    looks like instead."""
    return _Reader(source, language).read()


class _Reader:
    def __init__(self, source: SourceDocument, language: str | None):
        self.source = source
        self.name = source.file_name
        self.language = language
        self.warnings: list[str] = []
        self.footnotes: dict[str, str] = {}

    # -- the whole document ----------------------------------------------------------------------

    def read(self) -> ParsedResolution:
        pages = without_page_furniture(self.source.lines)
        lines = [self._clean(text) for _number, text in pages.lines if not AGENDA_NOTE_RE.match(nfkc(text).strip())]
        lines = self._without_footnotes(lines)
        words = lexicon(lines)
        title_at = next((i for i, line in enumerate(lines) if front.title_line(line)), None)
        address_at = self._address(lines, title_at)
        front_lines = lines[: (title_at if title_at is not None else address_at)]
        self._refuse_a_report(lines, title_at)
        if title_at is None:
            raise IngestError(self._not_a_resolution(lines))
        number, title, body_at = self._title(lines, title_at, address_at, words)
        preamble, paragraphs = self._body(self._blocks(lines[body_at:], words))
        if not paragraphs:
            raise IngestError(
                f"{self.name}: found {number} ('{title[:80]}') but no operative paragraphs numbered 1., 2., … "
                "after its preamble. Check that the file holds the whole text, with its paragraph numbers "
                "(a PDF made from a scan has no text: export it again from the original)."
            )
        symbols = front.masthead_symbols(front_lines, pages.header_symbols)
        symbol = next((found for found in symbols if front.symbol_kind(found)), None)
        front_text = " ".join(lines[:body_at])
        kind = self._kind(front_lines, symbol)
        self._check_number(number, symbol)
        self._check_footnotes(preamble, paragraphs)
        return ParsedResolution(
            file_name=self.name,
            format=self.source.format,
            language=self.language or _language_of(" ".join([title, *preamble, *(p.text for p in paragraphs)])),
            kind=kind,
            number=number,
            title=title,
            symbol=symbol,
            symbol_prefix=front.symbol_prefix(symbol, front_text),
            adoption_date=_adoption_date(front_lines),
            session=front.session_front(front_lines),
            preamble=preamble,
            paragraphs=[ParsedParagraph(item.number, item.text) for item in paragraphs],
            footnotes=self.footnotes,
            warnings=self.warnings,
        )

    @staticmethod
    def _clean(raw: str) -> str:
        if raw == PAGE_BREAK:
            return raw
        text = raw.strip()
        if "\u00ad" in text[:-1]:  # a soft hyphen shows only where a line breaks
            text = text[:-1].replace("\u00ad", "") + text[-1]
        return text

    # -- footnotes -------------------------------------------------------------------------------

    def _without_footnotes(self, lines: list[str]) -> list[str]:
        """The lines without footnote bodies; the footnotes kept by marker. A DOCX gives its
        footnotes apart, its markers in the text as [^1]; in text from a PDF a footnote is a line
        opening with the next footnote's number, whose marker the text before it carries glued
        to a word ("Agenda,1"), and it runs to the page's end."""
        if self.source.footnotes:
            self.footnotes = {marker: squeeze_spaces(text) for marker, text in self.source.footnotes}
            return lines
        kept: list[str] = []
        current: str | None = None
        seen_text = ""
        for line in lines:
            if line == PAGE_BREAK or not line:
                current = None
                kept.append(line)
                continue
            match = FOOTNOTE_LINE_RE.match(nfkc(line))
            expected = str(len(self.footnotes) + 1)
            if match and match["marker"] == expected and _glued_marker(seen_text, expected) is not None:
                current = expected
                self.footnotes[current] = match["text"]
                continue
            if current is not None and not _op(line):
                self.footnotes[current] = join_lines(self.footnotes[current], line)
                continue
            current = None
            kept.append(line)
            seen_text += "\n" + line
        return kept

    def _unmarked(self, text: str) -> str:
        """`text` without its footnote markers."""
        if self.source.footnotes:
            return squeeze_spaces(DOCX_MARKER_RE.sub("", text)) if "[^" in text else text
        for marker in self.footnotes:
            at = _glued_marker(text, marker)
            if at is not None:
                text = text[:at] + text[at + len(marker) :]
        return text

    def _check_footnotes(self, preamble: list[str], paragraphs: list[_Item]) -> None:
        texts = [*preamble, *(item.text for item in paragraphs)]
        cleaned = [self._unmarked(text) for text in texts]
        preamble[:] = cleaned[: len(preamble)]
        for item, text in zip(paragraphs, cleaned[len(preamble) :], strict=True):
            item.text = text

    # -- the front -------------------------------------------------------------------------------

    def _refuse_a_report(self, lines: list[str], title_at: int | None) -> None:
        head = lines[: title_at if title_at is not None else 80]
        if any(REPORT_RE.match(nfkc(line)) for line in head) or (
            title_at is None and sum(1 for line in lines if CHAPTER_RE.match(nfkc(line))) >= 2
        ):
            raise IngestError(
                f"{self.name}: this looks like a report (it has a report's title or chapters I., II.), not a "
                "resolution or decision text. Import reports with `restrack import-report` or on the "
                "import page; a resolution text starts with its number and title, such as '2/6. Localizing "
                "the Sustainable Development Goals', then 'The UN-Habitat Assembly,'."
            )

    def _not_a_resolution(self, lines: list[str]) -> str:
        numbered = sum(1 for line in lines if _op(line))
        looks = (
            f"it has {numbered} numbered paragraph(s) but no line naming the instrument"
            if numbered
            else "it has neither a number-and-title line nor numbered operative paragraphs"
        )
        return (
            f"{self.name}: this does not look like a resolution or decision text: {looks}. A resolution "
            "text names itself on a line such as '2/6. Localizing the Sustainable Development Goals' "
            "(Chinese: '2/6. 将可持续发展目标本地化'), then addresses the body ('The UN-Habitat Assembly,') "
            "and numbers its operative paragraphs 1., 2., … Check that this is the right file."
        )

    @staticmethod
    def _address(lines: list[str], title_at: int | None) -> int | None:
        start = title_at if title_at is not None else 0
        return next((i for i in range(start, min(len(lines), start + 12)) if front.is_address(lines[i])), None)

    def _title(self, lines: list[str], title_at: int, address_at: int | None, words) -> tuple[str, str, int]:
        """The number, the title (wrapped over lines until a blank line or the address) and where
        the body starts (after the address, or the title when there is none)."""
        match = front.title_line(lines[title_at])
        title, position = match["title"].strip(), title_at + 1
        end = address_at if address_at is not None else len(lines)
        while position < end and lines[position] and lines[position] != PAGE_BREAK:
            if _starts_preamble(lines[position]) or _op(lines[position]):
                break
            title = _joined(title, lines[position], words)
            position += 1
        if address_at is None:
            self.warnings.append("No address line (such as 'The UN-Habitat Assembly,') after the title.")
        body_at = address_at + 1 if address_at is not None else position
        return match["number"], squeeze_spaces(title).rstrip("*"), body_at

    def _kind(self, front_lines: list[str], symbol: str | None) -> str:
        said = next((kind for line in front_lines if (kind := front.adopted_kind(line))), None)
        by_symbol = front.symbol_kind(symbol)
        if said and by_symbol and said != by_symbol:
            self.warnings.append(f"The text says it is a {said}, its symbol {symbol} a {by_symbol}; read as a {said}.")
        return said or by_symbol or "resolution"

    def _check_number(self, number: str, symbol: str | None) -> None:
        match = re.search(r"\.(?P<session>\d{1,4})/(?:Res|Dec)\.(?P<sequence>\d{1,3})", symbol or "", re.I)
        if match and f"{match['session']}/{match['sequence']}" != number:
            self.warnings.append(f"The title line numbers it {number}, its symbol {symbol} says otherwise.")

    # -- the body --------------------------------------------------------------------------------

    def _blocks(self, lines: list[str], words) -> list[str]:
        """The body's lines joined into its paragraphs and sub-paragraphs: a new block at a blank
        line, a paragraph number, a sub-paragraph label or a preambular opening word after a line
        that ended one; the lines of a block joined across hyphenation and line breaks."""
        blocks: list[str] = []
        open_block: str | None = None
        for line in lines:
            if not line or line == PAGE_BREAK:
                if line == "" and open_block is not None:
                    blocks.append(open_block)
                    open_block = None
                continue  # a page break does not end a paragraph: it may go on on the next page
            text = line
            starts = _op(text) or LONE_OP_RE.match(nfkc(text).strip()) or _label(text) or _ends_part(text)
            after_end = open_block is None or _ends_block(open_block)
            if open_block is not None and LONE_OP_RE.match(open_block):
                open_block = f"{open_block} {text}"
                continue
            if _ends_part(text):  # the meeting line or an annex's heading: a block of its own
                blocks += [block for block in (open_block, text) if block is not None]
                open_block = None
                continue
            if open_block is None or (starts and after_end) or (_starts_preamble(text) and after_end):
                if open_block is not None:
                    blocks.append(open_block)
                open_block = text
                continue
            open_block = _joined(open_block, text, words)
        if open_block is not None:
            blocks.append(open_block)
        return [squeeze_spaces(block) for block in blocks if block.strip()]

    def _body(self, blocks: list[str]) -> tuple[list[str], list[_Item]]:
        preamble: list[str] = []
        items: list[_Item] = []
        for block in blocks:
            if len(block) > MAX_PARAGRAPH_CHARS:
                raise IngestError(
                    f"{self.name}: a paragraph of over {MAX_PARAGRAPH_CHARS:,} characters starts '{block[:60]}…': "
                    "the paragraphs were not told apart. Check that the operative paragraphs are numbered 1., 2., …"
                )
            if _ends_part(block):
                if items:
                    break
                continue
            op = _op(block)
            if op and int(op[0]["number"]) == _next_number(items) and op[1]:
                items.append(_Item(op[0]["number"], op[1], 0))
                continue
            if not items:
                if op and int(op[0]["number"]) == 1:
                    continue  # "1." alone with nothing after it
                preamble.append(block)
                continue
            sub = self._sub_paragraph(block, items)
            if sub is not None:
                items.append(sub)
            else:
                items[-1].text = join_lines(items[-1].text, block)
        return preamble, items

    def _sub_paragraph(self, block: str, items: list[_Item]) -> _Item | None:
        """The lettered or roman sub-paragraph `block` opens, numbered under the paragraph or
        sub-paragraph it belongs to; None when it opens with no label."""
        found = _label(block)
        if found is None:
            return None
        kind, label, text = found
        paragraph = next(item for item in reversed(items) if item.depth == 0)
        letter = next((item for item in reversed(items) if item.depth == 1), None)
        if letter is not None and items.index(letter) < items.index(paragraph):
            letter = None
        if kind == "roman" or (kind == "latin" and self._is_roman(label, items, letter)):
            if letter is None:
                return _Item(f"{paragraph.number}({label})", text, 1, label) if kind == "latin" else None
            return _Item(f"{paragraph.number}({letter.label})({label})", text, 2, label)
        return _Item(f"{paragraph.number}({label})", text, 1, label)

    @staticmethod
    def _is_roman(label: str, items: list[_Item], letter: _Item | None) -> bool:
        """Whether (i), (v), (x) or (ii) is a roman sub-paragraph of the lettered one before it."""
        if label not in ROMANS or letter is None:
            return False
        last = items[-1]
        if last.depth == 2:
            return ROMANS.index(label) == ROMANS.index(last.label) + 1 or label == "i" and last.label != "i"
        expected_letter = LETTERS[LETTERS.index(letter.label) + 1] if letter.label in LETTERS else None
        if label == "i" and letter.text.rstrip().endswith(CHAPEAU_END):
            return True
        return label != expected_letter


def _joined(left: str, right: str, words) -> str:
    return join_hyphenated(left, right, words) or join_lines(left, right)


def _ends_block(text: str) -> bool:
    """Whether a block's text ends where a paragraph may end (",", ";", ":", "." and their
    full-width forms, or "; and"), a footnote marker after it aside ("…,1", "…,[^1]")."""
    return TRAILING_MARKER_RE.sub("", text.rstrip()).endswith(
        (",", ";", ":", ".", "，", "；", "：", "。", "،", "؛", " and", " or", " et", " y", " и")
    )


def _ends_part(text: str) -> bool:
    plain = nfkc(text).strip()
    return bool(MEETING_RE.match(plain) or (len(plain) <= 20 and ANNEX_RE.match(plain)))


def _next_number(items: list[_Item]) -> int:
    numbers = [int(item.number) for item in items if item.depth == 0]
    return numbers[-1] + 1 if numbers else 1


# Words that open a preambular paragraph, in each language (a capital after a comma is not enough:
# "Member States" opens lines in the middle of sentences).
PREAMBLE_OPENERS = re.compile(
    r"^(?:(?:Also|Further|Further\s+also)\s+)?(?:Recalling|Reaffirming|Noting|Welcoming|Recognizing|Acknowledging|Stressing"
    r"|Emphasizing|Underlining|Mindful|Bearing\s+in\s+mind|Taking\s+note|Taking\s+into\s+account|Concerned|Deeply\s+concerned"
    r"|Having\s+considered|Having\s+examined|Convinced|Aware|Considering|Expressing|Guided|Determined|Affirming|Appreciating"
    r"|Rappelant|Réaffirmant|Notant|Prenant\s+note|Se\s+félicitant|Considérant|Reconnaissant|Soulignant|Consciente?|Ayant\s+examiné"
    r"|Préoccupée?|Constatant|Ayant\s+à\s+l.esprit|Saluant|Accueillant|Sachant|Convaincue?|Gardant\s+à\s+l.esprit|Insistant"
    r"|Recordando|Reafirmando|Observando|Tomando\s+nota|Acogiendo|Reconociendo|Destacando|Consciente|Considerando|Habiendo\s+examinado"
    r"|Preocupad[ao]|Profundamente|Expresando|Teniendo\s+presente|Subrayando|Poniendo\s+de\s+relieve|Convencid[ao]|Celebrando|Señalando"
    r"|Ссылаясь|Напоминая|Подтверждая|Отмечая|Принимая|Приветствуя|Признавая|Подчеркивая|Сознавая|Рассмотрев|Учитывая|Выражая"
    r"|Будучи|Вновь\s+подтверждая|Особо\s+отмечая|Приняв\s+к\s+сведению"
    r"|إذ\s|وإذ\s"
    r"|又回顾|还回顾|回顾|重申|注意到|欢迎|确认|认识到|强调|铭记|关切|深为关切|审议了|意识到|深信|承认|赞赏|表示|考虑到|申明)",
    re.I,
)


def _starts_preamble(text: str) -> bool:
    return bool(PREAMBLE_OPENERS.match(text.strip()))


def _matched(pattern: re.Pattern, raw: str) -> tuple[re.Match, str] | None:
    """`pattern` matched on the NFKC form of `raw` (full-width digits and brackets), and the
    rest of `raw` after the label in its own characters (the full-width "；" stays)."""
    plain = nfkc(raw)
    match = pattern.match(plain)
    if not match or not match["text"]:
        return None
    if len(plain) == len(raw):
        return match, raw[match.start("text") :].strip()
    # The label changed length ("㈠" is "(一)"): the rest is where raw's tail normalises to it.
    rest = next((raw[at:] for at in range(min(len(raw), 12)) if nfkc(raw[at:]) == match["text"]), match["text"])
    return match, rest.strip()


def _op(text: str) -> tuple[re.Match, str] | None:
    """(the match with the paragraph's number, the text after it) of a line opening with "4."."""
    return _matched(OP_RE, text)


def _label(text: str) -> tuple[str, str, str] | None:
    """(kind, label, text) of a sub-paragraph's opening label: kind "latin" for (a)/(i)/a)/i)
    (letter or roman, decided by the reader), "letter" for a Cyrillic or Arabic letter, "roman" for
    Arabic documents' numbered sub-items; the label in Latin letters or lower-case roman."""
    if found := _matched(LATIN_LABEL_RE, text):
        return "latin", found[0]["bracketed"] or found[0]["closed"], found[1]
    found = _matched(CYRILLIC_LABEL_RE, text)
    if found and found[0]["label"] in CYRILLIC_LETTERS:
        return "letter", LETTERS[CYRILLIC_LETTERS.index(found[0]["label"])], found[1]
    found = _matched(ARABIC_LABEL_RE, text)
    if found and found[0]["label"] in ARABIC_LETTERS:
        return "letter", LETTERS[ARABIC_LETTERS.index(found[0]["label"])], found[1]
    found = _matched(CHINESE_ROMAN_RE, text)  # ㈠, (一): NFKC writes both "(一)"
    if found and chinese_numeral(found[0]["numeral"]):
        return "roman", roman_numeral(chinese_numeral(found[0]["numeral"])), found[1]
    found = _matched(ARABIC_ROMAN_RE, text)
    if found and re.search(r"[\u0600-\u06ff]", found[1]):
        return "roman", roman_numeral(int(found[0]["quoted"] or found[0]["digits"])), found[1]
    return None


def _glued_marker(text: str, marker: str) -> int | None:
    """Where footnote `marker` stands glued after a word or punctuation in `text` ("Agenda,1 "),
    not inside a number or a symbol ("1/2", "2030"); None if it does not."""
    for match in re.finditer(
        rf"(?<=[^\W\d_]|[,;:.，。；：”’)）》」』])({re.escape(marker)})(?!\d)(?=\s|$|[^\x00-\x7f])", text
    ):
        before = text[: match.start()]
        if before.endswith(".") and before[-2:-1].isdigit():
            continue
        return match.start()
    return None


def _adoption_date(front_lines: list[str]) -> date | None:
    """The date of the line saying who adopted the text, which may wrap onto the next line (or
    start on the line before: "联合国人居大会 2023 年" / "6 月 9 日通过的决议")."""
    for position, line in enumerate(front_lines):
        if front.adopted_kind(line) or (
            position + 1 < len(front_lines) and front.adopted_kind(_joined(line, front_lines[position + 1], ()))
        ):
            around = _joined(
                _joined(front_lines[position - 1] if position else "", line, ()),
                front_lines[position + 1] if position + 1 < len(front_lines) else "",
                (),
            )
            found = front.find_date(line) or front.find_date(around)
            if found:
                return found
    return None


def _language_of(text: str) -> str:
    counts = {
        "zh": sum(1 for char in text if is_cjk(char)),
        "ar": len(re.findall(r"[\u0600-\u06ff]", text)),
        "ru": len(re.findall(r"[\u0400-\u04ff]", text)),
    }
    best = max(counts, key=counts.get)
    if counts[best] > len(text) / 10:
        return best
    words = re.findall(r"[a-zà-ÿ]+", text.lower())
    scores = {
        language: sum(1 for word in words if word in stopwords)
        for language, stopwords in (
            ("en", {"the", "of", "and", "to", "in", "its", "with", "for"}),
            ("fr", {"le", "la", "les", "des", "du", "et", "en", "aux", "sur"}),
            ("es", {"el", "la", "los", "las", "del", "y", "en", "con", "su"}),
        )
    }
    return max(scores, key=scores.get)
