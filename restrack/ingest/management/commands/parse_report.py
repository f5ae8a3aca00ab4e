"""`restrack parse-report FILE`: read a progress report and print its structure; no database."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from restrack.ingest.pipeline import LANGUAGE_CHOICES, parse_file
from restrack.reading.errors import IngestError


class Command(BaseCommand):
    help = "Read a progress report (.txt, .pdf, .docx) and print its paragraphs and facts. Writes nothing."
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        parser.add_argument("file", help="The report: .txt (UTF-8, UTF-16 or GB18030), .pdf or .docx.")
        parser.add_argument(
            "--language", choices=LANGUAGE_CHOICES, help="The report's language (detected when omitted)."
        )
        parser.add_argument("--symbol", help="The report's document symbol, when the text does not state it.")
        parser.add_argument("--format", choices=("json", "text"), default="text", dest="output_format")

    def handle(self, *args, file, language, symbol, output_format, **options):
        try:
            report = parse_file(file, language=language, symbol=symbol)
        except IngestError as error:
            raise CommandError(str(error)) from None
        if output_format == "json":
            self.stdout.write(json.dumps(report.to_dict(), ensure_ascii=False, indent=2))
            return
        self.stdout.write(render_text(report))


def render_text(report) -> str:
    meeting = report.meeting
    lines = [
        f"Symbol: {report.symbol or '(not stated)'}    agenda: {report.agenda_symbol or '-'}    language: {report.language}",
        f"Title: {report.title or '-'}",
        f"Meeting: {meeting.body or '-'} {meeting.year or ''} session {meeting.session or '-'}, "
        f"{meeting.start or '?'} to {meeting.end or '?'}, {meeting.place or '-'}; agenda item {meeting.agenda_item or '-'}",
        f"Paragraphs: {len(report.paragraphs)}; instruments: {', '.join(report.instruments)}",
        "",
    ]
    for paragraph in report.paragraphs:
        section = paragraph.section.reference or paragraph.section.kind
        lines.append(
            f"{paragraph.number:>3}. [{section}] {paragraph.text[:80]}{'…' if len(paragraph.text) > 80 else ''}"
        )
        facts = paragraph.facts
        for label, values in (
            ("OPs", [f"{r['instrument']} OP{r['paragraph']}" for r in facts.op_refs]),
            ("partners", [e["code"] for e in facts.entities]),
            ("dates", [d["value"] for d in facts.dates]),
            ("amounts", [f"{a['value']} {a['currency']}" for a in facts.amounts]),
            ("commitments", [c["due"] for c in facts.commitments]),
            ("symbols", facts.symbols),
            ("footnotes", [f"{f.marker}: {f.text[:50]}" for f in paragraph.footnotes]),
        ):
            if values:
                lines.append(f"       {label}: {', '.join(map(str, values))}")
        if facts.funding_constraint:
            lines.append("       funding constraint")
    for warning in report.warnings:
        lines.append(f"warning (line {warning.line}): {warning.message}")
    return "\n".join(lines)
