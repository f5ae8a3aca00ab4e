"""The Executive Director's report as a PDF: the print variant of the HTML laid out by WeasyPrint.

All page layout is CSS paged media in `edreport/_report_print.css` (A4, running headers from the
second page, footnotes at the bottom of the page that cites them). WeasyPrint embeds the fonts it
uses as subsets with their Unicode maps, so the text can be searched, copied and read back by
`restrack.ingest` (the round trip the tests check).

**Long reports are laid out in parts.** WeasyPrint keeps every laid-out page in memory until the
file is written, and its time per page grows with the document. So a report of more than
`PART_BLOCKS` blocks (paragraphs, headings, section titles) is laid out a part at a time, each
part a document of its own with the blocks from where the previous one stopped, and the parts'
pages are joined into one file (pypdf). Where a part stops is chosen so that the result is the
document laid out in one piece: a part's last page is not kept (the part may end half-way down
it); its pages are kept up to the last one that starts with the start of a block, and the next
part starts with that block on a new page, numbered on from the pages kept, with the running
header, and with the block's top margin dropped as after any page break that was not forced. The
pages before it were laid out with everything that follows them on the next page present, so
they are as the whole document would have them. A part then costs its own pages and one more;
memory holds one part's layout at a time. The outline (bookmarks), the metadata and the
document's language are the whole report's.

One correction is made after layout. To keep a paragraph's second line off the next page
(`orphans`), WeasyPrint moves the footnotes already placed on a page to the next one when that
makes room, so a footnote can end up a page after its call. When a page has a call without its
footnote, the block that was squeezed in at the bottom of that page (with the headings just
before it) is moved to the next page instead. A report in one part is laid out again; a long one
stops the part before that page and the next part lays it out with the block moved, so a
correction costs the pages after it rather than the part again. The file of a long report is
larger than one laid out in one piece: each part embeds its own subsets of the fonts.
"""

from __future__ import annotations

import copy
import gc
import io
import logging
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import SimpleNamespace

from restrack.edreport.content import Report
from restrack.edreport.render.html import render_html

# Each correction costs one more layout of the part (about 0.5 s for 50 paragraphs of Chinese).
# The 2024 report needs none; with a footnote in every third paragraph, four.
MAX_RELAYOUTS = 4
# How many blocks (paragraphs, headings, section titles) a part of a long report holds: about
# 40 pages. Parts of this size keep the memory of the layout small and the time per page even;
# the pages a part lays out again (its last) cost little beside them.
PART_BLOCKS = 300
logger = logging.getLogger(__name__)
# The blocks that can be moved to the next page (classes in the print HTML) and, of those, the
# headings that go along with the block after them.
MOVABLE = {"para": "text", "section-title": "heading", "section-heading": "heading", "chapter-heading": "heading"}
# Where a part may start: any movable block, and the annex (which starts a page of its own).
PART_STARTS = {**MOVABLE, "annex": "forced"}
PDF_UNITS_PER_PX = 0.75  # WeasyPrint lays out in CSS px; PDF counts points


def _warm_up_report(language: str) -> Report:
    """A one-paragraph report with a footnote, in `language`: what warm_up lays out."""
    from restrack.edreport.content import Anchor, Chapter, Footnote, Masthead, Paragraph

    zh = language == "zh"
    text = "本报告概述了第 2/6 号决议的执行情况。" if zh else "The present report covers resolution 2/6."
    masthead = Masthead(
        organization="联合国" if zh else "United Nations",
        body="",
        symbol="HSP/EB.2024/20",
        distribution="Distr.: General",
        date="",
        language_name=None,
        original="",
        session=None,
        session_dates=None,
        agenda_item=None,
        agenda_item_title=None,
        agenda_footnote=None,
    )
    paragraph = Paragraph(1, text, [Anchor(len(text), Footnote(1, "HSP/EB.2023/23."))])
    return Report(
        language=language,
        content_language="zh-hans" if zh else "en",
        period="2024-H2",
        masthead=masthead,
        title=text,
        subtitle="",
        chapters=[Chapter("一、" if zh else "I.", "导言" if zh else "Introduction", [paragraph])],
    )


