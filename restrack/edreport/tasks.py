"""The Executive Director's report as a job: composing and rendering a whole period's report
(DOCX, PDF or HTML) takes too long for a request, so the report page asks a worker for the file
and shows its progress until it can be downloaded."""

from __future__ import annotations

from restrack.accounts.choices import Ability
from restrack.edreport.choices import MEDIA_TYPES, ReportFormat, ReportLanguage
from restrack.edreport.compose import EmptyReport, MissingTranslations, compose_report
from restrack.edreport.generate import ReportRequestError, check_options, file_name, find_period
from restrack.edreport.render import render
from restrack.jobs.runner import JobRefused, Outcome, job_task, submit

KIND = "edreport.report"
OPTION_NAMES = ("symbol", "agenda_item", "agenda_symbol", "issued", "funding_annex", "allow_missing", "layout")


def request_report(period, language: str, report_format: str, choices: dict, *, acting_user):
    """Ask a worker for the report of `period` in `language` and `report_format`, with the
    coordinator's `choices` (the report form's fields, as text); returns the job."""
    options = {name: choices.get(name) for name in OPTION_NAMES if choices.get(name) not in (None, "")}
    return submit(
        KIND,
        acting_user=acting_user,
        title=f"Executive Director's report for {period.label} ({language}, {report_format.upper()})",
        params={"period": period.label, "language": language, "format": report_format, "options": options},
    )


def _missing_message(error: MissingTranslations) -> str:
    listing = "; ".join(f"{item.what} (exists in {', '.join(item.available_in)})" for item in error.missing[:100])
    more = f"; and {len(error.missing) - 100} more" if len(error.missing) > 100 else ""
    return (
        f"{len(error.missing)} text(s) have no version in this language: {listing}{more}. Translate them in the "
        "update editor, or tick “Allow missing translations” to have them marked in the report."
    )


@job_task(KIND, ability=Ability.GENERATE_REPORT)
def write_report(job, progress) -> Outcome:
    params = job.params
    language, report_format = params.get("language"), params.get("format")
    if language not in ReportLanguage.values or report_format not in ReportFormat.values:
        raise JobRefused(f"A report in {language!r} as {report_format!r} is not offered.")
    choices = params.get("options", {})
    try:
        period = find_period(params.get("period", ""))
        options = check_options(
            **{name: choices.get(name) for name in OPTION_NAMES if name not in ("funding_annex", "allow_missing")},
            funding_annex=bool(choices.get("funding_annex")),
            allow_missing=bool(choices.get("allow_missing")),
        )
    except ReportRequestError as error:
        raise JobRefused(str(error)) from None
    progress(0.05, "Composing the report from the period's updates")
    try:
        report = compose_report(period, language, options)
    except MissingTranslations as error:
        raise JobRefused(_missing_message(error)) from None
    except EmptyReport as error:
        raise JobRefused(str(error)) from None
    progress(0.4, f"Writing the {report_format.upper()} file")
    content = render(report, report_format)
    progress(0.95, "Storing the file")
    return Outcome(
        summary={
            "lines": [str(notice) for notice in report.notices],
            "paragraphs": sum(1 for _paragraph in report.paragraphs()),
            "missing": len(report.missing),
        },
        content=content,
        file_name=file_name(report, report_format),
        media_type=MEDIA_TYPES[report_format],
    )
