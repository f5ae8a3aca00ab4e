"""Reading the facts out of one report paragraph: which operative paragraphs, instruments, Board
decisions and documents it cites, its links, dates, amounts and partners, what it announces for
a date ("commitments"), and whether it says that lack of money holds the work back.

Chinese and English go through the same code: the text is normalised once (see
`restrack.reading.gazetteer.normalise`: NFKC, no whitespace next to CJK characters, other
whitespace runs collapsed), every pattern runs over the normalised text whatever the paragraph's
language, and `text` spans are mapped back to the input as they appear there.

Conventions worth knowing:
- A date without a year ("5 月 14 日") takes the latest year written earlier in the paragraph,
  else the report's year; "年底"/"the end of the year" is the report year's December.
- A range ("2024 年 12 月 9 日至 11 日") yields both ends. A span of years ("2020–2023 年期间",
  "2026–2029") names a period, not a date, and yields nothing. Years inside book titles
  (《2030 年可持续发展议程》) are names and yield nothing.
- A commitment is a date governed by a future marker (将于, 预计, 计划于, will, expected, by ...)
  in the same sentence; its due date is the end of a range. A date that opens its sentence
  ("In 2025, UN-Habitat will convene ...", "2025 年，人居署将 ...") governs the sentence's marker.
- A month without a year after a preposition ("in June", "by March") takes the year as above.
- A date said to come back every year ("每年 11 月 25 日", "every year on 31 October") is
  recurring: its commitment says `"recurring": "annual"` and its due date is only the occurrence
  in the year the paragraph speaks of, not a deadline.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from restrack.reading.gazetteer import Gazetteer, NormalisedText, normalise
from restrack.reading.report import ParagraphFacts


@dataclass
class ExtractionContext:
    language: str  # "zh" or "en"; informative only: the patterns of both run on every text
    instrument: str | None  # the section's: "resolution 2/6", "decision 1/3"; None in the intro
    report_year: int | None  # the Board meeting's year (2024), for dates written without one
    gazetteer: Gazetteer


def extract_facts(text: str, context: ExtractionContext) -> ParagraphFacts:
    normalised = normalise(text)
    mentions = _instrument_mentions(normalised)
    dates = _find_dates(normalised, context)
    return ParagraphFacts(
        op_refs=_find_op_refs(normalised, context, mentions),
        instrument_refs=_unique((mention.instrument, mention.text) for mention in mentions),
        board_decisions=_find_board_decisions(normalised),
        symbols=_find_symbols(normalised),
        urls=_find_urls(normalised),
        dates=_unique_dates(dates),
        amounts=_find_amounts(normalised),
        entities=context.gazetteer.find(normalised),
        commitments=_find_commitments(normalised, dates),
        funding_constraint=bool(_FUNDING_CONSTRAINT.search(normalised.text)),
    )


def _unique(pairs: Iterable[tuple[str, str]]) -> list[dict]:
    """[{"instrument": key, "text": text}] for the first occurrence of each key."""
    seen: dict[str, str] = {}
    for key, text in pairs:
        seen.setdefault(key, text)
    return [{"instrument": key, "text": text} for key, text in seen.items()]


# --- Assembly instruments and Board decisions -----------------------------------------------------

# Assembly instruments are numbered <session>/<n> with a one-digit session (2/6, 1/3); Board
# decisions <year>/<n> (2023/6). The look-arounds keep "2/10" whole and "71/256" (a General
# Assembly resolution) and "2023/6" out.
_ASSEMBLY_NUMBER = r"(?<![\d/.])\d/\d{1,2}(?![\d/])"
_BOARD_NUMBER = r"(?<![\d/.])(?:19|20)\d{2}/\d{1,3}(?![\d/])"
_ZH_LIST_SEPARATOR = r"号?(?:和|及|与|、|,\s*)第?"  # "第 2/6 号和第 2/7 号决议", "第 2/6、2/7 号决议"
_EN_LIST_SEPARATOR = r"\s*(?:,\s*and|,|and|&)\s+"

_ZH_INSTRUMENT = re.compile(
    rf"第(?P<numbers>{_ASSEMBLY_NUMBER}(?:{_ZH_LIST_SEPARATOR}{_ASSEMBLY_NUMBER})*)号(?P<kind>决议|决定)"
)
_EN_INSTRUMENT = re.compile(
    rf"\b(?P<kind>[Rr]esolution|[Dd]ecision)s?\s+"
    rf"(?P<numbers>{_ASSEMBLY_NUMBER}(?:{_EN_LIST_SEPARATOR}{_ASSEMBLY_NUMBER})*)",
    re.ASCII,
)
_ZH_BOARD_DECISION = re.compile(rf"(?P<numbers>{_BOARD_NUMBER}(?:{_ZH_LIST_SEPARATOR}{_BOARD_NUMBER})*)号决定")
_EN_BOARD_DECISION = re.compile(
    rf"\b[Dd]ecisions?\s+(?P<numbers>{_BOARD_NUMBER}(?:{_EN_LIST_SEPARATOR}{_BOARD_NUMBER})*)", re.ASCII
)
_ZH_KINDS = {"决议": "resolution", "决定": "decision"}


@dataclass(frozen=True)
class _Mention:
    instrument: str  # "resolution 2/6"
    text: str  # as in the input
    start: int  # in normalised text


def _instrument_kind(word: str) -> str:
    return _ZH_KINDS.get(word) or word.lower()


def _instrument_mentions(normalised: NormalisedText) -> list[_Mention]:
    """Every Assembly resolution or decision cited by number, in order of appearance."""
    mentions = []
    for pattern in (_ZH_INSTRUMENT, _EN_INSTRUMENT):
        for match in pattern.finditer(normalised.text):
            kind = _instrument_kind(match["kind"])
            text = normalised.original(*match.span())
            for number in re.findall(_ASSEMBLY_NUMBER, match["numbers"]):
                mentions.append(_Mention(f"{kind} {number}", text, match.start()))
    return sorted(mentions, key=lambda mention: mention.start)


def _find_board_decisions(normalised: NormalisedText) -> list[str]:
    found = []
    for pattern in (_ZH_BOARD_DECISION, _EN_BOARD_DECISION):
        for match in pattern.finditer(normalised.text):
            numbers = re.findall(_BOARD_NUMBER, match["numbers"])
            found.extend((match.start(), number) for number in numbers)
    return list(dict.fromkeys(number for _start, number in sorted(found)))


# --- Operative paragraph references ----------------------------------------------------------------

# A paragraph number with optional sub-paragraph letter and roman sub-sub-paragraph: 4, 4 (a),
# 4 (a) (i). In a list, later items may give only the sub-paragraph: "第 4 (a) 和 (b) 段".
_SUBPARAGRAPHS = r"(?:\s*\([a-z]\))?(?:\s*\([ivx]+\))?"
_FIRST_ITEM = rf"\d{{1,3}}{_SUBPARAGRAPHS}"
_ITEM = rf"(?:\d{{1,3}}{_SUBPARAGRAPHS}|\([a-z]\)(?:\s*\([ivx]+\))?|\([ivx]+\))"
_ITEM_RE = re.compile(_ITEM)
_ZH_ITEMS = rf"{_FIRST_ITEM}(?:\s*(?:和|及|与|、|,|至|到|~|[-–—])\s*第?\s*{_ITEM})*"
_EN_ITEMS = rf"{_FIRST_ITEM}(?:\s*(?:,\s*and|,|and|to|through|[-–—])\s*{_ITEM})*"
_RANGE_WORD = re.compile(r"至|到|~|[-–—]|\bto\b|\bthrough\b")
_MAX_RANGE = 50  # "第 3 至 5 段" expands; a typo such as "3 至 500" must not produce 500 refs

# "第 2/6 号决议第 4 (a)段", "该决议第 8 段", "第 7段". "第十二届" has no digits and "第 2023/6 号决定"
# no 段, so neither can match.
_ZH_OP = re.compile(
    rf"(?:(?:第(?P<number>{_ASSEMBLY_NUMBER})号(?P<kind>决议|决定)"
    rf"|(?P<anaphor>(?:该|本|上述)(?P<anaphor_kind>决议|决定)))(?:的|中)?)?"
    rf"第\s*(?P<items>{_ZH_ITEMS})\s*段"
)
# A bare "第 n 段" right after one of these is a paragraph of something else: a Board decision,
# a document, a titled text (《新城市议程》第 15 段), a symbol, or this report (上文第 12 段).
_ZH_OTHER_OWNER = re.compile(r"(?:》|号决定|号文件|议程|宣言|公约|协定|报告|上文|下文|[A-Za-z0-9/.])$")

# "paragraph 4 (a) of resolution 2/6", "paragraphs 3 and 4 of the resolution", "pursuant to
# paragraph 7"; "paragraph 49 of HSP/EB.2024/20" or "paragraph 5 above" are not OPs (other_owner).
_EN_OP = re.compile(
    rf"\b(?:[Oo]perative\s+)?[Pp]aragraphs?\s+(?P<items>{_EN_ITEMS})"
    rf"(?:\s+of\s+(?:the\s+)?(?:UN-Habitat\s+)?(?:Assembly\s+)?"
    rf"(?P<kind>resolution|decision)\s+(?P<number>{_ASSEMBLY_NUMBER})"
    rf"|\s+of\s+(?P<anaphor>(?:the|that|this)\s+(?:same\s+)?(?P<anaphor_kind>resolution|decision))\b"
    rf"|(?P<other_owner>\s+(?:of|above|below)\b))?",
    re.ASCII,
)
# The public tracker's "(OP3, 4)"; refers to the instrument just named, else the section's.
_EN_OP_SHORT = re.compile(
    rf"\bOPs?\s*(?P<items>{_FIRST_ITEM}(?:\s*(?:,|and|&|[-–—])\s*(?:OPs?\s*)?{_ITEM})*)", re.ASCII
)


def _paragraph_labels(items: str) -> list[str]:
    """ "3 和第 4" → ["3", "4"]; "3 至 5" → ["3", "4", "5"]; "4 (a) 和 (b)" → ["4(a)", "4(b)"]."""
    labels: list[str] = []
    previous_end = 0
    for match in _ITEM_RE.finditer(items):
        label = re.sub(r"\s+", "", match.group())
        if not label[0].isdigit() and labels:
            label = _inherit_parent(labels[-1], label)
        if not label[0].isdigit():
            continue
        previous = labels[-1] if labels else None
        is_range = _RANGE_WORD.search(items[previous_end : match.start()])
        if is_range and previous and previous.isdigit() and label.isdigit():
            labels.extend(str(number) for number in range(int(previous) + 1, int(label))[:_MAX_RANGE])
        labels.append(label)
        previous_end = match.end()
    return labels


def _inherit_parent(previous: str, label: str) -> str:
    """ "(b)" after "4(a)" is "4(b)"; "(ii)" after "4(a)(i)" is "4(a)(ii)"."""
    parent = re.match(r"\d+(?:\([a-z]\))?", previous).group()
    if re.fullmatch(r"\([a-z]\)(?:\([ivx]+\))?", label):
        return re.match(r"\d+", parent).group() + label
    return parent + label


def _last_mention(mentions: list[_Mention], before: int, kind: str) -> str | None:
    """The instrument of `kind` ("resolution", "decision" or "" for any) named last before `before`."""
    preceding = [
        mention.instrument for mention in mentions if mention.start < before and mention.instrument.startswith(kind)
    ]
    return preceding[-1] if preceding else None


def _find_op_refs(normalised: NormalisedText, context: ExtractionContext, mentions: list[_Mention]) -> list[dict]:
    """Explicit refs name their instrument; "该决议"/"the resolution"/"OP" refer to the instrument
    named last before them, else the section's; bare "第 7 段"/"paragraph 7" to the section's."""
    text = normalised.text
    refs: list[tuple[int, str, str, str]] = []  # (start, instrument, paragraph, text)

    def add(match: re.Match, instrument: str | None) -> None:
        if instrument:
            span = normalised.original(*match.span())
            labels = _paragraph_labels(match["items"])
            refs.extend((match.start(), instrument, label, span) for label in labels)

    for match in _ZH_OP.finditer(text):
        if match["number"]:
            add(match, f"{_instrument_kind(match['kind'])} {match['number']}")
        elif match["anaphor"]:
            kind = _instrument_kind(match["anaphor_kind"])
            add(match, _last_mention(mentions, match.start(), kind) or context.instrument)
        elif not _ZH_OTHER_OWNER.search(text[max(0, match.start() - 4) : match.start()]):
            add(match, context.instrument)
    for match in _EN_OP.finditer(text):
        if match["number"]:
            add(match, f"{match['kind']} {match['number']}")
        elif match["anaphor"]:
            add(match, _last_mention(mentions, match.start(), match["anaphor_kind"]) or context.instrument)
        elif not match["other_owner"]:
            add(match, context.instrument)
    for match in _EN_OP_SHORT.finditer(text):
        add(match, _last_mention(mentions, match.start(), "") or context.instrument)

    unique: dict[tuple[str, str], str] = {}
    for _start, instrument, paragraph, span in sorted(refs, key=lambda ref: ref[0]):
        unique.setdefault((instrument, paragraph), span)
    return [
        {"instrument": instrument, "paragraph": paragraph, "text": span}
        for (instrument, paragraph), span in unique.items()
    ]


# --- Document symbols and links --------------------------------------------------------------------

# UN symbols: a capitalised body, then slash-separated parts, at least one digit somewhere:
# HSP/EB.2024/INF/15, A/RES/71/256, HSP/HA.2/Res.1. Not preceded by "/" or a letter, so the
# symbol part of a URL (undocs.org/zh/HSP/...) is left to the URL.
_SYMBOL = re.compile(r"(?<![A-Za-z0-9./-])[A-Z]{1,6}(?:/[A-Za-z0-9][A-Za-z0-9.-]*)+", re.ASCII)
# A URL runs over printable ASCII; it stops at whitespace and at CJK text, including full-width
# punctuation (so URLs are read from the input, where "）；" are still full-width).
_URL = re.compile(r"https?://[!-~]+", re.ASCII)
_URL_TRAILING = ".,;:!?'\"]}>"


def _find_symbols(normalised: NormalisedText) -> list[str]:
    found = []
    for match in _SYMBOL.finditer(normalised.text):
        symbol = match.group().rstrip(".-")
        if any(char.isdigit() for char in symbol) and "/" in symbol:
            found.append(symbol)
    return list(dict.fromkeys(found))


def _find_urls(normalised: NormalisedText) -> list[str]:
    found = []
    for match in _URL.finditer(normalised.source):
        url = match.group()
        while url and (url[-1] in _URL_TRAILING or _unbalanced_bracket(url)):
            url = url[:-1]
        found.append(url)
    return list(dict.fromkeys(found))


def _unbalanced_bracket(url: str) -> bool:
    """A final ")" closes the sentence's bracket unless the URL opened one (Wikipedia-style)."""
    return url.endswith(")") and url.count("(") < url.count(")")


