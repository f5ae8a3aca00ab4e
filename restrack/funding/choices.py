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


class FundingBand(models.TextChoices):
    """How far an instrument's figures of one period are from its requirements, by gap % (the
    rounded per cent the pages show); counted by the funding page and usable as its filter."""

    FUNDED = "funded", _("fully funded or in surplus")
    GAP_UNDER_25 = "gap_under_25", _("gap under 25 %")
    GAP_25_TO_50 = "gap_25_to_50", _("gap of 25 % to under 50 %")
    GAP_50_TO_75 = "gap_50_to_75", _("gap of 50 % to under 75 %")
    # xgettext:no-python-format (a per cent sign, not a placeholder: "% o" reads as one to xgettext)
    GAP_75_OR_MORE = "gap_75_or_more", _("gap of 75 % or more")
    UNKNOWN = "unknown", _("gap unknown (figures missing)")
