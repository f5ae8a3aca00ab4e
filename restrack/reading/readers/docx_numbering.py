"""Word's automatic list numbering for the DOCX reader: `_Numbering` reads numbering.xml and the
paragraph styles and renders the label Word shows in front of a numbered paragraph ("1.", "(a)",
"一、"), and `_format_number` with its helpers writes a number in Word's number formats (decimal,
roman, letters, Chinese counting and digits, full-width, circled, ...), also used for footnote
numbers."""

from __future__ import annotations

import re

from restrack.reading.numerals import CHINESE_DIGITS, chinese_number, letter_sequence, roman_numeral
from restrack.reading.readers._wordml import (
    RT_NUMBERING,
    RT_STYLES,
    _on,
    _part_element,
    _related_part,
    _w,
    _wval,
)


class _Numbering:
    """Word's automatic paragraph numbering (numbering.xml), as far as text needs it: counters
    per list (w:num) and level, restart of deeper levels, start values and overrides, the common
    number formats and the level text ("%1.", "(%2)", "%1、")."""

    def __init__(self, document):
        self.levels: dict[str, dict[int, dict]] = {}  # numId -> ilvl -> level definition
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        # Lists (w:num) sharing an abstract definition continue one another's numbering in Word,
        # unless one restarts with a start override.
        self.counter_key: dict[str, str] = {}
        part = _related_part(document, RT_NUMBERING)
        if part is None:
            return
        root = _part_element(part)
        abstract: dict[str, dict[int, dict]] = {}
        for node in root.findall(_w("abstractNum")):
            abstract[_wval(node, "abstractNumId")] = {
                level["ilvl"]: level for level in (self._level(lvl) for lvl in node.findall(_w("lvl")))
            }
        for num in root.findall(_w("num")):
            num_id = _wval(num, "numId")
            abstract_id = _wval(num.find(_w("abstractNumId")))
            levels = {k: dict(v) for k, v in abstract.get(abstract_id, {}).items()}
            overrides = num.findall(_w("lvlOverride"))
            self.counter_key[num_id] = f"num:{num_id}" if overrides else f"abstract:{abstract_id}"
            for override in overrides:
                ilvl = _int(_wval(override, "ilvl"), 0)
                lvl = override.find(_w("lvl"))
                if lvl is not None:
                    levels[ilvl] = self._level(lvl, ilvl)
                start = _wval(override.find(_w("startOverride")))
                if start is not None:
                    levels.setdefault(ilvl, self._level(None, ilvl))["start"] = _int(start, 1)
            self.levels[num_id] = levels
        styles = _related_part(document, RT_STYLES)
        if styles is not None:
            self._read_styles(_part_element(styles))

    @staticmethod
    def _level(lvl, ilvl: int | None = None) -> dict:
        if lvl is None:
            return {
                "ilvl": ilvl or 0,
                "fmt": "decimal",
                "text": f"%{(ilvl or 0) + 1}.",
                "start": 1,
                "suffix": "\t",
                "legal": False,
            }
        suffix = {"space": " ", "nothing": ""}.get(_wval(lvl.find(_w("suff"))), "\t")
        text_node = lvl.find(_w("lvlText"))
        return {
            "ilvl": _int(_wval(lvl, "ilvl"), ilvl or 0),
            "fmt": _wval(lvl.find(_w("numFmt"))) or "decimal",
            "text": _wval(text_node) if text_node is not None else None,
            "start": _int(_wval(lvl.find(_w("start"))), 1),
            "suffix": suffix,
            "legal": _on(lvl.find(_w("isLgl"))),
        }

    def _read_styles(self, root) -> None:
        raw: dict[str, tuple[str | None, int | None, str | None]] = {}
        for style in root.findall(_w("style")):
            if _wval(style, "type") != "paragraph":
                continue
            numpr = style.find(f"{_w('pPr')}/{_w('numPr')}")
            num_id = _wval(numpr.find(_w("numId"))) if numpr is not None else None
            ilvl = _wval(numpr.find(_w("ilvl"))) if numpr is not None else None
            raw[_wval(style, "styleId")] = (
                num_id,
                _int(ilvl, None) if ilvl else None,
                _wval(style.find(_w("basedOn"))),
            )
        for style_id in raw:  # resolve basedOn chains
            seen, current, num_id, ilvl = set(), style_id, None, None
            while current in raw and current not in seen:
                seen.add(current)
                style_num, style_ilvl, based_on = raw[current]
                num_id = num_id if num_id is not None else style_num
                ilvl = ilvl if ilvl is not None else style_ilvl
                current = based_on
            if num_id is not None:
                self.style_numpr[style_id] = (num_id, ilvl)

    def label(self, p) -> str:
        """The number Word shows in front of paragraph `p` (advancing the counters), or ""."""
        if not self.levels:
            return ""
        ppr = p.find(_w("pPr"))
        if ppr is None:
            return ""
        num_id, ilvl = None, None
        numpr = ppr.find(_w("numPr"))
        if numpr is not None:
            num_id = _wval(numpr.find(_w("numId")))
            value = _wval(numpr.find(_w("ilvl")))
            ilvl = _int(value, 0) if value is not None else None
        style_id = _wval(ppr.find(_w("pStyle")))
        if style_id in self.style_numpr:
            style_num, style_ilvl = self.style_numpr[style_id]
            num_id = num_id if num_id is not None else style_num
            ilvl = ilvl if ilvl is not None else style_ilvl
        if num_id in (None, "0") or num_id not in self.levels:
            return ""
        ilvl = ilvl or 0
        levels = self.levels[num_id]
        level = levels.get(ilvl) or self._level(None, ilvl)
        counters = self.counters.setdefault(self.counter_key.get(num_id, num_id), {})
        counters[ilvl] = counters[ilvl] + 1 if ilvl in counters else level["start"]
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if level["fmt"] == "none":
            text = level["text"] or ""
        elif level["fmt"] == "bullet":
            text = level["text"] or "•"
            text = "".join("•" if 0xE000 <= ord(c) <= 0xF8FF else c for c in text) or "•"
        else:
            text = level["text"] if level["text"] is not None else f"%{ilvl + 1}."

            def number(match: re.Match) -> str:
                which = int(match.group(1)) - 1
                definition = levels.get(which) or self._level(None, which)
                value = counters.get(which, definition["start"])
                fmt = "decimal" if level["legal"] and which != ilvl else definition["fmt"]
                return _format_number(value, fmt)

            text = re.sub(r"%([1-9])", number, text)
        return text + level["suffix"] if text else ""


def _int(value: str | None, default):
    try:
        return int(value) if value is not None else default
    except ValueError:
        return default


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("lowerRoman", "upperRoman"):
        roman = roman_numeral(n)
        return roman.upper() if fmt == "upperRoman" else roman
    if fmt in ("lowerLetter", "upperLetter"):
        if n <= 0:
            return str(n)
        letter = letter_sequence(n)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in (
        "chineseCounting",
        "chineseCountingThousand",
        "ideographTraditional",
        "taiwaneseCounting",
        "japaneseCounting",
        "chineseLegalSimplified",
    ):
        return chinese_number(n)
    if fmt in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(CHINESE_DIGITS[int(d)] for d in str(n)) if n >= 0 else str(n)
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(0xFF10 + int(d)) for d in str(n)) if n >= 0 else str(n)
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "none":
        return ""
    return str(n)
