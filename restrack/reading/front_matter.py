"""Reading the masthead and title block of a report: the Board meeting it is for, its dates and
place, the agenda item, the title. Chinese and English layouts."""

from __future__ import annotations

import re
from datetime import date

from restrack.reading.report import Meeting
from restrack.reading.text import ENGLISH_ORDINALS, chinese_numeral, nfkc

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
MONTH_NAMES = "|".join(MONTHS)

ZH_MEETING_RE = re.compile(r"(?P<year>\d{4})\s*年\s*第(?P<order>[一二三四五六七八九十]+)次会议")
EN_MEETING_RE = re.compile(
    rf"\b(?P<order>{'|'.join(ENGLISH_ORDINALS)})\s+(?:regular\s+)?session\s+of\s+(?P<year>\d{{4}})", re.I
)
ZH_DATES_RE = re.compile(
    r"(?P<y1>\d{4})\s*年\s*(?P<m1>\d{1,2})\s*月\s*(?P<d1>\d{1,2})\s*日"
    r"(?:\s*至\s*(?:(?P<y2>\d{4})\s*年\s*)?(?:(?P<m2>\d{1,2})\s*月\s*)?(?P<d2>\d{1,2})\s*日)?"
    r"\s*[，,]\s*(?P<place>[^\s，,。]+)"
)
EN_DATES_RE = re.compile(
    rf"^(?P<place>[A-Z][A-Za-z .'-]+),\s+(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{MONTH_NAMES}))?(?:\s+(?P<y1>\d{{4}}))?"
    rf"(?:\s*[–—-]\s*(?P<d2>\d{{1,2}}))?\s+(?P<m2>{MONTH_NAMES})\s+(?P<y2>\d{{4}})$"
)
ZH_AGENDA_RE = re.compile(r"议程\s*\*?\s*项目\s*(?P<item>\d+(?:\s*\([a-z]\))?)")
EN_AGENDA_RE = re.compile(r"\bItem\s+(?P<item>\d+(?:\s*\([a-z]\))?)\s+of\s+the\s+(?:provisional\s+)?agenda", re.I)
REPORT_OF_ED_RE = re.compile(r"^(执行主任的报告|Report of the Executive Director)$", re.I)
# Lines of the masthead above the agenda item's title: organization, symbol, body, distribution,
# date, languages, session, dates and place, the agenda item itself.
MASTHEAD_LINE_RES = (
    ZH_MEETING_RE,
    EN_MEETING_RE,
    ZH_AGENDA_RE,
    EN_AGENDA_RE,
    re.compile(
        r"^(United Nations|联合国)\b|Distr\.|Original\s*:|原文|^(Chinese|English|French|Spanish|Russian|Arabic|中文)$"
        r"|^Executive Board of|执行局$|^(United Nations Habitat|UN-Habitat) Assembly of|人居大会$"
        # A document symbol (HSP/EB.2024/20). Up to its first slash without backtracking: matched
        # as [A-Z]{2,}[A-Z/.0-9]*/\S+ it took minutes on a line of 200,000 letters.
        r"|^[A-Z]{2}[A-Z.0-9]*+/\S++$",
        re.I,
    ),
    re.compile(r"^\d{1,2}\s+(?:" + MONTH_NAMES + r")\s+\d{4}$|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"),
    ZH_DATES_RE,
    EN_DATES_RE,
)


def _iso(year, month, day) -> str | None:
    try:
        return date(int(year), int(month), int(day)).isoformat()
    except (TypeError, ValueError):
        return None


def find_meeting_mention(text: str) -> tuple[int, int] | None:
    """(year, order) of an Executive Board session named in running text, or None."""
    text = nfkc(text)
    match = ZH_MEETING_RE.search(text)
    if match and "执行局" in text[max(0, match.start() - 40) : match.start() + 1]:
        return int(match["year"]), chinese_numeral(match["order"])
    match = EN_MEETING_RE.search(text)
    if match:
        return int(match["year"]), ENGLISH_ORDINALS[match["order"].lower()]
    return None


