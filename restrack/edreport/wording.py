"""The fixed wording of the Executive Director's report in each language, in UN editorial form.

These are not interface strings (the report's language is chosen for the document, not the
reader's browser), so they live here rather than in the gettext catalogues: each language's
dates, session names and chapter titles have their own shape, not just other words.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from restrack.reading.numerals import chinese_number, roman_numeral

ENGLISH_MONTHS = [
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
]
ENGLISH_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
# How a version's masthead names the original language: in English, in every language version.
LANGUAGE_NAMES = {
    "en": "English",
    "zh-hans": "Chinese",
    "fr": "French",
    "es": "Spanish",
    "ru": "Russian",
    "ar": "Arabic",
}


@dataclass(frozen=True)
class AssemblySessionFacts:
    """What a chapter heading says about the Assembly session whose resolutions it covers."""

    number: int
    year: int
    adjourned: bool = False  # held, adjourned, and (as of the report) not yet resumed
    resumed_year: int | None = None  # resumed (as of the report) in this year
    has_decisions: bool = False


class Wording:
    language: str
    organization: str
    subtitle: str
    introduction: str
    closing: str  # the closing chapter's title when the period gives none
    distribution = "Distr.: General"
    default_title: str
    default_agenda_item_title: str
    annex_heading: str
    annex_unit_note: str
    annex_columns: list[str]
    total: str

    def original(self, original_language: str | None) -> str:
        return f"Original: {LANGUAGE_NAMES.get(original_language or '', 'English')}"

    def language_name(self, original_language: str | None) -> str | None:
        """The masthead names the version's language only on translations."""
        own = "zh-hans" if self.language == "zh" else self.language
        return None if original_language == own else LANGUAGE_NAMES[own]

    def chapter_numeral(self, index: int) -> str:
        raise NotImplementedError

    def date(self, day: datetime.date) -> str:
        raise NotImplementedError

    def board_session(self, year: int, order: int) -> str:
        raise NotImplementedError

    def session_dates(self, start: datetime.date | None, end: datetime.date | None, place: str) -> str | None:
        raise NotImplementedError

    def agenda_item(self, item: str) -> str:
        raise NotImplementedError

    def agenda_footnote(self, symbol: str) -> str:
        raise NotImplementedError

    def assembly_chapter(self, session: AssemblySessionFacts) -> str:
        raise NotImplementedError

    def annex_title(self, end: datetime.date) -> str:
        raise NotImplementedError

    def missing_note(self, available_in: str) -> str:
        raise NotImplementedError

    def annex_note(self, period: str) -> str:
        raise NotImplementedError

    def surplus(self, figure: str) -> str:
        """A surplus in the gap columns, in words: never a negative gap."""
        raise NotImplementedError

    def annex_surplus_note(self, amount: str, instruments: int) -> str:
        raise NotImplementedError

    def annex_gap_unknown_note(self, instruments: int) -> str:
        raise NotImplementedError

    not_covered_heading: str

    def not_covered_reason(self, state: str | None, period: str) -> str:
        """Why an instrument is not covered: its update's workflow state (None: it has none)."""
        raise NotImplementedError

    def not_covered_line(self, name: str, title: str, reason: str) -> str:
        raise NotImplementedError

    def instrument_chapter(self, name: str, title: str, missing_note: str | None = None) -> str:
        """A chapter heading naming one instrument and its title (the 2020 layout)."""
        raise NotImplementedError


class ChineseWording(Wording):
    language = "zh"
    organization = "联合国"
    subtitle = "执行主任的报告"
    introduction = "导言"
    closing = "结论"
    default_title = "联合国人居大会通过的所有决议的执行情况"
    default_agenda_item_title = "执行主任介绍人居大会通过的所有决议的执行情况"
    annex_heading = "附件"
    annex_unit_note = "（美元）"
    annex_columns = ["决议", "所需资源", "已调集资源", "资金缺口", "缺口百分比"]
    total = "共计"
    not_covered_heading = "本报告未涉及的决议和决定"

    def chapter_numeral(self, index: int) -> str:
        return f"{chinese_number(index)}、"

    def date(self, day: datetime.date) -> str:
        return f"{day.year} 年 {day.month} 月 {day.day} 日"

    def board_session(self, year: int, order: int) -> str:
        return f"{year} 年第{chinese_number(order)}次会议"

    def session_dates(self, start, end, place):
        if start is None:
            return place or None
        text = self.date(start)
        if end and end != start:
            if end.year != start.year:
                text += f"至{self.date(end)}"
            elif end.month != start.month:
                text += f"至 {end.month} 月 {end.day} 日"
            else:
                text += f"至 {end.day} 日"
        return f"{text}，{place}" if place else text

    def agenda_item(self, item: str) -> str:
        return f"临时议程项目 {item}"

    def agenda_footnote(self, symbol: str) -> str:
        return f"{symbol}。"

    def assembly_chapter(self, session: AssemblySessionFacts) -> str:
        what = "各项决议和决定" if session.has_decisions else "各项决议"
        held = f"{session.year} 年"
        if session.resumed_year:
            held = f"{session.year} 年举行并于 {session.resumed_year} 年续会的"
        elif session.adjourned:
            held = f"{session.year} 年举行并已休会的"
        return f"{held}联合国人居大会第{chinese_number(session.number)}届会议通过的{what}的执行情况"

    def annex_title(self, end: datetime.date) -> str:
        return f"截至 {self.date(end)}各项决议的供资情况"

    def missing_note(self, available_in: str) -> str:
        name = {"en": "英文", "fr": "法文", "es": "西班牙文", "ru": "俄文", "ar": "阿拉伯文"}.get(
            available_in, available_in
        )
        return f"缺少中文文本；以下为{name}文本"

    def annex_note(self, period: str) -> str:
        return f"数字为 {period} 报告期的供资记录；资金缺口为所需资源减去已调集资源，已调集资源超过所需资源时为盈余。"

    def surplus(self, figure: str) -> str:
        return f"盈余 {figure}"

    def annex_surplus_note(self, amount: str, instruments: int) -> str:
        return f"资金缺口合计已扣除 {instruments} 项决议共 {amount} 美元的盈余。"

    def annex_gap_unknown_note(self, instruments: int) -> str:
        return (
            f"{instruments} 项决议只报告了所需资源或已调集资源中的一项：计入该项合计，不计入资金缺口合计，"
            "因此资金缺口合计不等于两项合计之差。"
        )

    def not_covered_reason(self, state, period):
        return {
            "draft": "更新尚为草稿",
            "submitted": "更新已提交，尚未核准",
            "returned": "更新已退回修改",
        }.get(state or "", f"{period} 报告期没有更新")

    def not_covered_line(self, name, title, reason):
        return f"{name}（{title}）：{reason}。" if title else f"{name}：{reason}。"

    def instrument_chapter(self, name, title, missing_note=None):
        if not title:
            return name
        return f"关于[{missing_note}] {title}的{name}" if missing_note else f"关于{title}的{name}"