def warm_up() -> float:
    """Lay out a one-paragraph report in each language, so that fontconfig's scan, Pango, the
    fonts (Noto Serif CJK is large), the report's templates and style sheets are loaded before the
    first report is asked for: in a new process the first PDF otherwise costs seconds more than the
    next, more on a loaded machine. `restrack worker` calls it in each of its processes, `restrack
    serve` (when its processes write the reports themselves, without a broker) in each worker as it
    starts. Returns the seconds it took; a failure (no font, no Pango) is logged, never raised:
    `restrack check` reports those."""
    import time

    started = time.perf_counter()
    try:
        for language in ("zh", "en"):
            render_pdf(_warm_up_report(language))
    except Exception:  # noqa: BLE001 - a warm-up must never stop a server from starting
        logger.warning("The PDF renderer could not be warmed up; the first PDF report will be slower.", exc_info=True)
    return time.perf_counter() - started


def render_pdf(report: Report, *, part_blocks: int = PART_BLOCKS) -> bytes:
    """The report as PDF bytes. `part_blocks` is the size of the parts a long report is laid out
    in (see the module's docstring); a report of fewer blocks is laid out in one piece."""
    html = render_html(report, for_print=True)
    return _Layout(report, html, part_blocks).pdf()


@dataclass
class _Part:
    """One part's result: its PDF, its pages' bookmarks, and where the next part starts."""

    pdf: bytes
    pages: list = field(default_factory=list)  # (bookmarks, height) of each page kept
    next_start: int | None = None  # the index of the block the next part starts with; None: done
    forced: bool = False  # the next part's first block starts a page by a forced break
    corrected: bool = False  # the part stopped early, before a page whose block is moved


