"""The Executive Director's report as one standalone HTML5 document.

Two uses, one template (`edreport/report.html`):

* on screen (`for_print=False`): downloaded and opened offline, or shown in an iframe on the
  preview page. Footnote calls are superscript links to an ordered list of footnotes at the end.
* for print (`for_print=True`): the input of `restrack.edreport.render.pdf`. Footnotes are left
  where they are cited and WeasyPrint floats them to the bottom of that page (CSS GCPM); running
  headers come from `@page` rules.

The CSS is included inline and nothing points outside the document except the links that the
footnotes themselves cite. Every text of the report is escaped: markup in Python is made with
`format_html`, which escapes its arguments, and the template autoescapes the rest.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.template.loader import render_to_string
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeString, mark_safe

from restrack.edreport.content import Annex, AnnexRow, Chapter, Footnote, Masthead, Paragraph, Report, Section

TEMPLATE = "edreport/report.html"
AGENDA_MARK = "*"

# Characters of Chinese text (ideographs, full-width forms, the punctuation Chinese uses). A line
# break is never taken at a space next to one of them: Chinese typesetting does not break there,
# and text read back from the PDF joins the two lines without the space.
_CJK = r"\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef“”‘’《》—…"
_CJK_RE = re.compile(f"[{_CJK}]")
# Spaces that print as no-break spaces: next to Chinese (see above), and before a number, so that
# no line starts with a number: "paragraph 8." or "8 段" at a line start would read as a new
# paragraph or a footnote ("paragraph 8" is also UN editorial practice).
_GLUED_SPACE_RE = re.compile(rf"(?<=[{_CJK}]) (?=\S)|(?<=\S) (?=[{_CJK}])| (?=\d)")
# Places where a line must not break, kept together in no-wrap spans:
# * the dash of a range (2020–2023): broken there, the text read back from the PDF would be
#   "2020– 2023" (lines are joined with a space between Latin characters, without one after "/"
#   and "-", where breaks are fine);
# * a full stop, comma or colon between a letter and a digit (HSP/EB.2024/4), where Pango breaks;
# * a Chinese character and the number right after it ("基金。2024 年"): no line may start with
#   a number, which would read back as a footnote ("20" + "24 年") or a paragraph number.
# * a UN document symbol (HSP/EB.2024/4, A/RES/78/1), which Pango would break after a slash:
#   read back it is the same, but a symbol split over two lines is hard to read and to search for.
# (No ";" here: the pattern is applied to escaped text, where ";" ends an entity.)
_UNBREAKABLE_RE = re.compile(
    rf"[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.]*[A-Za-z0-9])+|[0-9A-Za-z]+–[0-9A-Za-z]+|[A-Za-z][.,:]\d|[{_CJK}]\d"
)
_URL_SCHEMES = ("https://", "http://")
# Words of the screen version that are not report content (for screen readers), per language.
LABELS = {
    "zh": {"footnotes": "脚注", "back": "返回正文", "carried_over": "沿用上期案文，未经确认"},
    "en": {"footnotes": "Footnotes", "back": "Back to the text", "carried_over": "Carried over, not confirmed"},
}


# -- the document -------------------------------------------------------------------------------


def render_html(report: Report, *, for_print: bool = False) -> str:
    """The report as a complete HTML5 document; `for_print` gives the PDF renderer's variant."""
    return render_to_string(TEMPLATE, _context(report, for_print))


def _context(report: Report, for_print: bool) -> dict:
    calls = _Calls(for_print=for_print)
    chapters = [_chapter(chapter, calls) for chapter in report.chapters]  # numbers the calls first
    return {
        "report": report,
        "lang": html_language(report.content_language),
        "for_print": for_print,
        "masthead": _masthead(report.masthead, for_print),
        "chapters": chapters,
        "annex": _annex(report.annex, report) if report.annex else None,
        "footnotes": [] if for_print else calls.footnote_list(),
        "labels": LABELS.get(report.language, LABELS["en"]),
    }


def html_language(content_language: str) -> str:
    """The BCP 47 tag of a content language: "zh-hans" → "zh-Hans", "en" → "en"."""
    language, _, script = content_language.partition("-")
    return f"{language.lower()}-{script.title()}" if script else language.lower()


# -- masthead -----------------------------------------------------------------------------------


