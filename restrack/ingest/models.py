"""The record of every report import: what file, by whom, with what result."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from restrack.core.models import TimeStampedModel
from restrack.ingest.choices import ImportState
from restrack.registry.models import Document


class ReportImport(TimeStampedModel):
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/", blank=True)
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, db_index=True)
    language = models.CharField(_("language"), max_length=5, blank=True)
    symbol = models.CharField(_("symbol"), max_length=80, blank=True)
    period_label = models.CharField(_("period"), max_length=7, blank=True)
    state = models.CharField(_("state"), max_length=20, choices=ImportState.choices)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    error = models.TextField(_("error"), blank=True)
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="imports", verbose_name=_("document")
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="report_imports", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("report import")
        verbose_name_plural = _("report imports")
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_state_display()})"