class _Layout:
    def __init__(self, report: Report, html: str, part_blocks: int):
        import lxml.html
        from weasyprint.text.fonts import FontConfiguration

        self.report = report
        self.html = html
        self.part_blocks = max(1, part_blocks)
        self.tree = lxml.html.document_fromstring(html)
        self.blocks = _blocks(self.tree)
        self.font_config = FontConfiguration()  # shared by the parts: fonts are looked up once
        self.moved: list[str] = []  # ids of the blocks moved to the next page (see _footnote_pushed_on)

    def pdf(self) -> bytes:
        parts: list[_Part] = []
        start, forced, size = 0, False, self.part_blocks
        with _collector_paused():
            while start is not None:
                first_page = sum(len(part.pages) for part in parts) + 1
                part = self._part(start, first_page if start else None, forced=forced, size=size)
                parts.append(part)
                if part.next_start is not None:
                    size = _next_size(size, part.next_start - start, self.part_blocks, part.corrected)
                start, forced = part.next_start, part.forced
                gc.collect()  # the part's layout: memory holds one part's at a time
        return parts[0].pdf if len(parts) == 1 else _joined(parts)

    # -- one part ------------------------------------------------------------------------------

    def _part(self, start: int, first_page: int | None, *, forced: bool, size: int) -> _Part:
        """Lay out `size` blocks from `start` (the masthead and title with the first), keep the
        pages up to where the next part starts, and return them as PDF."""
        stop = min(start + size, len(self.blocks))
        relayouts, corrected = 0, False
        while True:
            document = self._render(start, stop, first_page, forced)
            if stop == len(self.blocks):
                keep, next_start = len(document.pages), None
            elif (cut := self._cut(document, start, stop, len(document.pages))) is not None:
                keep, next_start = cut
            else:  # no page of the part starts with a block (long ones): take more blocks
                stop = min(stop + size, len(self.blocks))
                continue
            problem = _footnote_pushed_on(document.pages[:keep])
            if problem is None:
                break
            page, block = problem
            if block in self.moved or relayouts == MAX_RELAYOUTS:
                logger.warning(
                    "A footnote of %s is printed a page after its call (%d layout corrections made).",
                    self.report.header_symbol or "the report",
                    len(self.moved),
                )
                break
            self.moved.append(block)
            # A long report stops the part before the page: the next part lays it out again with
            # the block moved, instead of this part being laid out again from its start.
            if len(self.blocks) > self.part_blocks and (cut := self._cut(document, start, stop, page + 1)):
                keep, next_start = cut
                corrected = True
                break
            relayouts += 1
        pages = document.pages[:keep]
        pdf = document.copy(pages).write_pdf() if keep < len(document.pages) else document.write_pdf()
        forced_next = next_start is not None and (
            self.blocks[next_start].get("id") in self.moved or PART_STARTS[_kind(self.blocks[next_start])] == "forced"
        )
        return _Part(pdf, [(page.bookmarks, page.height) for page in pages], next_start, forced_next, corrected)

    def _render(self, start: int, stop: int, first_page: int | None, forced: bool):
        """WeasyPrint's layout of the blocks [start, stop), those moved (`self.moved`) starting pages."""
        from weasyprint import CSS, HTML

        whole = (start, stop) == (0, len(self.blocks))
        html = HTML(string=self.html if whole else self._part_html(start, stop), base_url=None)
        ids = {self.blocks[index].get("id") for index in range(start, stop)}
        css = _page_breaks_before([block for block in self.moved if block in ids])
        if first_page is not None:
            css += _continuation_css(first_page)
            if not forced:  # its top margin goes, as after any page break that was not forced
                css += f"#{self.blocks[start].get('id')} {{ margin-top: 0 !important; }}\n"
        return html.render(stylesheets=[CSS(string=css)] if css else [], font_config=self.font_config)

    def _cut(self, document, start: int, stop: int, limit: int) -> tuple[int, int] | None:
        """(pages to keep, block the next part starts with): the last page before `limit`, after
        the first, that starts with the start of a block; None when no page does."""
        index = {self.blocks[i].get("id"): i for i in range(start, stop)}
        page_blocks = [_blocks_on(page._page_box, index) for page in document.pages[:limit]]  # WeasyPrint's
        for number in range(len(page_blocks) - 1, 0, -1):
            on_page, before = page_blocks[number], page_blocks[number - 1]
            if on_page and on_page[0] not in before and on_page[0] > start:
                return number, on_page[0]
        return None

    def _part_html(self, start: int, stop: int) -> str:
        """The print HTML with only the blocks [start, stop) (the masthead and title only in
        the first part) and without the chapters and sections left empty."""
        import lxml.html

        tree = copy.deepcopy(self.tree)
        blocks = _blocks(tree)
        for block in blocks[:start] + blocks[stop:]:
            block.getparent().remove(block)
        article = tree.find(".//article")
        if start:
            for element in list(article):
                if element.tag in ("header", "h1") or element.get("class") == "subtitle":
                    article.remove(element)
            blocks[start].set("data-symbol", self.report.header_symbol)
        for wrapper in reversed(list(article.iter("section"))):
            if wrapper.get("class") in ("chapter", "instrument") and len(wrapper) == 0:
                wrapper.getparent().remove(wrapper)
        return lxml.html.tostring(tree, encoding="unicode", doctype="<!DOCTYPE html>")