def _masthead(masthead: Masthead, for_print: bool) -> dict:
    return {
        "data": masthead,
        "agenda_item": _agenda_item(masthead, for_print),
        "agenda_note": _linked(masthead.agenda_footnote or "", [], for_print=for_print),
    }


def _agenda_item(masthead: Masthead, for_print: bool) -> SafeString | None:
    """The agenda item with its asterisk where `agenda_marker_position` says. In print the
    asterisk footnote floats to the bottom of the first page and keeps its "*"."""
    if not masthead.agenda_item:
        return None
    position = masthead.agenda_marker_position
    if position is None:
        return _text(masthead.agenda_item, for_print)
    before, after = masthead.agenda_item[:position], masthead.agenda_item[position:]
    if for_print:
        note = _print_footnote(
            AGENDA_MARK, "fn-agenda", _linked(masthead.agenda_footnote, [], for_print=True), followed_by=after[:1]
        )
        call = _glued_call(before, note)
    else:
        call = format_html(
            '{}<sup class="fn-call"><a href="#fn-agenda" id="fn-call-agenda">{}</a></sup>', before, AGENDA_MARK
        )
    return format_html("{}{}", call, _text(after, for_print))


# -- chapters, sections, paragraphs -------------------------------------------------------------


def _chapter(chapter: Chapter, calls: _Calls) -> dict:
    return {
        **_numbered_heading(chapter.heading, chapter.numeral),
        "paragraphs": [_paragraph(paragraph, calls) for paragraph in chapter.paragraphs],
        "sections": [_section(section, calls) for section in chapter.sections],
    }


def _section(section: Section, calls: _Calls) -> dict:
    return {
        **_numbered_heading(section.heading, f"{section.letter}."),
        "title": _text(section.title, calls.for_print),
        "title_missing_note": section.title_missing_note,
        "paragraphs": [_paragraph(paragraph, calls) for paragraph in section.paragraphs],
    }


def _numbered_heading(heading: str, number: str) -> dict:
    """A heading cut after its number, which hangs in a box of its own: the space after the
    number goes into the box, where it takes no room, so the heading still reads as printed."""
    cut = len(number) + (1 if heading[len(number) :].startswith(" ") else 0)
    return {"number": heading[:cut], "rest": heading[cut:], "heading": heading}


def _paragraph(paragraph: Paragraph, calls: _Calls) -> dict:
    pieces = list(paragraph.pieces())
    following = [text for text, _footnote in pieces[1:]] + [""]
    body = [calls.piece(text, footnote, followed_by=after[:1]) for (text, footnote), after in zip(pieces, following)]
    return {
        "number": paragraph.number,
        "missing_note": paragraph.missing_note,
        "body": mark_safe("".join(body)),  # each piece is escaped by `_Calls.piece`
        "source": paragraph.source,
        "carried_over": paragraph.carried_over,
    }


@dataclass
class _Calls:
    """Footnote calls in order of the text: the markup of each, and the footnotes they cite
    (listed once each, at the first call, for the screen's list)."""

    for_print: bool
    cited: dict[int, Footnote] = field(default_factory=dict)
    repeats: dict[int, int] = field(default_factory=dict)

    def piece(self, text: str, footnote: Footnote | None, *, followed_by: str = "") -> SafeString:
        """A piece of paragraph text with the call of the footnote after it, if any;
        `followed_by` is the character after the call."""
        if footnote is None:
            return _text(text, self.for_print)
        first = footnote.number not in self.cited
        self.cited.setdefault(footnote.number, footnote)
        if self.for_print:
            return self._print_call(text, footnote, first, followed_by)
        return format_html("{}{}", text, self._screen_call(footnote, first))

    def _print_call(self, text: str, footnote: Footnote, first: bool, followed_by: str) -> SafeString:
        if not first:  # cited again: the number only, the note is already on an earlier page
            return format_html('{}<sup class="fn-ref">{}</sup>', _text(text, True), footnote.number)
        note = _print_footnote(
            str(footnote.number),
            f"fn-{footnote.number}",
            _linked(footnote.text, footnote.urls, for_print=True),
            followed_by=followed_by,
        )
        return _glued_call(text, note)

    def _screen_call(self, footnote: Footnote, first: bool) -> SafeString:
        number = footnote.number
        call_id = f"fn-call-{number}"
        if not first:
            self.repeats[number] = self.repeats.get(number, 1) + 1
            call_id = f"{call_id}-{self.repeats[number]}"
        return format_html('<sup class="fn-call"><a href="#fn-{}" id="{}">{}</a></sup>', number, call_id, number)

    def footnote_list(self) -> list[dict]:
        return [
            {"number": number, "text": _linked(footnote.text, footnote.urls, for_print=False)}
            for number, footnote in sorted(self.cited.items())
        ]


