"""Importing a report from the admin: upload, see what would change, confirm."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from restrack.ingest.choices import ImportState
from restrack.ingest.forms import ReportUploadForm
from restrack.ingest.gazetteers import partner_gazetteer
from restrack.ingest.importer import import_report
from restrack.ingest.models import ReportImport
from restrack.ingest.pipeline import parse_file
from restrack.reading.errors import IngestError


def _check_permission(request):
    if not request.user.has_perm("ingest.add_reportimport"):
        raise PermissionDenied


def _parse_and_plan(report_import: ReportImport, data: bytes, acting_user, *, dry_run: bool, replace: bool):
    parsed = parse_file(
        data=data,
        file_name=report_import.file_name,
        language=report_import.language or None,
        symbol=report_import.symbol or None,
        gazetteer=partner_gazetteer(),
    )
    summary = import_report(
        parsed, acting_user=acting_user, period=report_import.period_label or None, replace=replace, dry_run=dry_run
    )
    return parsed, summary


def upload_view(request):
    """Step 1: upload and preview (a dry run: nothing but the import record is written)."""
    _check_permission(request)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": "Import a progress report", "form": form}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        report_import = ReportImport(
            file_name=upload.name,
            language=form.cleaned_data["language"],
            symbol=form.cleaned_data["symbol"],
            period_label=form.cleaned_data["period"],
            created_by=request.user,
            state=ImportState.PREVIEWED,
            summary={"replace": form.cleaned_data["replace"]},
        )
        try:
            parsed, summary = _parse_and_plan(
                report_import, data, request.user, dry_run=True, replace=form.cleaned_data["replace"]
            )
        except (IngestError, ValidationError) as error:
            form.add_error(None, str(error) if isinstance(error, IngestError) else " ".join(error.messages))
            return render(request, "ingest/upload.html", context)
        report_import.sha256 = parsed.source["sha256"]
        report_import.language = parsed.language
        report_import.symbol = parsed.symbol or ""
        report_import.period_label = summary.period
        report_import.summary = {"replace": form.cleaned_data["replace"], "plan": summary.as_dict()}
        report_import.file.save(upload.name, ContentFile(data), save=False)
        report_import.save()
        return render(
            request,
            "ingest/preview.html",
            {
                **context,
                "title": "Preview of the import",
                "report_import": report_import,
                "parsed": parsed,
                "summary": summary,
            },
        )
    return render(request, "ingest/upload.html", context)


@require_POST
def confirm_view(request, pk: int):
    """Step 2: import for real what was previewed."""
    _check_permission(request)
    report_import = get_object_or_404(ReportImport, pk=pk, state=ImportState.PREVIEWED)
    with report_import.file.open("rb") as handle:
        data = handle.read()
    try:
        _parsed, summary = _parse_and_plan(
            report_import, data, request.user, dry_run=False, replace=report_import.summary.get("replace", False)
        )
    except (IngestError, ValidationError) as error:
        report_import.state = ImportState.FAILED
        report_import.error = str(error) if isinstance(error, IngestError) else " ".join(error.messages)
        report_import.save()
        messages.error(request, report_import.error)
        return redirect(reverse("admin:ingest_reportimport_change", args=[report_import.pk]))
    report_import.state = ImportState.UNCHANGED if summary.unchanged else ImportState.IMPORTED
    report_import.summary = {**report_import.summary, "result": summary.as_dict()}
    from restrack.registry.models import Document

    report_import.document = Document.objects.filter(versions__sha256=report_import.sha256).first()
    report_import.save()
    messages.success(request, " ".join(summary.lines()[:3]))
    return redirect(reverse("admin:ingest_reportimport_change", args=[report_import.pk]))
