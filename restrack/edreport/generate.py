"""One way to produce a report file, used by `restrack generate-report` and the coordinator's
preview page: check what was asked, compose, render, name the file."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError

from restrack.edreport.choices import MEDIA_TYPES, ReportFormat, ReportLanguage
from restrack.edreport.compose import ReportOptions, compose_report
from restrack.edreport.content import Report
from restrack.edreport.render import render
from restrack.registry.choices import ReportLayout
from restrack.registry.numbering import normalize_symbol
from restrack.reporting.models import ReportingPeriod

AGENDA_ITEM_RE = re.compile(r"^\d{1,2}(?:\s*\([a-z]\))?$")


class ReportRequestError(ValueError):
    """What was asked cannot be produced; the message says what and how to fix it."""


@dataclass
class GeneratedReport:
    report: Report
    content: bytes
    file_name: str
    media_type: str


def find_period(label: str) -> ReportingPeriod:
    period = ReportingPeriod.objects.filter(label=(label or "").strip().upper()).select_related("board_session").first()
    if period is None:
        known = ", ".join(ReportingPeriod.objects.order_by("-start_date").values_list("label", flat=True)[:8])
        raise ReportRequestError(
            f"There is no reporting period {label!r}. Periods are named like 2024-H2"
            + (f"; known periods: {known}." if known else "; none exists yet.")
        )
    return period


def check_options(
    *,
    symbol: str | None = None,
    agenda_item: str | None = None,
    agenda_symbol: str | None = None,
    issued: str | date | None = None,
    funding_annex: bool = False,
    allow_missing: bool = False,
    layout: str | None = None,
) -> ReportOptions:
    """The coordinator's choices as `ReportOptions`, or ReportRequestError naming the bad one."""
    return ReportOptions(
        symbol=_symbol(symbol, "--symbol"),
        agenda_item=_agenda_item(agenda_item),
        agenda_symbol=_symbol(agenda_symbol, "--agenda-symbol"),
        issued=_date(issued),
        funding_annex=funding_annex,
        allow_missing=allow_missing,
        layout=_layout(layout),
    )


def _layout(value: str | None) -> str | None:
    if not value:
        return None
    if value not in ReportLayout.values:
        raise ReportRequestError(
            f"--layout: {value!r} is not a layout; give {' or '.join(ReportLayout.values)} (a chapter per Assembly "
            "session with a section per instrument, or a chapter per instrument)."
        )
    return value


def _symbol(value: str | None, option: str) -> str | None:
    if not value or not value.strip():
        return None
    try:
        return normalize_symbol(value)
    except ValidationError as error:
        raise ReportRequestError(f"{option}: {error.messages[0]}") from None


def _agenda_item(value: str | None) -> str | None:
    if not value or not value.strip():
        return None
    value = value.strip()
    if not AGENDA_ITEM_RE.match(value):
        raise ReportRequestError(f"--agenda-item: {value!r} is not an agenda item number; give it as 6 or 6 (a).")
    return value


def _date(value: str | date | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise ReportRequestError(f"--date: {value!r} is not a date; give it as YYYY-MM-DD, e.g. 2024-10-03.") from None


def file_name(report: Report, report_format: str) -> str:
    """ "HSP-EB.2024-20-zh.pdf" once the report has a symbol, else "report-2024-H2-zh.pdf"."""
    stem = report.masthead.symbol.replace("/", "-") if report.masthead.symbol else f"report-{report.period}"
    return f"{stem}-{report.language}.{report_format}"


def generate_report(
    period: ReportingPeriod, language: str, report_format: str, options: ReportOptions
) -> GeneratedReport:
    if language not in ReportLanguage.values:
        raise ReportRequestError(f"--language: {language!r} is not offered; use {' or '.join(ReportLanguage.values)}.")
    if report_format not in ReportFormat.values:
        raise ReportRequestError(f"--format: {report_format!r} is not offered; use {', '.join(ReportFormat.values)}.")
    report = compose_report(period, language, options)
    return GeneratedReport(
        report, render(report, report_format), file_name(report, report_format), MEDIA_TYPES[report_format]
    )
