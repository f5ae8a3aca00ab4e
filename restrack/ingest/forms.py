from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from restrack.ingest.choices import ReportLanguage
from restrack.reading.limits import SETTINGS
from restrack.reporting.periods import parse_period_label


class DocumentUploadForm(forms.Form):
    """A form with a `file` field for a document the readers take: its help text names the
    configured size limit, and a larger file is refused before it is read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _(
            ".txt (UTF-8, UTF-16 or GB18030), .pdf, .docx or Akoma Ntoso .xml (as Restrack exports it), "
            "up to %(limit)d MB."
        ) % {"limit": settings.RESTRACK_IMPORT_LIMITS.report_mb}

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = settings.RESTRACK_IMPORT_LIMITS.report_bytes  # as restrack.reading.readers.read_document checks
        if upload.size > limit:
            raise ValidationError(
                _(
                    "The file is %(size).1f MB; the limit is %(limit)d MB. Supply the text or DOCX version, or a "
                    "PDF without large images; or ask the administrator to raise the limit (%(setting)s)."
                )
                % {"size": upload.size / 2**20, "limit": limit // 2**20, "setting": SETTINGS["report_mb"]}
            )
        return upload


class ReportUploadForm(DocumentUploadForm):
    file = forms.FileField(label=_("Report"))  # its help text names the configured size limit (__init__)
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
    force = forms.BooleanField(
        label=_("Store as a period's introduction"),
        required=False,
        help_text=_(
            "Only for a document that reports on no resolution or decision (refused otherwise): its paragraphs "
            "become the introduction of the reporting period, which must not be published yet."
        ),
    )

    def clean_period(self):
        period = self.cleaned_data["period"].strip()
        return str(parse_period_label(period)) if period else ""


RESOLUTION_LANGUAGE_CHOICES = [
    ("", _("detect")),
    ("en", "English"),
    ("zh", "中文"),
    ("fr", "Français"),
    ("es", "Español"),
    ("ru", "Русский"),
    ("ar", "العربية"),
]


class ResolutionUploadForm(DocumentUploadForm):
    file = forms.FileField(
        label=_("Resolution or decision text"),
        widget=forms.ClearableFileInput(attrs={"accept": ".txt,.pdf,.docx,.xml", "class": "form-control"}),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=RESOLUTION_LANGUAGE_CHOICES,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
