"""Enumerations of report generation."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportLanguage(models.TextChoices):
    """The languages a report can be written in; values are the command's --language."""

    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")


class ReportFormat(models.TextChoices):
    DOCX = "docx", _("Word (DOCX)")
    PDF = "pdf", _("PDF")
    HTML = "html", _("HTML")
    AKN = "xml", _("Akoma Ntoso (XML)")


# The content language (modeltranslation's column suffix) for each report language.
CONTENT_LANGUAGE = {ReportLanguage.CHINESE: "zh-hans", ReportLanguage.ENGLISH: "en"}

MEDIA_TYPES = {
    ReportFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ReportFormat.PDF: "application/pdf",
    ReportFormat.HTML: "text/html; charset=utf-8",
    ReportFormat.AKN: "application/akn+xml; charset=utf-8",
}
