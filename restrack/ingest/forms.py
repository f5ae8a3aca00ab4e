from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from restrack.ingest.choices import ReportLanguage
from restrack.reading.readers import MAX_FILE_BYTES
from restrack.reporting.periods import parse_period_label


class ReportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Report"), help_text=_(".txt (UTF-8, UTF-16 or GB18030), .pdf or .docx, up to 50 MB.")
    )
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=[("", _("detect"))] + list(ReportLanguage.choices)
    )
    symbol = forms.CharField(
        label=_("Document symbol"),
        required=False,
        help_text=_("When the report does not state it, e.g. HSP/EB.2020/2."),
    )
    period = forms.CharField(
        label=_("Reporting period"),
        required=False,
        help_text=_("YYYY-H1 or YYYY-H2, when the report names no Board session."),
    )
    replace = forms.BooleanField(label=_("Replace a different version already imported"), required=False)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is %(size)d MB; the limit is %(limit)d MB.")
                % {"size": upload.size // 2**20, "limit": MAX_FILE_BYTES // 2**20}
            )
        return upload

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        return str(parse_period_label(period)) if period else ""
