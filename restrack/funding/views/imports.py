"""Importing funding figures from a spreadsheet on the web: upload, preview every change (or every
problem, with row and column), confirm.

Between preview and confirmation the uploaded bytes wait in a file under the var directory,
named by a random token; the page carries only that token, signed together with the user, the
file name, the reason and a digest of the previewed changes. Keeping the bytes on the server
rather than in a base64 hidden field keeps the confirming request small (a hidden field of a
5 MB upload would pass Django's 2.5 MB DATA_UPLOAD_MAX_MEMORY_SIZE) and the signature stops
anyone confirming another person's upload. Confirming imports the file again in one
transaction and keeps it only if the digest equals the previewed one: when someone changed
figures meanwhile, the new preview is shown instead and nothing is written."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.contrib import messages
from django.core import signing
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from restrack.core.pending_uploads import PendingUploads
from restrack.funding.importing import COLUMNS, FundingImport, FundingImportError, import_funding_file
from restrack.funding.models import AMOUNT_FIELDS, FundingRecord
from restrack.funding.tables import too_large
from restrack.funding.views.access import FundingEditorRequiredMixin

PREVIEW_MAX_AGE = 60 * 60  # seconds a preview can be confirmed
SIGNING_SALT = "restrack.funding.import"
UPLOADS = PendingUploads("funding-imports")  # the uploaded bytes between preview and confirmation
KIND_LABELS = {"new": gettext_lazy("new"), "changed": gettext_lazy("changed"), "unchanged": gettext_lazy("unchanged")}


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Spreadsheet (CSV or XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv", "class": "form-control"}),
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason for changing published figures"),
        required=False,
        max_length=500,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        help_text=gettext_lazy(
            "Recorded in the history of every figure that changes; by default “Imported from” and the file name."
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > settings.RESTRACK_IMPORT_LIMITS.spreadsheet_bytes:  # as the command and read_table say
            raise forms.ValidationError(too_large(upload.size))
        return upload


class FundingImportView(FundingEditorRequiredMixin, View):
    """GET: the upload form. POST a file: its preview. POST `confirm`: the previewed changes written."""

    def get(self, request):
        return self._form_page(UploadForm())

    def post(self, request):
        if "confirm" in request.POST:
            return self._confirm()
        form = UploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self._form_page(form)
        upload = form.cleaned_data["file"]
        data = b"".join(upload.chunks())
        token = UPLOADS.keep(data)
        return self._preview(token, upload.name, form.cleaned_data["reason"])

    def _form_page(self, form, *, status=200):
        return render(
            self.request,
            "funding/import.html",
            {"form": form, "columns": COLUMNS, "max_mb": settings.RESTRACK_IMPORT_LIMITS.spreadsheet_mb},
            status=status,
        )

    def _preview(self, token: str, file_name: str, reason: str, *, outdated: FundingImport | None = None):
        """Check the kept file without writing and show what confirming would do."""
        try:
            result = outdated or import_funding_file(
                UPLOADS.kept(token), file_name, acting_user=self.request.user, reason=reason, dry_run=True
            )
        except FundingImportError as error:
            UPLOADS.forget(token)
            return render(
                self.request,
                "funding/import_preview.html",
                {"file_name": file_name, "problems": error.problems, "form": UploadForm()},
            )
        payload = {
            "token": token,
            "name": file_name,
            "reason": reason,
            "user": self.request.user.pk,
            "fingerprint": result.fingerprint,
        }
        return render(
            self.request,
            "funding/import_preview.html",
            {
                "file_name": file_name,
                "result": result,
                "rows": preview_rows(result),
                "reason": reason.strip() or _("Imported from %(file)s") % {"file": result.file_name},
                "confirmation": signing.dumps(payload, salt=SIGNING_SALT),
                "outdated": outdated is not None,
            },
        )

    def _confirm(self):
        payload = self._payload()
        if payload is None:
            messages.error(
                self.request, _("This preview has expired or its file is no longer kept; upload the file again.")
            )
            return redirect("funding:import")
        token, name, reason = payload["token"], payload["name"], payload["reason"]
        try:
            with transaction.atomic():
                result = import_funding_file(UPLOADS.kept(token), name, acting_user=self.request.user, reason=reason)
                if result.fingerprint != payload["fingerprint"]:
                    raise _Outdated(result)  # leaves the atomic block, undoing the import
        except _Outdated as outdated:
            messages.warning(
                self.request,
                _(
                    "The figures changed since your preview (someone recorded figures meanwhile), so nothing was "
                    "written. Check the new preview below and confirm again."
                ),
            )
            return self._preview(token, name, reason, outdated=outdated.result)
        except FundingImportError:
            return self._preview(token, name, reason)  # the new problems, with rows and columns
        UPLOADS.forget(token)
        counts = result.counts
        messages.success(
            self.request,
            _("%(file)s imported: %(new)d new, %(changed)d changed, %(unchanged)d unchanged.")
            % {"file": name, **counts},
        )
        periods = result.periods
        if len(periods) == 1:
            return redirect("funding:sheet", label=periods[0].label)
        return redirect("funding:overview")

    def _payload(self) -> dict | None:
        try:
            payload = signing.loads(
                self.request.POST.get("confirmation", ""), salt=SIGNING_SALT, max_age=PREVIEW_MAX_AGE
            )
        except signing.BadSignature:  # also SignatureExpired
            return None
        if payload.get("user") != self.request.user.pk or not UPLOADS.exists(payload["token"]):
            return None
        return payload


class _Outdated(Exception):
    def __init__(self, result: FundingImport):
        self.result = result


def preview_rows(result: FundingImport) -> list[dict]:
    """What the preview's table shows per row: the change and each field's old and new value."""
    labels = {name: FundingRecord._meta.get_field(name).verbose_name for name in (*AMOUNT_FIELDS, "note")}
    return [
        {
            "row": row.row,
            "instrument": row.instrument,
            "paragraph": row.paragraph,
            "period": row.period,
            "kind": row.kind,
            "kind_label": KIND_LABELS[row.kind],
            "public": row.changes_public_figures,
            "fields": [
                {
                    "name": item.name,
                    "label": labels[item.name],
                    "before": item.before,
                    "after": item.after,
                    "is_amount": item.name in AMOUNT_FIELDS,
                }
                for item in row.fields
            ],
        }
        for row in result.rows
    ]
