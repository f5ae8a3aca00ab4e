"""Importing a report from the admin: upload, see what would change, confirm. The import log is
written by the ingest actions; these views only read the form and show the outcome.

A file of RESTRACK_IMPORT_JOB_MIN_KB or more is read, previewed and imported by jobs
(restrack.ingest.tasks) in a worker: the page follows the job, then shows the same preview (from
what the job kept on the import's record) and the same confirmation."""

from __future__ import annotations

from types import SimpleNamespace

from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from restrack.accounts import policy
from restrack.accounts.choices import Ability
from restrack.ingest import actions, tasks
from restrack.ingest.choices import ImportState
from restrack.ingest.forms import ReportUploadForm
from restrack.ingest.importer import ImportSummary
from restrack.ingest.models import ReportImport
from restrack.jobs.models import Job
from restrack.reading.errors import IngestError


def _check_permission(request):
    if not policy.allows(request.user, Ability.IMPORT_REPORT):
        raise PermissionDenied(policy.refusal(request.user, Ability.IMPORT_REPORT))


def _through_a_job(size: int) -> bool:
    return size >= settings.RESTRACK_IMPORT_JOB_MIN_KB * 1024


def upload_view(request):
    """Step 1: upload and preview (a dry run: nothing but the import record is written)."""
    _check_permission(request)
    form = ReportUploadForm(request.POST or None, request.FILES or None)
    context = {**admin.site.each_context(request), "title": "Import a progress report", "form": form}
    if request.method == "POST" and form.is_valid():
        upload, data = form.cleaned_data["file"], form.cleaned_data["file"].read()
        replace, force = form.cleaned_data["replace"], form.cleaned_data["force"]
        if _through_a_job(len(data)):
            job = tasks.request_preview(
                data,
                file_name=upload.name,
                language=form.cleaned_data["language"],
                symbol=form.cleaned_data["symbol"],
                period=form.cleaned_data["period"],
                replace=replace,
                force=force,
                acting_user=request.user,
            )
            return redirect("admin:ingest_reportimport_job", job.pk)
        try:
            parsed = tasks.parse_upload(
                data, file_name=upload.name, language=form.cleaned_data["language"], symbol=form.cleaned_data["symbol"]
            )
            summary = actions.import_report(
                parsed,
                acting_user=request.user,
                period=form.cleaned_data["period"] or None,
                replace=replace,
                dry_run=True,
                force=force,
            )
        except (IngestError, ValidationError) as error:
            form.add_error(None, tasks.message_of(error))
            return render(request, "ingest/upload.html", context)
        report_import = actions.record_preview(
            acting_user=request.user,
            file_name=upload.name,
            data=data,
            parsed=parsed,
            summary=summary,
            replace=replace,
            force=force,
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


def preview_view(request, pk: int):
    """The preview of an import waiting for confirmation, from what was kept on its record."""
    _check_permission(request)
    report_import = get_object_or_404(ReportImport, pk=pk, state=ImportState.PREVIEWED)
    plan = dict(report_import.summary.get("plan", {}))
    plan.pop("unchanged", None)
    summary = ImportSummary(**{key: value for key, value in plan.items() if key in ImportSummary.__dataclass_fields__})
    preview = report_import.summary.get("preview") or {}
    parsed = SimpleNamespace(
        symbol=preview.get("symbol") or report_import.symbol,
        title=preview.get("title") or "",
        language=preview.get("language") or report_import.language,
        instruments=preview.get("instruments", []),
        warnings=preview.get("warnings", []),
        paragraphs=preview.get("paragraphs", []),
    )
    context = {**admin.site.each_context(request), "title": "Preview of the import"}
    return render(
        request,
        "ingest/preview.html",
        {**context, "report_import": report_import, "parsed": parsed, "summary": summary},
    )


def job_view(request, pk: int):
    """A job of an import, followed until it ends; then on to its preview or record."""
    _check_permission(request)
    job = get_object_or_404(policy.visible_to(request.user, Job.objects.all()), pk=pk)
    next_url = job.result.get("next_url") if job.state == "done" else None
    if next_url:
        return redirect(next_url)
    return render(request, "ingest/job.html", {**admin.site.each_context(request), "title": job.title, "job": job})


@require_POST
def confirm_view(request, pk: int):
    """Step 2: import for real what was previewed."""
    _check_permission(request)
    report_import = get_object_or_404(ReportImport, pk=pk, state=ImportState.PREVIEWED)
    if report_import.file and _through_a_job(report_import.file.size):
        running = (
            policy.visible_to(request.user, Job.objects.filter(kind=tasks.IMPORT, state__in=["queued", "running"]))
            .filter(params__report_import=report_import.pk)
            .first()
        )
        job = running or tasks.request_import(report_import, acting_user=request.user)
        return redirect("admin:ingest_reportimport_job", job.pk)
    with report_import.file.open("rb") as handle:
        data = handle.read()
    try:
        parsed = tasks.parse_upload(
            data, file_name=report_import.file_name, language=report_import.language, symbol=report_import.symbol
        )
        summary = actions.confirm_import(report_import, parsed, acting_user=request.user)
    except (IngestError, ValidationError) as error:
        actions.record_failure(report_import, tasks.message_of(error), acting_user=request.user)
        messages.error(request, tasks.message_of(error))
        return redirect(reverse("admin:ingest_reportimport_change", args=[report_import.pk]))
    messages.success(request, " ".join(summary.lines()[:3]))
    return redirect(reverse("admin:ingest_reportimport_change", args=[report_import.pk]))