# --- Dates -------------------------------------------------------------------------------------

_YEAR = r"(?:19|20)\d{2}"
_MONTH_NAMES = {
    name: number
    for number, names in enumerate(
        [
            ("January", "Jan"),
            ("February", "Feb"),
            ("March", "Mar"),
            ("April", "Apr"),
            ("May",),
            ("June", "Jun"),
            ("July", "Jul"),
            ("August", "Aug"),
            ("September", "Sept", "Sep"),
            ("October", "Oct"),
            ("November", "Nov"),
            ("December", "Dec"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = "(?:" + "|".join(sorted(_MONTH_NAMES, key=len, reverse=True)) + r")\b\.?"
_QUARTERS = {
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "1": 1,
    "2": 2,
    "3": 3,
    "4": 4,
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "1st": 1,
    "2nd": 2,
    "3rd": 3,
    "4th": 4,
}
_ZH_SEPARATOR = r"(?:至|到|和|、|~|[-–—])"
_CJK = r"[\u3000-\u303f\u3400-\u9fff\uf900-\ufaff]"  # ideographs and CJK punctuation
_EN_SEPARATOR = r"\s*(?:-|–|—|to|and)\s*"

# Every pattern names its one or two dates p1 and p2, with y/m/d/q/end parts numbered alike.
# Candidates from all patterns compete; the longest at the leftmost position wins, so
# "2024 年 12 月 9 日至 11 日" beats "2024 年 12 月" and "2024 年", and Chinese "2024 年" beats
# the English bare year "2024" inside it.
_ZH_DAY = r"(?:(?P<y{n}>\d{{4}})年)?(?P<m{n}>\d{{1,2}})月(?P<d{n}>\d{{1,2}})[日号]"
_ZH_MONTH = r"(?:(?P<y{n}>\d{{4}})年)?(?P<m{n}>\d{{1,2}})月(?!\d)"
_DATE_PATTERNS = [
    # 2024 年 12 月 9 日至 11 日; 2020 年 3 月 31 日至 4 月 2 日; 11 月 19 日和 20 日
    rf"(?<!\d)(?P<p1>{_ZH_DAY.format(n=1)}){_ZH_SEPARATOR}"
    rf"(?P<p2>(?:(?:(?P<y2>\d{{4}})年)?(?P<m2>\d{{1,2}})月)?(?P<d2>\d{{1,2}})[日号])",
    rf"(?<!\d)(?P<p1>{_ZH_DAY.format(n=1)})",
    # 2024 年 5 月至 6 月; 2019 年 11 月和 12 月
    rf"(?<!\d)(?P<p1>{_ZH_MONTH.format(n=1)}){_ZH_SEPARATOR}(?P<p2>{_ZH_MONTH.format(n=2)})",
    rf"(?<!\d)(?P<p1>{_ZH_MONTH.format(n=1)})",
    # 2024 年第四季度
    r"(?<!\d)(?P<p1>(?:(?P<y1>\d{4})年)?第(?P<q1>[一二三四1-4])季度)",
    # 2024 年底前, 2024 年年底, 年底前 (the report year), 今年年底
    r"(?<!\d)(?P<p1>(?:(?P<y1>\d{4})年年?|今年年?|本年年?|年)(?P<end1>[底末])(?:之?前)?)",
    # 2024 年, 2050年前 (not 1990年代)
    rf"(?<![\d./-])(?P<p1>(?P<y1>{_YEAR})年)(?!代)",
    # 9–11 December 2024; 31 March–2 April 2020; 9 and 11 December
    rf"(?<![\w.])(?P<p1>(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?(?:\s+(?P<y1>{_YEAR}))?)"
    rf"{_EN_SEPARATOR}(?P<p2>(?P<d2>\d{{1,2}})\s+(?P<m2>{_MONTH})(?:,?\s+(?P<y2>{_YEAR}))?)",
    rf"(?<![\w.])(?P<p1>(?P<d1>\d{{1,2}})\s+(?P<m1>{_MONTH})(?:,?\s+(?P<y1>{_YEAR}))?)",
    # May 14, 2024
    rf"\b(?P<p1>(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,\s+(?P<y1>{_YEAR}))",
    # May to June 2024; May–June 2024
    rf"\b(?P<p1>(?P<m1>{_MONTH})(?:\s+(?P<y1>{_YEAR}))?)"
    rf"{_EN_SEPARATOR}(?P<p2>(?P<m2>{_MONTH})\s+(?P<y2>{_YEAR}))",
    rf"\b(?P<p1>(?P<m1>{_MONTH})\s+(?P<y1>{_YEAR}))(?!\d)",
    # in June; by March (a month name alone after a preposition, so that the verb "May" and
    # names like "March for Cities" stay words; "June 2025" and "5 June" are matched above)
    r"(?:(?<=\bin\s)|(?<=\bIn\s)|(?<=\bby\s)|(?<=\bBy\s)|(?<=\bduring\s)|(?<=\buntil\s)|(?<=\bbefore\s)|(?<=\bsince\s)"
    r"|(?<=\bfrom\s)|(?<=\bearly\s)|(?<=\blate\s)|(?<=\bmid-))"
    rf"(?P<p1>(?P<m1>{_MONTH}))(?!\s*,?\s*\d)",
    # the fourth quarter of 2024; Q4 2024
    rf"\b(?P<p1>(?:the\s+)?(?P<q1>(?i:first|second|third|fourth)|1st|2nd|3rd|4th)\s+quarter"
    rf"(?:\s+of\s+(?P<y1>{_YEAR}))?)",
    rf"\b(?P<p1>Q(?P<q1>[1-4])\s*(?P<y1>{_YEAR}))",
    # the end of 2024; the end of the year; year-end
    rf"\b(?P<p1>(?:the\s+)?(?P<end1>end)\s+of\s+(?:(?P<y1>{_YEAR})|(?:the|this)\s+year)"
    rf"|(?P<end_word1>year-end))",
    # 2024 (not in symbols, URLs or "2030 Agenda"). A Chinese year always has 年, so digits
    # touching Chinese text are something else: 地方2030联盟 (Local2030).
    rf"(?<![\w./-]|{_CJK})(?P<p1>(?P<y1>{_YEAR}))(?![\w/]|\s+Agenda|{_CJK})",
]
_DATE_RES = [re.compile(pattern, re.ASCII) for pattern in _DATE_PATTERNS]
# What each pattern cannot match without, in the order of _DATE_PATTERNS: a pattern is tried only
# on text holding one of its literals (MONTH: an English month name), so a Chinese paragraph is not
# scanned by the English patterns nor an English one by the Chinese (a third of reading a report).
_MONTH_RE = re.compile(_MONTH, re.ASCII)
_MONTH_NAMED = "MONTH"
_DATE_NEEDS: list[tuple[str, ...]] = [
    ("月",),
    ("月",),
    ("月",),
    ("月",),
    ("季度",),
    ("底", "末"),
    ("年",),
    (_MONTH_NAMED,),
    (_MONTH_NAMED,),
    (_MONTH_NAMED,),
    (_MONTH_NAMED,),
    (_MONTH_NAMED,),
    (_MONTH_NAMED,),
    ("quarter",),
    ("Q",),
    ("end",),
    (),  # a bare year: digits are too common to be worth a test
]
assert len(_DATE_NEEDS) == len(_DATE_RES)
# A span of years is a period, not a date: "2020–2023 年期间", "2026–2029", "2019 to 2023".
_YEAR_SPAN = re.compile(rf"(?<![\w./-]){_YEAR}年?\s*(?:[-–—~至到]|to)\s*{_YEAR}年?(?![\w/])", re.ASCII)
# Book titles are names: 《2030 年可持续发展议程》, 《2024 年世界智慧城市展望》.
_TITLE = re.compile(r"《[^《》]*》")


@dataclass
class _Date:
    value: str
    start: int  # normalised span of this date's own text
    end: int
    text: str
    mention: int  # dates of one range share a mention number


@dataclass
class _Part:
    """One date as written, before a missing year or month is filled in."""

    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    quarter: int | None = None
    year_end: bool = False


def _find_dates(normalised: NormalisedText, context: ExtractionContext) -> list[_Date]:
    text = normalised.text
    titles = [match.span() for match in _TITLE.finditer(text)]
    candidates = [(match.start(), match.end(), None) for match in _YEAR_SPAN.finditer(text)]
    named_month = None
    for pattern, needs in zip(_DATE_RES, _DATE_NEEDS, strict=True):
        if needs == (_MONTH_NAMED,):
            if named_month is None:
                named_month = _MONTH_RE.search(text) is not None
            if not named_month:
                continue
        elif needs and not any(literal in text for literal in needs):
            continue
        candidates.extend((match.start(), match.end(), match) for match in pattern.finditer(text))
    dates: list[_Date] = []
    recent_year = None
    for mention, (_start, _end, match) in enumerate(_leftmost_longest(candidates)):
        if match is None or any(start <= match.start() < end for start, end in titles):
            continue
        parts = _parts(match)
        for part in parts:
            value = _date_value(part, recent_year, context.report_year)
            if value:
                text_as_written = normalised.original(part.start, part.end)
                dates.append(_Date(value, part.start, part.end, text_as_written, mention))
        explicit_years = [part.year for part in parts if part.year]
        if explicit_years:
            recent_year = explicit_years[-1]
    return dates


_Candidate = tuple[int, int, re.Match | None]  # (start, end, match); without a match it only consumes


def _leftmost_longest(candidates: list[_Candidate]) -> Iterator[_Candidate]:
    """Non-overlapping candidates, preferring the earliest start, then the longest."""
    position = 0
    for start, end, match in sorted(candidates, key=lambda candidate: (candidate[0], -candidate[1])):
        if start >= position:
            yield start, end, match
            position = end


def _parts(match: re.Match) -> list[_Part]:
    """The one or two dates of a match, each completed from the other ("9 日至 11 日" of
    "12 月"; "31 March–2 April 2020" takes its year from the end)."""
    groups = match.groupdict()
    parts = []
    for n in (1, 2):
        if groups.get(f"p{n}") is None:
            continue
        quarter = groups.get(f"q{n}")
        parts.append(
            _Part(
                *match.span(f"p{n}"),
                year=_int(groups.get(f"y{n}")),
                month=_month(groups.get(f"m{n}")),
                day=_int(groups.get(f"d{n}")),
                quarter=_QUARTERS.get(quarter.lower()) if quarter else None,
                year_end=bool(groups.get(f"end{n}") or groups.get(f"end_word{n}")),
            )
        )
    if len(parts) == 2:
        first, second = parts
        for missing, other in ((first, second), (second, first)):
            if missing.day and not missing.month:
                missing.month = other.month
            if not missing.year:
                missing.year = other.year
    return parts


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _month(value: str | None) -> int | None:
    if not value:
        return None
    return int(value) if value.isdigit() else _MONTH_NAMES[value.rstrip(".")]


def _date_value(part: _Part, recent_year: int | None, report_year: int | None) -> str | None:
    """YYYY-MM-DD, YYYY-MM, YYYY-Qn or YYYY; None for impossible dates or an unknown year."""
    if part.year_end:
        year = part.year or report_year
        return f"{year}-12" if year else None
    year = part.year or recent_year or report_year
    if not year:
        return None
    if part.quarter:
        return f"{year}-Q{part.quarter}"
    if part.month and not 1 <= part.month <= 12:
        return None
    if part.day:
        try:
            return date(year, part.month, part.day).isoformat()
        except (TypeError, ValueError):
            return None
    if part.month:
        return f"{year}-{part.month:02d}"
    return str(year)


def _unique_dates(dates: list[_Date]) -> list[dict]:
    """Each value once, with the text of its first mention."""
    unique: dict[str, str] = {}
    for found in dates:
        unique.setdefault(found.value, found.text)
    return [{"value": value, "text": text} for value, text in unique.items()]


# --- Amounts of money --------------------------------------------------------------------------

# Digits with optional thousands separators (a space in Chinese UN text: "2 400"; a comma in
# English) and decimals.
_NUMBER = r"(?<![\d.,])(?P<number>\d{1,3}(?:[ ,]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
_ZH_CURRENCIES = {
    "美元": "USD",
    "欧元": "EUR",
    "英镑": "GBP",
    "日元": "JPY",
    "瑞士法郎": "CHF",
    "人民币": "CNY",
}
_EN_CURRENCIES = {
    "US$": "USD",
    "$": "USD",
    "USD": "USD",
    "United States dollars": "USD",
    "US dollars": "USD",
    "dollars": "USD",
    "EUR": "EUR",
    "€": "EUR",
    "euros": "EUR",
    "euro": "EUR",
    "GBP": "GBP",
    "£": "GBP",
    "CHF": "CHF",
    "Swiss francs": "CHF",
}
_ZH_MULTIPLIERS = {
    "万亿": 10**12,
    "十亿": 10**9,
    "亿": 10**8,
    "千万": 10**7,
    "百万": 10**6,
    "万": 10**4,
    "千": 10**3,
}
_EN_MULTIPLIERS = {
    "trillion": 10**12,
    "billion": 10**9,
    "bn": 10**9,
    "million": 10**6,
    "m": 10**6,
    "thousand": 10**3,
    "k": 10**3,
    "K": 10**3,
}
_MULTIPLIERS = {**_ZH_MULTIPLIERS, **_EN_MULTIPLIERS}


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


_APPROXIMATELY = (
    r"(?:约|大约|近|逾|超过|将近"
    r"|(?:approximately|about|around|some|nearly|almost|over|more\s+than)\s+)?"
)
# Only numbers with a currency are money: "5 亿生活在贫民窟...的儿童" is 500 million children.
_AMOUNT_RES = [
    # 约 2 400 万美元
    re.compile(
        rf"{_APPROXIMATELY}{_NUMBER}\s*(?P<multiplier>{_alternation(_ZH_MULTIPLIERS)})?"
        rf"\s*(?P<currency>{_alternation(_ZH_CURRENCIES)})"
    ),
    # $24 million, US$ 1.5 billion, USD 24,000,000, $1,858K
    re.compile(
        rf"{_APPROXIMATELY}(?P<currency>US\$|\$|USD|EUR|€|GBP|£|CHF)\s?{_NUMBER}"
        rf"(?:\s?(?P<multiplier>thousand|million|billion|trillion|bn|[mkK])\b)?",
        re.ASCII,
    ),
    # 24 million United States dollars
    re.compile(
        rf"{_APPROXIMATELY}{_NUMBER}(?:\s(?P<multiplier>thousand|million|billion|trillion))?"
        rf"\s(?P<currency>United States dollars|US dollars|dollars|USD|euros?|EUR|Swiss francs|CHF|GBP)\b",
        re.ASCII,
    ),
]


# Every currency the patterns above name contains one of these: text without any holds no amount.
_CURRENCY_LITERALS = (*_ZH_CURRENCIES, "$", "USD", "EUR", "€", "GBP", "£", "CHF", "dollars", "euro", "francs")


def _find_amounts(normalised: NormalisedText) -> list[dict]:
    if not any(literal in normalised.text for literal in _CURRENCY_LITERALS):
        return []
    candidates = []
    for pattern in _AMOUNT_RES:
        matches = pattern.finditer(normalised.text)
        candidates.extend((match.start(), match.end(), match) for match in matches)
    amounts = []
    for start, end, match in _leftmost_longest(candidates):
        number = Decimal(re.sub(r"[ ,]", "", match["number"]))
        value = number * _MULTIPLIERS.get(match["multiplier"] or "", 1)
        currency = _ZH_CURRENCIES.get(match["currency"]) or _EN_CURRENCIES[match["currency"]]
        text = normalised.original(start, end)
        amounts.append({"value": _plain_number(value), "currency": currency, "text": text})
    return amounts


def _plain_number(number: Decimal) -> int | str:
    """24000000 when whole, else the decimal as a string ("1.25")."""
    if number == number.to_integral_value():
        return int(number)
    return format(number.normalize(), "f")


# --- Commitments -------------------------------------------------------------------------------

# Sentences end at 。；; ! ? and at ". " (after NFKC, "；" is ";").
_SENTENCE_END = re.compile(r"[。;!?]|\.(?=\s|$)")
# Words that put what follows in the future. 将 also marks a fronted object (将数据用于…,
# "use the data for"), so it counts only before a preposition or a verb of doing;
# 计划 and 拟 are nouns/verbs too (战略计划, 开发计划署, 拟定), so only 计划于 / 拟于 etc. count.
_FUTURE = re.compile(
    r"预计|即将|目标是|力争|争取|定于|有望|计划(?=于|在|将|到|至|今年|明年)|拟(?=于|在|将)"
    r"|将(?=于|在|至迟|不迟|会|要|由|与|向|为|继续|进一步|全面|举行|启动|推出|发布|发出|提交|召开|提供|开展"
    r"|制定|编写|完成|投入|分享|介绍|设立|建立|组织|通过|成为|作为|得到|被)"
    r"|\b(?:will|shall|expected|expects?|planned|plans?\s+to|scheduled|intends?\s+to|aims?\s+to"
    r"|to\s+be|is\s+due|are\s+due|upcoming|forthcoming)\b",
    re.ASCII | re.IGNORECASE,
)
# Deadlines count only directly before a date ("by November 2024", "至迟于 2024 年 10 月 28 日")
# and not in past narrative ("was completed by May 2024", "已邀请会员国至迟于…").
_DEADLINE = re.compile(r"\bby\b|\b(?:no|not)\s+later\s+than\b|至迟于?|不迟于", re.ASCII | re.IGNORECASE)
_PAST = re.compile(r"\b(?:was|were|had|has\s+been|have\s+been)\b|已|曾|了", re.ASCII | re.IGNORECASE)
_PAST_REACH = 20  # characters before a deadline word searched for a past marker
_FUTURE_REACH = 60  # characters from a future marker to the date it governs
_ADJACENT = 2  # "2024 年第四季度将发出": a date right before the marker is its date


@dataclass
class _Mentioned:
    """The dates of one mention (a range has two); due is the end of the range."""

    start: int
    end: int
    due: str


def _find_commitments(normalised: NormalisedText, dates: list[_Date]) -> list[dict]:
    text = normalised.text
    mentions = _date_mentions(dates)
    commitments: dict[tuple[str, str], bool] = {}
    for sentence_start, sentence_end in _sentences(text):
        in_sentence = [mention for mention in mentions if sentence_start <= mention.start < sentence_end]
        if not in_sentence:
            continue
        sentence = _sentence_text(normalised, sentence_start, sentence_end)
        for mention in _committed(text, sentence_start, sentence_end, in_sentence):
            commitments[(mention.due, sentence)] = _recurring(text, mention, sentence_start, sentence_end)
    return [
        {"due": due, "text": sentence, **({"recurring": "annual"} if recurring else {})}
        for (due, sentence), recurring in commitments.items()
    ]


def _date_mentions(dates: list[_Date]) -> list[_Mentioned]:
    mentions: dict[int, _Mentioned] = {}
    for found in dates:
        mention = mentions.get(found.mention)
        if mention is None:
            mentions[found.mention] = _Mentioned(found.start, found.end, found.value)
        else:
            mention.end, mention.due = found.end, found.value
    return list(mentions.values())


def _sentences(text: str) -> Iterator[tuple[int, int]]:
    start = 0
    for match in _SENTENCE_END.finditer(text):
        yield start, match.start()
        start = match.end()
    if start < len(text):
        yield start, len(text)


def _sentence_text(normalised: NormalisedText, start: int, end: int) -> str:
    """The sentence as in the input, without surrounding spaces or a stray closing bracket
    left over from "（详情见…号文件。）"."""
    return normalised.original(start, end).strip().lstrip(")）").strip()


def _committed(text: str, start: int, end: int, mentions: list[_Mentioned]) -> Iterator[_Mentioned]:
    """The date mentions a future marker or a deadline word governs in text[start:end]."""
    fronted = _fronted(text, start, mentions)
    for marker in _FUTURE.finditer(text, start, end):
        before = [mention for mention in mentions if 0 <= marker.start() - mention.end <= _ADJACENT]
        after = [mention for mention in mentions if 0 <= mention.start - marker.end() <= _FUTURE_REACH]
        if before:
            yield before[-1]
        elif after:
            yield after[0]
        elif fronted is not None and fronted.end <= marker.start() and not _CONTINUING.match(text, marker.end()):
            yield fronted  # "2024 年，人居署将继续…" carries on work: the year is no deadline for it
    for deadline in _DEADLINE.finditer(text, start, end):
        if _PAST.search(text, max(start, deadline.start() - _PAST_REACH), deadline.start()):
            continue
        yield from (mention for mention in mentions if 0 <= mention.start - deadline.end() <= _ADJACENT)


def _fronted(text: str, start: int, mentions: list[_Mentioned]) -> _Mentioned | None:
    """The date that opens the sentence as its own phrase ("In 2025, ...", "By June 2025, ...",
    "2025 年，..."): it dates whatever the sentence then announces, however far the marker is."""
    for mention in mentions:
        if _FRONTING.fullmatch(text, start, mention.start) and _FRONTED_END.match(text, mention.end):
            return mention
    return None


def _recurring(text: str, mention: _Mentioned, start: int, end: int) -> bool:
    """Whether the sentence says the date comes back every year ("每年 11 月 25 日", "every year on
    31 October", "on 5 June each year", "annually on 31 October")."""
    before = text[max(start, mention.start - _RECURRING_REACH) : mention.start]
    after = text[mention.end : min(end, mention.end + _RECURRING_REACH)]
    return bool(_RECURRING_BEFORE.search(before) or _RECURRING_AFTER.match(after))


# What may come before a date that opens its sentence: nothing, or a preposition ("In", "By",
# "During", "在", "于").
_FRONTING = re.compile(
    r"\s*(?:(?:in|by|during|from|on|at|early|late|starting|beginning)\s+(?:the\s+)?|在|于|到|至)?\s*",
    re.ASCII | re.IGNORECASE,
)
_CONTINUING = re.compile(r"\s*(?:继续|\bcontinue\b|\bkeep\b)", re.ASCII | re.IGNORECASE)
_FRONTED_END = re.compile(r"\s*[,，、]")
_RECURRING_REACH = 16  # characters between a date and the words that make it come back every year
_RECURRING_BEFORE = re.compile(
    r"(?:每年|每逢|\b(?:every|each)\s+year\b|\bannually\b|\byearly\b)[^.。;,，]*$", re.ASCII | re.IGNORECASE
)
_RECURRING_AFTER = re.compile(
    r"\s*(?:of\s+)?(?:every|each)\s+year\b|\s*annually\b|\s*,?\s*每年", re.ASCII | re.IGNORECASE
)


# --- Funding constraints -----------------------------------------------------------------------

# Ways the reports say that missing money holds implementation back. 资金不足的决议 ("under-funded
# resolutions", the object of the Urban Action Funding Window) describes the mechanism, not a gap.
_FUNDING_CONSTRAINT = re.compile(
    r"资金有限|资源有限|供资有限|经费有限|自愿资金有限|缺乏资金|缺少资金|资金短缺|资金不足(?!的决议)"
    r"|没有(?:自愿)?供资|无(?:自愿)?供资|核心供资的限制|供资(?:方面)?的?限制|资金(?:方面)?的?限制"
    r"|没有为.{0,40}?调动(?:额外)?资源|未能调动|尚未.{0,40}?提供资金|尚未支持设立|提供资金仍然至关重要"
    r"|资源不足|经费不足|供资不足|资金缺口|缺乏(?:可持续|稳定|持续|充足|足够)?的?(?:自愿)?(?:资金|供资|经费|资源)"
    r"|\b(?:limited|insufficient|inadequate|lack\s+of|absence\s+of|no|shortage\s+of|scarce|scarcity\s+of)\s+"
    r"(?:(?:consistent|sustained|sustainable|predictable|stable|adequate|sufficient|voluntary|core|"
    r"extrabudgetary|earmarked|flexible|dedicated|additional|regular|reliable|long-term|multi-year|financial)"
    r"\s+(?:and\s+)?){0,3}(?:funding|funds|resources|financing|financial\s+resources)\b"
    r"|\b(?:funding|financing|resource)\s+(?:gaps?|shortfalls?|shortages?)\b|\bunder-?funded\b"
    r"|\bconstrained\s+by\s+(?:limited|insufficient)\s+(?:funding|funds|resources)\b"
    r"|\b(?:funding|financial|resource)\s+constraints?\b"
    r"|\bno\s+additional\s+(?:resources|funding|funds)\s+(?:have|has)\s+been\s+mobili[sz]ed\b"
    r"|\bhave\s+not\s+(?:yet\s+)?provided\s+(?:funding|funds)\b",
    re.ASCII | re.IGNORECASE,
)
