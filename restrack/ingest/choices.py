"""Enumerations of report imports."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ImportState(models.TextChoices):
    PREVIEWED = "previewed", _("previewed, not imported")
    IMPORTED = "imported", _("imported")
    UNCHANGED = "unchanged", _("already imported, nothing changed")
    FAILED = "failed", _("failed")


class ReportLanguage(models.TextChoices):
    CHINESE = "zh", _("Chinese")
    ENGLISH = "en", _("English")
