"""Importing progress reports: the actions behind `restrack import-report`, the admin's upload
page and `restrack load-samples`. Each checks the access policy, runs in one transaction (a
refused import writes nothing) and records its event; the import log (ReportImport) is written
here and nowhere else."""

from __future__ import annotations

from collections.abc import Callable

from django.core.files.base import ContentFile
from django.db import transaction

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.core.actions import atomic_action
from restrack.core.choices import EventKind
from restrack.core.events import emit
from restrack.core.recording import save_recorded
from restrack.ingest import importer, resolution_import
from restrack.ingest.choices import ImportState
from restrack.ingest.models import ReportImport
from restrack.ingest.resolution_import import ResolutionImportSummary
from restrack.reading.report import ParsedReport
from restrack.reading.resolution import ParsedResolution
from restrack.registry.models import Document


@atomic_action
def import_report(
    parsed: ParsedReport,
    *,
    acting_user,
    period: str | None = None,
    replace: bool = False,
    dry_run: bool = False,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> importer.ImportSummary:
    """Store `parsed` as tracked history (restrack.ingest.importer); with `dry_run`, do everything
    and roll it back, so the summary says exactly what the import would create and change. `force`
    stores a document that reports on no instrument as its period's introduction."""
    policy.require(acting_user, Ability.IMPORT_REPORT)
    summary = importer.import_report(
        parsed,
        acting_user=acting_user,
        period=period,
        replace=replace,
        dry_run=dry_run,
        progress=progress,
        force=force,
    )
    if dry_run:
        transaction.set_rollback(True)
    return summary


PREVIEW_TEXT = 200  # characters of each paragraph kept for the preview page


def preview_of(parsed: ParsedReport) -> dict:
    """What the preview page shows of a parsed report, kept with the import's record so that the
    page can be shown again (after a job read the report) without reading the file again."""
    return {
        "symbol": parsed.symbol,
        "title": parsed.title,
        "language": parsed.language,
        "instruments": parsed.instruments,
        "warnings": [warning.to_dict() for warning in parsed.warnings],
        "paragraphs": [
            {
                "number": paragraph.number,
                "section": {"reference": paragraph.section.reference, "kind": paragraph.section.kind},
                "text": paragraph.text[:PREVIEW_TEXT],
                "facts": {
                    "op_refs": [{"paragraph": ref.get("paragraph")} for ref in paragraph.facts.op_refs],
                    "entities": [{"code": entity.get("code")} for entity in paragraph.facts.entities],
                    "commitments": [{"due": commitment.get("due")} for commitment in paragraph.facts.commitments],
                },
            }
            for paragraph in parsed.paragraphs
        ],
    }


@atomic_action
def record_preview(
    *,
    acting_user,
    file_name: str,
    data: bytes,
    parsed: ParsedReport,
    summary: importer.ImportSummary,
    replace: bool,
    force: bool = False,
) -> ReportImport:
    """Keep an uploaded report and what importing it would do, until someone confirms it."""
    policy.require(acting_user, Ability.IMPORT_REPORT)
    report_import = ReportImport(
        file_name=file_name,
        sha256=parsed.source["sha256"],
        language=parsed.language,
        symbol=parsed.symbol or "",
        period_label=summary.period,
        created_by=acting_user,
        state=ImportState.PREVIEWED,
        summary={"replace": replace, "force": force, "plan": summary.as_dict(), "preview": preview_of(parsed)},
    )
    report_import.file.save(file_name, ContentFile(data), save=False)
    save_recorded(report_import, acting_user=acting_user, reason="Previewed")
    emit(EventKind.REPORT_PREVIEWED, actor=acting_user, target=report_import, data={"sha256": report_import.sha256})
    return report_import


@atomic_action
def confirm_import(
    report_import: ReportImport,
    parsed: ParsedReport,
    *,
    acting_user,
    progress: Callable[[int], None] | None = None,
) -> importer.ImportSummary:
    """Import for real what was previewed, and record the result on the import's record."""
    report_import = ReportImport.objects.select_for_update().get(pk=report_import.pk)
    summary = import_report(
        parsed,
        acting_user=acting_user,
        period=report_import.period_label or None,
        replace=report_import.summary.get("replace", False),
        force=report_import.summary.get("force", False),
        progress=progress,
    )
    report_import.state = ImportState.UNCHANGED if summary.unchanged else ImportState.IMPORTED
    report_import.summary = {**report_import.summary, "result": summary.as_dict()}
    report_import.document = Document.objects.filter(versions__sha256=report_import.sha256).first()
    save_recorded(report_import, acting_user=acting_user, reason="Imported")
    emit(
        EventKind.REPORT_IMPORTED,
        actor=acting_user,
        target=report_import,
        data={"unchanged": summary.unchanged, "period": summary.period},
        topics=[report_import.document] if report_import.document else (),
    )
    return summary


@atomic_action
def record_failure(report_import: ReportImport, error: str, *, acting_user) -> ReportImport:
    """Note on the import's record that importing it failed, and why (nothing else was written)."""
    policy.require(acting_user, Ability.IMPORT_REPORT)
    report_import = ReportImport.objects.select_for_update().get(pk=report_import.pk)
    report_import.state = ImportState.FAILED
    report_import.error = error
    save_recorded(report_import, acting_user=acting_user, reason="Import failed")
    emit(EventKind.REPORT_IMPORT_FAILED, actor=acting_user, target=report_import, reason=error)
    return report_import


@atomic_action
def import_resolution(
    parsed: ParsedResolution, *, acting_user, dry_run: bool = False, reason: str = ""
) -> ResolutionImportSummary:
    """Store the text of a resolution or decision in the registry (restrack.ingest.resolution_import):
    coordinators only; with `dry_run`, everything is done and rolled back, so the summary says
    exactly what the import would change."""
    policy.require(acting_user, Ability.EDIT_REGISTRY)
    summary = resolution_import.import_resolution(parsed, acting_user=acting_user, reason=reason)
    if dry_run:
        summary.dry_run = True
        transaction.set_rollback(True)
    return summary