def _next_size(size: int, kept: int, most: int, corrected: bool) -> int:
    """How many blocks the next part lays out. After a part stopped early before a page whose
    block is moved (where footnotes are dense), a small part: twice the blocks kept, at least an
    eighth of `most`, so that the pages laid out and not kept are few where the next correction
    is likely near. Otherwise twice the last size, up to `most`."""
    if corrected:
        return min(most, max(1, most // 8, 2 * kept))
    return min(most, 2 * size)


@contextmanager
def _collector_paused():
    """Python's cyclic garbage collector off while a part is laid out, and what was alive before
    (Django, the report, the libraries) left out of its collections (gc.freeze). WeasyPrint makes
    millions of small objects per part; the collector, set off by their number, would walk them
    all again and again (about a tenth of a part's time). The part's garbage is collected once,
    after the part."""
    if not gc.isenabled():
        yield
        return
    gc.freeze()
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.unfreeze()


def _blocks(tree) -> list:
    """The elements a part may start with, in the order of the document."""
    return [
        element
        for element in tree.iter("p", "h2", "h3", "section")
        if element.get("id") and element.get("class") in PART_STARTS
    ]


def _kind(element) -> str:
    return element.get("class")


def _blocks_on(page_box, index: dict[str, int]) -> list[int]:
    """The blocks (their indexes) that have boxes on a page, in order."""
    found: list[int] = []
    for box in page_box.descendants():
        element = getattr(box, "element", None)
        if element is None:
            continue
        at = index.get(element.get("id"))
        if at is not None and (not found or found[-1] != at):
            found.append(at)
    return found


def _continuation_css(first_page: int) -> str:
    """A part after the first: its first page is numbered on from the pages before it and has
    the running header (the symbol is set by the first block's data-symbol). (Style sheets given
    to WeasyPrint's render() come before the document's own unless !important.)"""
    rule = "border-bottom: 0.5pt solid #000 !important;"
    return (
        "[data-symbol] { string-set: symbol attr(data-symbol) !important; }\n"
        f"@page :first {{ counter-reset: page {first_page};"
        f" @top-left {{ content: string(symbol) !important; {rule} }}"
        f" @top-right {{ content: counter(page) !important; {rule} }} }}\n"
    )


# -- correcting footnotes pushed a page on ----------------------------------------------------------


def _page_breaks_before(element_ids: list[str]) -> str:
    return "".join(f"#{element_id} {{ break-before: page; }}\n" for element_id in element_ids)


def _footnote_pushed_on(pages) -> tuple[int, str] | None:
    """(page index, block id): the first page that cites a footnote it does not show, and the
    block to start on the next page instead: the page's last one, with the headings right before
    it. A page whose only block that is would only move the problem, and is passed over."""
    for number, page in enumerate(pages):
        calls, notes, blocks = _page_contents(page._page_box)  # WeasyPrint's laid-out boxes
        if not calls - notes:
            continue
        index = len(blocks) - 1
        while index > 0 and blocks[index - 1][1] == "heading":
            index -= 1
        if index > 0:
            return number, blocks[index][0]
    return None


def _page_contents(page_box) -> tuple[set[str], set[str], list[tuple[str, str]]]:
    """On one page: the footnotes called, the footnotes shown, and the movable blocks in order
    as (element id, "text" or "heading")."""
    calls, notes, blocks = set(), set(), []
    for box in page_box.descendants():
        if getattr(box, "footnote", None) is not None:  # a footnote call
            calls.add(box.footnote.element.get("id"))
        if type(box).__name__ == "FootnoteAreaBox":
            notes.update(child.element.get("id") for child in box.children)
        block = _movable_block(box)
        if block and (not blocks or blocks[-1] != block):  # a block's line boxes share its element
            blocks.append(block)
    return calls, notes, blocks


def _movable_block(box) -> tuple[str, str] | None:
    element = getattr(box, "element", None)
    if element is None or box.element_tag not in ("p", "h2", "h3") or not element.get("id"):
        return None
    kind = MOVABLE.get(element.get("class"))
    return (element.get("id"), kind) if kind else None


# -- joining the parts ---------------------------------------------------------------------------


def _joined(parts: list[_Part]) -> bytes:
    """One PDF of the parts' pages, with the first part's metadata and language, and the outline
    of the whole report (a chapter's sections may be in several parts)."""
    from pypdf import PdfReader, PdfWriter
    from pypdf.generic import NameObject

    first = PdfReader(io.BytesIO(parts[0].pdf))
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part.pdf)), import_outline=False)
    if first.metadata:
        writer.add_metadata(dict(first.metadata))
    language = first.trailer["/Root"].get("/Lang")
    if language is not None:
        writer.root_object[NameObject("/Lang")] = language
    _outline(writer, [page for part in parts for page in part.pages])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _outline(writer, pages: list[tuple[list, float]]) -> None:
    """The bookmarks of the headings (WeasyPrint's, gathered per page) as the PDF's outline."""
    from pypdf.generic import Fit
    from weasyprint.document import Document

    stand_in = Document([SimpleNamespace(bookmarks=marks, height=height) for marks, height in pages], *[None] * 5)
    tree = stand_in.make_bookmark_tree(scale=PDF_UNITS_PER_PX, transform_pages=True)

    def add(subtrees, parent) -> None:
        for label, (page_number, x, y), children, state in subtrees:
            item = writer.add_outline_item(
                title=label,
                page_number=page_number,
                parent=parent,
                fit=Fit.xyz(left=x, top=y),
                is_open=state != "closed",
            )
            add(children, item)

    add(tree, None)