class EnglishWording(Wording):
    language = "en"
    organization = "United Nations"
    subtitle = "Report of the Executive Director"
    introduction = "Introduction"
    closing = "Conclusions"
    default_title = "Implementation of all resolutions adopted by the United Nations Habitat Assembly"
    # The Assembly's full name in both fixed wordings, as in the title above: a report whose title and
    # agenda item name the body differently reads as two documents.
    default_agenda_item_title = (
        "Report of the Executive Director on the implementation of all resolutions adopted by the United Nations "
        "Habitat Assembly"
    )
    annex_heading = "Annex"
    annex_unit_note = "(United States dollars)"
    annex_columns = ["Resolution", "Resource requirements", "Resources mobilized", "Funding gap", "Gap (%)"]
    total = "Total"
    not_covered_heading = "Resolutions and decisions not covered by this report"

    def chapter_numeral(self, index: int) -> str:
        return f"{roman_numeral(index).upper()}."

    def date(self, day: datetime.date) -> str:
        return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"

    def board_session(self, year: int, order: int) -> str:
        ordinal = ENGLISH_ORDINALS[order - 1] if 0 < order <= len(ENGLISH_ORDINALS) else f"{order}th"
        return f"{ordinal.capitalize()} session of {year}"

    def session_dates(self, start, end, place):
        if start is None:
            return place or None
        if end is None or end == start:
            text = self.date(start)
        elif end.year != start.year:
            text = f"{self.date(start)}–{self.date(end)}"
        elif end.month != start.month:
            text = f"{start.day} {ENGLISH_MONTHS[start.month - 1]}–{self.date(end)}"
        else:
            text = f"{start.day}–{self.date(end)}"
        return f"{place}, {text}" if place else text

    def agenda_item(self, item: str) -> str:
        return f"Item {item} of the provisional agenda"

    def agenda_footnote(self, symbol: str) -> str:
        return f"{symbol}."

    def assembly_chapter(self, session: AssemblySessionFacts) -> str:
        what = "resolutions and decisions" if session.has_decisions else "resolutions"
        ordinal = ENGLISH_ORDINALS[session.number - 1] if 0 < session.number <= 10 else f"{session.number}th"
        if session.resumed_year:
            held = f", held in {session.year} and resumed in {session.resumed_year}"
        elif session.adjourned:
            held = f", held in {session.year} and adjourned"
        else:
            held = f", in {session.year}"
        return (
            f"Implementation of the {what} adopted by the United Nations Habitat Assembly at its {ordinal} "
            f"session{held}"
        )

    def annex_title(self, end: datetime.date) -> str:
        return f"Funding by resolution as at {self.date(end)}"

    def missing_note(self, available_in: str) -> str:
        return f"No English text; the {LANGUAGE_NAMES.get(available_in, available_in)} text follows"

    def annex_note(self, period: str) -> str:
        return (
            f"Figures recorded for the reporting period {period}. The funding gap is the requirements "
            "less the resources mobilized; where the resources mobilized exceed the requirements, the "
            "difference is a surplus."
        )

    def surplus(self, figure: str) -> str:
        return f"surplus {figure}"

    def annex_surplus_note(self, amount: str, instruments: int) -> str:
        what = "instrument" if instruments == 1 else "instruments"
        return f"The total funding gap is net of a surplus of {amount} dollars on {instruments} {what}."

    def annex_gap_unknown_note(self, instruments: int) -> str:
        who = "One instrument" if instruments == 1 else f"{instruments} instruments"
        return (
            f"{who} reported only the requirements or only the resources mobilized: counted in that total but "
            "not in the total funding gap, which is therefore not the difference of the two totals."
        )

    def not_covered_reason(self, state, period):
        return {
            "draft": "update still in draft",
            "submitted": "update submitted, not yet approved",
            "returned": "update returned for changes",
        }.get(state or "", f"no update for {period}")

    def not_covered_line(self, name, title, reason):
        return f"{name} ({title}): {reason}." if title else f"{name}: {reason}."

    def instrument_chapter(self, name, title, missing_note=None):
        if not title:
            return name
        return f"{name}: [{missing_note}] {title}" if missing_note else f"{name}: {title}"


WORDINGS = {"zh": ChineseWording(), "en": EnglishWording()}