def _print_footnote(mark: str, element_id: str, text: SafeString, *, followed_by: str = "") -> SafeString:
    """A footnote as WeasyPrint wants it: an element where it is cited, floated to the page
    bottom; its call and its marker both show `data-mark`, so the numbers are the report's.

    A call followed by a digit, a letter or punctuation other than Chinese gets a small gap after
    it: glued to "2023" or "Board", the call's number cannot be told from the text once the PDF is
    read back ("情况。142023 年")."""
    spaced = bool(followed_by) and not followed_by.isspace() and not _CJK_RE.match(followed_by)
    css_class = "footnote fn-spaced" if spaced else "footnote"
    return format_html('<span class="{}" id="{}" data-mark="{}">{}</span>', css_class, element_id, mark, text)


def _glued_call(text: str, note: SafeString) -> SafeString:
    """The text before a footnote call, with its last character kept on the call's line: a call
    at the start of a line would be read back as a footnote or as a number in the text."""
    text = _no_break_spaces(text)
    if not text or text[-1].isspace():
        return format_html("{}{}", _unbreakable(text), note)
    return format_html('{}<span class="fn-anchor">{}{}</span>', _unbreakable(text[:-1]), text[-1], note)


# -- text -----------------------------------------------------------------------------------------


def _text(text: str, for_print: bool) -> SafeString:
    """Escaped text; for print, with the line-break rules of `_no_break_spaces` and
    `_unbreakable`."""
    escaped = _unbreakable(_no_break_spaces(text)) if for_print else conditional_escape(text)
    # A line break in a paragraph sets off a list item ("(a) ...") on a line of its own.
    return mark_safe(str(escaped).replace("\n", "<br>\n")) if "\n" in text else escaped


def _no_break_spaces(text: str) -> str:
    return _GLUED_SPACE_RE.sub("\u00a0", text)


def _unbreakable(text: str) -> SafeString:
    """Escaped text with the places of `_UNBREAKABLE_RE` in no-wrap spans (escaping leaves
    letters, digits and that punctuation alone, so they are found in the escaped text as they were)."""
    escaped = str(conditional_escape(text))
    return mark_safe(_UNBREAKABLE_RE.sub(r'<span class="nobr">\g<0></span>', escaped))


def _linked(text: str, urls: list[str], *, for_print: bool) -> SafeString:
    """Footnote text with its URLs as links (only http and https: the text is not trusted)."""
    pieces: list[SafeString] = []
    rest = text
    for url in (u for u in urls if u.startswith(_URL_SCHEMES)):
        before, found, after = rest.partition(url)
        if not found:
            continue
        pieces.append(_text(before, for_print))
        pieces.append(format_html('<a class="url" href="{}">{}</a>', url, _breakable_url(url, for_print)))
        rest = after
    pieces.append(_text(rest, for_print))
    return mark_safe("".join(pieces))


def _breakable_url(url: str, for_print: bool) -> SafeString:
    """A URL that may break after its slashes and hyphens: where people expect it, and where a
    line of the PDF is continued without a space when read back (see `_UNBREAKABLE_RE`)."""
    parts = re.split(r"(?<=[/\-_])(?=.)", url)
    escape = _unbreakable if for_print else conditional_escape
    return mark_safe("<wbr>".join(str(escape(part)) for part in parts))


# -- annex --------------------------------------------------------------------------------------


def _annex(annex: Annex, report: Report) -> dict:
    return {
        "data": annex,
        "label_column": annex.columns[0],
        "amount_columns": annex.columns[1:],
        "rows": [_annex_row(row, report) for row in annex.rows],
        "total": _annex_row(annex.total, report),
    }


def _annex_row(row: AnnexRow, report: Report) -> dict:
    return {
        "name": row.name,
        "title": row.title,
        "amounts": report.annex_figures(row),
    }
