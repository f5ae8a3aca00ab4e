"""Enumerations of the public tracker's filters and sorting."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingFilter(models.TextChoices):
    UNDER_FUNDED = "under_funded", _("under-funded")
    FUNDED = "funded", _("fully funded")
    NOT_REPORTED = "not_reported", _("funding not reported")


class DashboardSort(models.TextChoices):
    NUMBER = "number", _("number")
    STATUS = "status", _("status")
    REQUIREMENTS = "requirements", _("resource requirements")
    MOBILIZED = "mobilized", _("resources mobilized")
    GAP = "gap", _("funding gap")
    GAP_PERCENT = "gap_percent", _("gap %")
    OVERDUE = "overdue", _("overdue commitments")


class PeriodReported(models.TextChoices):
    """A period page's filter: did the instrument's update of the period get published?"""

    YES = "yes", _("reported")
    NO = "no", _("not reported in this period")


class PeriodChange(models.TextChoices):
    """What changed for an instrument between two periods (the comparison's filter)."""

    NEW = "new", _("new: first update")
    SILENT = "silent", _("silent: without an update in the later period")
    STATUS = "status", _("status changed")
    FUNDING = "funding", _("funding figures changed")


class PeriodSort(models.TextChoices):
    NUMBER = "number", _("number")
    STATUS = "status", _("status")
    PARAGRAPHS = "paragraphs", _("paragraphs")
    REQUIREMENTS = "requirements", _("resource requirements")
    MOBILIZED = "mobilized", _("resources mobilized")
    GAP = "gap", _("funding gap")


# Short column headings for the funding sources (the full names are FundingSource's labels).
SOURCE_SHORT_LABELS = {
    "core": _("Core"),
    "earmarked": _("Earmarked"),
    "window": _("Window"),
    "other": _("Other"),
}
