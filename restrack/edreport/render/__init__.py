"""Laying out a composed `Report` as DOCX, PDF, HTML or Akoma Ntoso XML. The renderers draw the same data."""

from __future__ import annotations

from restrack.edreport.choices import ReportFormat
from restrack.edreport.content import Report


def render(report: Report, report_format: str) -> bytes:
    # Imported here so that a page or command needing one format does not load the others
    # (WeasyPrint's start-up, in particular, is not free).
    if report_format == ReportFormat.DOCX:
        from restrack.edreport.render.docx import render_docx

        return render_docx(report)
    if report_format == ReportFormat.PDF:
        from restrack.edreport.render.pdf import render_pdf

        return render_pdf(report)
    if report_format == ReportFormat.HTML:
        from restrack.edreport.render.html import render_html

        return render_html(report).encode("utf-8")
    if report_format == ReportFormat.AKN:
        from restrack.edreport.render.akn import render_akn

        return render_akn(report)
    raise ValueError(f"Unknown report format {report_format!r}: use one of {', '.join(ReportFormat.values)}.")
