"""restrack generate-report: write the Executive Director's report for a period."""

from __future__ import annotations

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from restrack.edreport.choices import ReportFormat, ReportLanguage
from restrack.edreport.compose import EmptyReport, MissingTranslations
from restrack.edreport.generate import ReportRequestError, check_options, find_period, generate_report


class Command(BaseCommand):
    help = (
        "Write the Executive Director's progress report for a reporting period, from its approved updates, "
        "as DOCX, PDF or HTML in Chinese or English."
    )

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="The reporting period, e.g. 2024-H2.")
        parser.add_argument("--language", required=True, choices=ReportLanguage.values)
        parser.add_argument(
            "--format",
            dest="report_format",
            choices=ReportFormat.values,
            help="docx, pdf or html (default: from --output's extension, else docx).",
        )
        parser.add_argument(
            "--output",
            metavar="PATH",
            help="Where to write the file, or a directory (default: the current directory, "
            "named after the symbol, e.g. HSP-EB.2024-20-zh.docx).",
        )
        parser.add_argument(
            "--symbol",
            help="The report's document symbol, e.g. HSP/EB.2024/20 "
            "(default: the symbol recorded for the period's report).",
        )
        parser.add_argument("--agenda-item", help="The agenda item it is issued under, e.g. 6.")
        parser.add_argument(
            "--agenda-symbol",
            help="The provisional agenda's symbol, cited in the asterisk footnote, e.g. HSP/EB.2024/14.",
        )
        parser.add_argument(
            "--date",
            dest="issued",
            help="The date in the masthead, YYYY-MM-DD (default: the recorded date, else today).",
        )
        parser.add_argument(
            "--funding-annex",
            action="store_true",
            help="Add an annex with each instrument's funding (requirements, mobilized, gap, gap %%).",
        )
        parser.add_argument(
            "--layout",
            choices=["by_session", "by_instrument"],
            help="by_session: a chapter per Assembly session with a section per instrument; by_instrument: a chapter "
            "per instrument, as the 2020 report (default: the shape of the report imported for the period, else "
            "by_session).",
        )
        parser.add_argument(
            "--allow-missing",
            action="store_true",
            help="Write the report even when texts lack this language: they are marked and given "
            "in the language they exist in.",
        )

    def handle(
        self,
        *args,
        period,
        language,
        report_format,
        output,
        symbol,
        agenda_item,
        agenda_symbol,
        issued,
        funding_annex,
        allow_missing,
        layout,
        **options,
    ):
        implied = _format_from(output)
        if report_format and implied and implied != report_format:
            raise CommandError(
                f"--output {output} ends in .{implied} but --format is {report_format}: make them agree."
            )
        report_format = report_format or implied or ReportFormat.DOCX
        started = time.perf_counter()
        try:
            found = find_period(period)
            choices = check_options(
                symbol=symbol,
                agenda_item=agenda_item,
                agenda_symbol=agenda_symbol,
                issued=issued,
                funding_annex=funding_annex,
                allow_missing=allow_missing,
                layout=layout,
            )
            self.stdout.write(f"Composing the {language} report for {found.label} ...")
            generated = generate_report(found, language, report_format, choices)
        except (ReportRequestError, EmptyReport) as error:
            raise CommandError(str(error)) from None
        except MissingTranslations as error:
            listed = "\n".join(f"  {item.what} (exists in: {', '.join(item.available_in)})" for item in error.missing)
            raise CommandError(
                f"{len(error.missing)} text(s) of the {found.label} report have no {language} version; nothing was "
                f"written:\n{listed}\nTranslate them in the update editor, or run again with --allow-missing to "
                "mark them in the report and use the text that exists."
            ) from None
        target = _target(output, generated.file_name)
        try:
            target.write_bytes(generated.content)
        except OSError as error:
            raise CommandError(f"Cannot write {target}: {error.strerror}.") from None
        report = generated.report
        for notice in report.notices:
            self.stdout.write(self.style.WARNING(f"Note: {notice}"))
        for item in report.missing:
            self.stdout.write(self.style.WARNING(f"Marked as missing in {language}: {item.what}"))
        paragraphs = sum(1 for _ in report.paragraphs())
        self.stdout.write(
            self.style.SUCCESS(
                f"Wrote {target} ({len(generated.content):,} bytes): {paragraphs} paragraphs, "
                f"{len(report.footnotes())} footnotes, in {time.perf_counter() - started:.1f} s."
            )
        )


def _format_from(output: str | None) -> str | None:
    suffix = Path(output).suffix.lower().lstrip(".") if output else ""
    return suffix if suffix in ReportFormat.values else None


def _target(output: str | None, default_name: str) -> Path:
    if not output:
        return Path(default_name)
    path = Path(output)
    if path.is_dir():
        return path / default_name
    if not path.parent.exists():
        raise CommandError(f"Cannot write {path}: the directory {path.parent} does not exist.")
    return path
