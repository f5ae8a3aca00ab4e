"""Enumerations of funding."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingSource(models.TextChoices):
    """Where mobilized resources come from; each has its own column on FundingRecord."""

    CORE = "core", _("core (Foundation non-earmarked)")
    EARMARKED = "earmarked", _("earmarked")
    WINDOW = "window", _("Urban Action Funding Window")
    OTHER = "other", _("other")


class ContributionKind(models.TextChoices):
    """How money reaches the Urban Action Funding Window (decision 2023/6 and the donor
    agreements that allow moving a finished project's balance into it)."""

    NEW = "new", _("new contribution")
    TRANSFER = "transfer", _("transfer of a project balance")


class LedgerMovement(models.TextChoices):
    CONTRIBUTION = "contribution", _("contribution")
    ALLOCATION = "allocation", _("allocation")
