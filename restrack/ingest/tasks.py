"""Importing a large report as jobs: reading it and working out what it would change (the
preview), then importing it for real once confirmed. Both take long for a report of thousands of
paragraphs, so the upload page hands them to a worker and follows the job; the preview and the
import's record are then shown as for a small file."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.urls import reverse

from restrack.accounts.choices import Ability
from restrack.ingest import actions
from restrack.ingest.choices import ImportState
from restrack.ingest.gazetteers import partner_gazetteer
from restrack.ingest.models import ReportImport
from restrack.ingest.pipeline import parse_file
from restrack.jobs.runner import JobRefused, Outcome, job_task, submit
from restrack.reading.errors import IngestError

PREVIEW, IMPORT = "ingest.preview", "ingest.import"
UPLOADS = "jobs/uploads/"


def parse_upload(data: bytes, *, file_name: str, language: str, symbol: str):
    return parse_file(
        data=data, file_name=file_name, language=language or None, symbol=symbol or None, gazetteer=partner_gazetteer()
    )


def message_of(error: Exception) -> str:
    return str(error) if isinstance(error, IngestError) else " ".join(error.messages)


def request_preview(
    data: bytes,
    *,
    file_name: str,
    language: str,
    symbol: str,
    period: str,
    replace: bool,
    acting_user,
    force: bool = False,
):
    """Keep the uploaded file for the worker and ask it to read the report and preview the import."""
    stored = default_storage.save(f"{UPLOADS}{file_name}", ContentFile(data))
    return submit(
        PREVIEW,
        acting_user=acting_user,
        title=f"Reading {file_name} for an import",
        params={
            "upload": stored,
            "file_name": file_name,
            "language": language,
            "symbol": symbol,
            "period": period,
            "replace": replace,
            "force": force,
        },
    )


def request_import(report_import: ReportImport, *, acting_user):
    """Ask a worker to import for real what `report_import` previewed."""
    return submit(
        IMPORT,
        acting_user=acting_user,
        title=f"Importing {report_import.file_name}",
        params={"report_import": report_import.pk},
    )


@job_task(PREVIEW, ability=Ability.IMPORT_REPORT)
def preview_report(job, progress) -> Outcome:
    params, user = job.params, job.requested_by
    try:
        with default_storage.open(params["upload"], "rb") as handle:
            data = handle.read()
    except (FileNotFoundError, KeyError):
        raise JobRefused("The uploaded file is no longer kept; upload it again.") from None
    try:
        progress(0.02, "Reading the report")
        parsed = parse_upload(
            data, file_name=params["file_name"], language=params.get("language", ""), symbol=params.get("symbol", "")
        )
        total = len(parsed.paragraphs)
        progress(0.3, f"Working out what importing {total} paragraphs would change")
        summary = actions.import_report(
            parsed,
            acting_user=user,
            period=params.get("period") or None,
            replace=bool(params.get("replace")),
            force=bool(params.get("force")),
            dry_run=True,
            progress=progress.counter(total, "{done} of {total} paragraphs checked", start=0.3, end=0.9),
        )
        progress(0.95, "Keeping the preview")
        report_import = actions.record_preview(
            acting_user=user,
            file_name=params["file_name"],
            data=data,
            parsed=parsed,
            summary=summary,
            replace=bool(params.get("replace")),
            force=bool(params.get("force")),
        )
    except (IngestError, ValidationError) as error:
        raise JobRefused(message_of(error)) from None
    finally:
        default_storage.delete(params["upload"])
    return Outcome(
        summary={
            "lines": summary.lines(),
            "report_import": report_import.pk,
            "next_url": reverse("admin:ingest_reportimport_preview", args=[report_import.pk]),
            "next_label": "See the preview",
        }
    )


@job_task(IMPORT, ability=Ability.IMPORT_REPORT)
def import_previewed(job, progress) -> Outcome:
    user = job.requested_by
    report_import = ReportImport.objects.filter(pk=job.params.get("report_import")).first()
    if report_import is None or report_import.state != ImportState.PREVIEWED:
        raise JobRefused("This import is no longer waiting for confirmation: it was imported, failed or removed.")
    change_url = reverse("admin:ingest_reportimport_change", args=[report_import.pk])
    try:
        progress(0.02, "Reading the report")
        with report_import.file.open("rb") as handle:
            data = handle.read()
        parsed = parse_upload(
            data, file_name=report_import.file_name, language=report_import.language, symbol=report_import.symbol
        )
        total = len(parsed.paragraphs)
        progress(0.2, f"Importing {total} paragraphs")
        summary = actions.confirm_import(
            report_import,
            parsed,
            acting_user=user,
            progress=progress.counter(total, "{done} of {total} paragraphs imported", start=0.2, end=0.98),
        )
    except (IngestError, ValidationError) as error:
        actions.record_failure(report_import, message_of(error), acting_user=user)
        raise JobRefused(message_of(error)) from None
    return Outcome(
        summary={
            "lines": summary.lines(),
            "report_import": report_import.pk,
            "next_url": change_url,
            "next_label": "See the import's record",
        }
    )
