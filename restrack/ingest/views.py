"""Importing a report from the admin: upload, see what would change, confirm. The import log is
written by the ingest actions; these views only read the form and show the outcome."""

from __future__ import annotations

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.ingest import actions
from restrack.ingest.choices import ImportState
from restrack.ingest.forms import ReportUploadForm
from restrack.ingest.gazetteers import partner_gazetteer
from restrack.ingest.models import ReportImport
from restrack.ingest.pipeline import parse_file
from restrack.reading.errors import IngestError


def _check_permission(request):
    if not policy.allows(request.user, Ability.IMPORT_REPORT):
        raise PermissionDenied(policy.refusal(request.user, Ability.IMPORT_REPORT))


def _message(error: Exception) -> str:
    return str(error) if isinstance(error, IngestError) else " ".join(error.messages)


def _parse(data: bytes, *, file_name: str, language: str, symbol: str):
    return parse_file(
        data=data,
        file_name=file_name,
        language=language or None,
        symbol=symbol or None,
        gazetteer=partner_gazetteer(),
    )


def upload_view(request):
    """Step 1: upload and preview (a dry run: nothing but the import record is written)."""
    _check_permission(request)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": "Import a progress report", "form": form}
    if request.method == "POST" and form.is_valid():
        upload, data = form.cleaned_data["file"], form.cleaned_data["file"].read()
        replace = form.cleaned_data["replace"]
        try:
            parsed = _parse(
                data, file_name=upload.name, language=form.cleaned_data["language"], symbol=form.cleaned_data["symbol"]
            )
            summary = actions.import_report(
                parsed,
                acting_user=request.user,
                period=form.cleaned_data["period"] or None,
                replace=replace,
                dry_run=True,
            )
        except (IngestError, ValidationError) as error:
            form.add_error(None, _message(error))
            return render(request, "ingest/upload.html", context)
        report_import = actions.record_preview(
            acting_user=request.user,
            file_name=upload.name,
            data=data,
            parsed=parsed,
            summary=summary,
            replace=replace,
        )
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
        parsed = _parse(
            data, file_name=report_import.file_name, language=report_import.language, symbol=report_import.symbol
        )
        summary = actions.confirm_import(report_import, parsed, acting_user=request.user)
    except (IngestError, ValidationError) as error:
        actions.record_failure(report_import, _message(error), acting_user=request.user)
        messages.error(request, _message(error))
        return redirect(reverse("admin:ingest_reportimport_change", args=[report_import.pk]))
    messages.success(request, " ".join(summary.lines()[:3]))
    return redirect(reverse("admin:ingest_reportimport_change", args=[report_import.pk]))
