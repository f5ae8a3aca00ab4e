"""Enumerations of funding."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    """Where mobilized resources come from; each has its own column on FundingRecord."""

    CORE = "core", _("core (Foundation non-earmarked)")
    EARMARKED = "earmarked", _("earmarked")
    WINDOW = "window", _("Urban Action Funding Window")
    OTHER = "other", _("other")