def read_meeting(lines: list[str]) -> Meeting:
    meeting = Meeting()
    text = "\n".join(nfkc(line) for line in lines)
    if "执行局" in text or re.search(r"Executive Board", text, re.I):
        meeting.body = "executive-board"
    for line in (nfkc(line).strip() for line in lines):
        if meeting.year is None:
            match = ZH_MEETING_RE.search(line) or EN_MEETING_RE.search(line)
            if match:
                meeting.year = int(match["year"])
                order = match["order"]
                meeting.session = chinese_numeral(order) or ENGLISH_ORDINALS.get(order.lower())
        if meeting.start is None:
            _read_dates(line, meeting)
        if meeting.agenda_item is None:
            match = ZH_AGENDA_RE.search(line) or EN_AGENDA_RE.search(line)
            if match:
                meeting.agenda_item = re.sub(r"\s+", "", match["item"])
    if meeting.year is None and meeting.start:
        meeting.year = int(meeting.start[:4])
    return meeting


def _read_dates(line: str, meeting: Meeting) -> None:
    match = ZH_DATES_RE.search(line)
    if match:
        meeting.start = _iso(match["y1"], match["m1"], match["d1"])
        if match["d2"]:
            meeting.end = _iso(match["y2"] or match["y1"], match["m2"] or match["m1"], match["d2"])
        meeting.place = match["place"]
        return
    match = EN_DATES_RE.match(line)
    if match:
        year2, month2 = match["y2"], MONTHS[match["m2"]]
        month1 = MONTHS[match["m1"]] if match["m1"] else month2
        if match["d2"]:
            meeting.start = _iso(match["y1"] or year2, month1, match["d1"])
            meeting.end = _iso(year2, month2, match["d2"])
        else:
            meeting.start = _iso(year2, month2, match["d1"])
        meeting.place = match["place"].strip()


def read_title(blocks: list[list[str]], join) -> str | None:
    """The report's title: the block of lines just before "Report of the Executive Director", or
    (text without blank lines) the lines before it that a wrapped title runs over. Masthead lines
    (a session block, the agenda item, its asterisk note) are never part of it."""
    for index, block in enumerate(blocks):
        if len(block) == 1 and REPORT_OF_ED_RE.match(block[0].strip()):
            if index == 0:
                return None
            title = ""
            for line in blocks[index - 1]:
                if not _is_masthead(line):
                    title = join(title, line)
            return title or None
        for position, line in enumerate(block):
            if REPORT_OF_ED_RE.match(line.strip()) and position > 0:
                # Without blank lines (text from some PDFs) the title block cannot be told from
                # the agenda item's title above it: take the line just before, and the lines
                # before that which it continues.
                return _wrapped_title(block[:position], join)
    return None


# A line ending in one of these words goes on on the next ("... adopted by the United" /
# "Nations Habitat Assembly").
_WRAPPING_WORDS = frozenset({"United", "Executive", "Human", "Habitat"})


def _is_masthead(line: str) -> bool:
    line = nfkc(line).strip()
    return line.startswith("*") or any(rx.search(line) for rx in MASTHEAD_LINE_RES)


def _wrapped_title(lines: list[str], join) -> str | None:
    title = ""
    for line in _wrapped_title_lines(lines):
        title = join(title, line)
    return title or None


def _wrapped_title_lines(lines: list[str]) -> list[str]:
    """The last lines of `lines` that one title wrapped over (none when the last is masthead)."""
    taken: list[str] = []
    for line in reversed([line.strip() for line in lines]):
        if not line or _is_masthead(line):
            break
        if taken:
            words = line.split()
            last = words[-1] if words else ""
            if not (taken[0][:1].islower() or last[:1].islower() or last in _WRAPPING_WORDS):
                break
        taken.insert(0, line)
    return taken


def read_agenda_title(blocks: list[list[str]], join) -> str | None:
    """The agenda item's title, printed between the masthead and the report's title: the lines
    before the title block that come after the last masthead line."""
    lines = []
    for index, block in enumerate(blocks):
        if any(REPORT_OF_ED_RE.match(line.strip()) for line in block):
            ends_block = REPORT_OF_ED_RE.match(block[0].strip()) is not None
            # The title is the block before (or, without blank lines, the line before).
            lines = [line for earlier in blocks[: index - 1 if ends_block else index] for line in earlier]
            if not ends_block:
                at = [i for i, line in enumerate(block) if REPORT_OF_ED_RE.match(line.strip())][0]
                lines += block[: max(0, at - len(_wrapped_title_lines(block[:at])))]
            break
    lines = [nfkc(line).strip() for line in lines if line.strip()]
    last_masthead = max((i for i, line in enumerate(lines) if _is_masthead(line)), default=-1)
    title = ""
    for line in lines[last_masthead + 1 :]:
        title = join(title, line.replace("*", ""))
    return title or None
