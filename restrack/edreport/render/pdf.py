"""The Executive Director's report as a PDF: the print variant of the HTML laid out by WeasyPrint.

All page layout is CSS paged media in `edreport/_report_print.css` (A4, running headers from the
second page, footnotes at the bottom of the page that cites them). WeasyPrint embeds the fonts it
uses as subsets with their Unicode maps, so the text can be searched, copied and read back by
`restrack.ingest` (the round trip the tests check).

One correction is made after layout. To keep a paragraph's second line off the next page
(`orphans`), WeasyPrint moves the footnotes already placed on a page to the next one when that
makes room, so a footnote can end up a page after its call. When a page has a call without its
footnote, the block that was squeezed in at the bottom of that page (with the headings just
before it) is moved to the next page instead, and the document is laid out again.
"""

from __future__ import annotations

import logging

from restrack.edreport.content import Report
from restrack.edreport.render.html import render_html

# Each correction costs one more layout (about 0.5 s for 50 paragraphs of Chinese). The 2024
# report needs none; with a footnote in every third paragraph, four.
MAX_RELAYOUTS = 4
logger = logging.getLogger(__name__)
# The blocks that can be moved to the next page (classes in the print HTML) and, of those, the
# headings that go along with the block after them.
MOVABLE = {"para": "text", "section-title": "heading", "section-heading": "heading", "chapter-heading": "heading"}


def render_pdf(report: Report) -> bytes:
    # Imported here: WeasyPrint loads Pango and fontconfig, which only PDF output needs.
    from weasyprint import HTML

    html = HTML(string=render_html(report, for_print=True), base_url=None)
    # Title, language and description come from the HTML's <title>, lang and <meta> elements.
    return _laid_out(html, report).write_pdf()


def _laid_out(html, report: Report):
    """The laid-out document, with the blocks that pushed footnotes away moved to the next page
    (see the module's docstring)."""
    from weasyprint import CSS

    document = html.render()
    moved: list[str] = []
    while (block := _block_to_move(document)) is not None:
        if block in moved or len(moved) == MAX_RELAYOUTS:
            logger.warning(
                "A footnote of %s is printed a page after its call (%d layout corrections made).",
                report.header_symbol or "the report",
                len(moved),
            )
            break
        moved.append(block)
        document = html.render(stylesheets=[CSS(string=_page_breaks_before(moved))])
    return document


def _page_breaks_before(element_ids: list[str]) -> str:
    return "".join(f"#{element_id} {{ break-before: page; }}\n" for element_id in element_ids)


def _block_to_move(document) -> str | None:
    """The id of the first block to start on the next page: the last one of the first page that
    cites a footnote it does not show (with the headings right before it), or None."""
    for page in document.pages:
        calls, notes, blocks = _page_contents(page._page_box)  # WeasyPrint's laid-out boxes
        if not calls - notes:
            continue
        index = len(blocks) - 1
        while index > 0 and blocks[index - 1][1] == "heading":
            index -= 1
        if index > 0:  # the page's first block stays: moving it would only move the problem
            return blocks[index][0]
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
