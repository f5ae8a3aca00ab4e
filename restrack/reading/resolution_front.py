"""The front of a resolution or decision text, in the six UN languages: the symbol (HSP/HA.2/Res.6),
the line that says who adopted it and when ("Resolution adopted by the UN-Habitat Assembly on
9 June 2023", "联合国人居大会 2023 年 6 月 9 日通过的决议"), the number and title line
("2/6. Localizing the Sustainable Development Goals"), and the address that opens the text ("The
UN-Habitat Assembly,", "联合国人居大会，"). Touches no database."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from restrack.reading import front_matter
from restrack.reading.page_furniture import SYMBOL_TEXT
from restrack.reading.text import ENGLISH_ORDINALS, chinese_numeral, nfkc

MASTHEAD_SYMBOL_RE = re.compile(
    rf"^(?:United Nations|Nations Unies|Naciones Unidas|Организация Объединенных Наций|联合国|الأمم المتحدة)\s+(?P<symbol>{SYMBOL_TEXT})$"
)
SYMBOL_IN_LINE_RE = re.compile(rf"(?<![A-Za-z0-9/])(?P<symbol>{SYMBOL_TEXT})")
INSTRUMENT_SYMBOL_RE = re.compile(r"/(?P<kind>Res|Dec|RES|DEC)\.")
SYMBOL_PREFIX_RE = re.compile(r"^(?P<prefix>[A-Z]+/[A-Z]+)\.")

KIND_WORDS = {
    "resolution": "resolution",
    "résolution": "resolution",
    "resolución": "resolution",
    "резолюция": "resolution",
    "قرار": "resolution",
    "القرار": "resolution",
    "المقرر": "decision",
    "决议": "resolution",
    "decision": "decision",
    "décision": "decision",
    "decisión": "decision",
    "решение": "decision",
    "مقرر": "decision",
    "决定": "decision",
}
# "Resolution adopted by …", "Décision adoptée par …", "Resolución aprobada por …", "Резолюция,
# принятая …", "قرار اتخذته …"; Chinese ends with it: "… 通过的决议".
ADOPTED_RE = re.compile(
    r"^(?P<kind>Resolution|Decision|Résolution|Décision|Resolución|Decisión|Резолюция|Решение|القرار|المقرر|قرار|مقرر)[,،]?\s+"
    r"(?:الذي\s+)?(?:adopted|adoptée|aprobada|adoptada|принят\w*|اتخذ\w*)\b",
    re.I,
)
ZH_ADOPTED_RE = re.compile(r"通过的(?P<kind>决议|决定)$")
# "2/6. Title", "2025/3. Title", "Resolution 2/6. Title"; Chinese documents write the same.
TITLE_LINE_RE = re.compile(
    r"^(?:(?:Resolution|Decision|Résolution|Décision|Resolución|Decisión|Резолюция|Решение)\s+)?"
    r"(?P<number>\d{1,4}/\d{1,3})\s*(?:[.．:：]|\s[-–])\s*(?P<title>\S.*)$",
    re.I,
)
# The body's name ending in a comma opens the text: "The UN-Habitat Assembly,", "L'Assemblée …,",
# "La Asamblea …,", "Ассамблея …,", "إن جمعية …،", "联合国人居大会，".
ADDRESS_RE = re.compile(
    r"^(?:The\s.*\b(?:Assembly|Board|Council|Commission|Conference)"
    r"|L[ae'’]\s*.*\b(?:Assemblée|Conseil|Commission|Conférence)"
    r"|(?:La|El)\s.*\b(?:Asamblea|Junta|Consejo|Comisión|Conferencia)"
    r"|.*\b(?:Ассамблея|Совет|Комиссия|Конференция)"
    r"|إن\s.*(?:جمعية|الجمعية|المجلس|مجلس))\b[^,،]*[,،]$"
)
ZH_ADDRESS_RE = re.compile(r"^[^，。；]{2,40}(?:大会|执行局|理事会|委员会)[，,]$")

# The body a text names, when no symbol says it: the Assembly (HSP/HA) or the Executive Board (HSP/EB).
BODY_NAMES = (
    (
        "HSP/EB",
        re.compile(r"Executive Board|Conseil exécutif|Junta Ejecutiva|Исполнительн\w+ совет|المجلس التنفيذي|执行局"),
    ),
    (
        "HSP/HA",
        re.compile(
            r"Habitat Assembly|Assemblée .*habitat|Asamblea .*Hábitat|Ассамбле\w+ .*Хабитат|جمعية موئل|人居大会"
        ),
    ),
)

MONTHS = {
    **{
        m: i
        for i, m in enumerate(
            "january february march april may june july august september october november december".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "janvier février mars avril mai juin juillet août septembre octobre novembre décembre".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "enero febrero marzo abril mayo junio julio agosto septiembre octubre noviembre diciembre".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate(
            "января февраля марта апреля мая июня июля августа сентября октября ноября декабря".split(), 1
        )
    },
    **{
        m: i
        for i, m in enumerate("يناير فبراير مارس أبريل مايو يونيه يوليه أغسطس سبتمبر أكتوبر نوفمبر ديسمبر".split(), 1)
    },
    "يونيو": 6,
    "يوليو": 7,
    "ابريل": 4,
}
ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789")
LATIN_DATE_RE = re.compile(
    r"(?P<day>\d{1,2})(?:er)?\s+(?:de\s+)?(?P<month>[^\W\d_]+)(?:/(?P<month2>[^\W\d_]+))?\s+(?:de\s+)?(?P<year>\d{4})"
)
ZH_DATE_RE = re.compile(r"(?P<year>\d{4})\s*年\s*(?P<month>\d{1,2})\s*月\s*(?P<day>\d{1,2})\s*日")


def find_date(text: str) -> date | None:
    """The first date written in `text` ("9 June 2023", "9 de junio de 2023", "9 июня 2023 года",
    "9 حزيران/يونيه 2023", "2023 年 6 月 9 日"), or None."""
    text = nfkc(text).translate(ARABIC_DIGITS)
    match = ZH_DATE_RE.search(text)
    if match:
        return _date(int(match["year"]), int(match["month"]), int(match["day"]))
    for match in LATIN_DATE_RE.finditer(text):
        month = MONTHS.get(match["month"].lower()) or MONTHS.get((match["month2"] or "").lower())
        if month:
            return _date(int(match["year"]), month, int(match["day"]))
    return None


def _date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def adopted_kind(line: str) -> str | None:
    """'resolution' or 'decision' when `line` says who adopted the text ("Resolution adopted by …")."""
    text = nfkc(line).strip()
    match = ADOPTED_RE.match(text) or ZH_ADOPTED_RE.search(text)
    return KIND_WORDS[match["kind"].lower()] if match else None


def title_line(line: str) -> re.Match | None:
    return TITLE_LINE_RE.match(nfkc(line).strip())


def is_address(line: str) -> bool:
    text = nfkc(line).strip()
    return len(text) <= 160 and bool(ADDRESS_RE.match(text) or ZH_ADDRESS_RE.match(text))


def symbol_kind(symbol: str | None) -> str | None:
    match = INSTRUMENT_SYMBOL_RE.search(symbol or "")
    return None if match is None else ("resolution" if match["kind"].lower() == "res" else "decision")


def symbol_prefix(symbol: str | None, front_text: str) -> str | None:
    """The body's symbol prefix (HSP/HA, HSP/EB): the symbol's, else the body the front names."""
    match = SYMBOL_PREFIX_RE.match(symbol or "")
    if match:
        return match["prefix"]
    for prefix, pattern in BODY_NAMES:
        if pattern.search(front_text):
            return prefix
    return None


def masthead_symbols(lines: list[str], header_symbols: dict[str, int]) -> list[str]:
    """The symbols the front and the page headers print, the instrument's own (…/Res.6) first."""
    found: list[str] = []
    for line in lines:
        text = nfkc(line).strip()
        if text.startswith("*"):
            continue  # the agenda's footnote
        match = MASTHEAD_SYMBOL_RE.match(text)
        if match:
            found.append(match["symbol"])
    found += sorted(header_symbols, key=lambda symbol: -header_symbols[symbol])
    unique = list(dict.fromkeys(found))
    return sorted(unique, key=lambda symbol: symbol_kind(symbol) is None)


# "Ninth session", "第九届会议": an Assembly session named by its number alone.
EN_SESSION_RE = re.compile(rf"^(?P<ordinal>{'|'.join(ENGLISH_ORDINALS)})\s+session$", re.I)
ZH_SESSION_RE = re.compile(r"^第(?P<numeral>[一二三四五六七八九十]+)届会议$")


@dataclass
class SessionFront:
    """The session the front names: its number (the Assembly's), dates and place."""

    number: int | None = None
    start: date | None = None
    end: date | None = None
    place: str | None = None


def session_front(lines: list[str]) -> SessionFront:
    found = SessionFront()
    for line in lines:
        text = nfkc(line).strip()
        match = EN_SESSION_RE.match(text) or ZH_SESSION_RE.match(text)
        if match:
            found.number = (
                ENGLISH_ORDINALS[match["ordinal"].lower()]
                if "ordinal" in match.groupdict()
                else chinese_numeral(match["numeral"])
            )
            break
    meeting = front_matter.read_meeting(lines)
    found.start = date.fromisoformat(meeting.start) if meeting.start else None
    found.end = date.fromisoformat(meeting.end) if meeting.end else found.start
    found.place = meeting.place
    return found
