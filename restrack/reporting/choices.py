"""Enumerations of the six-monthly reporting cycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodState(models.TextChoices):
    PLANNED = "planned", _("planned")
    OPEN = "open", _("open for inputs")
    CLOSED = "closed", _("closed for inputs")
    PUBLISHED = "published", _("published")


class WorkflowState(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for changes")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")


class CommitmentState(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


class WorkflowAction(models.TextChoices):
    """Named steps of the cycle, as the workflow log records them."""

    OPENED = "opened", _("opened")
    DRAFTED = "drafted", _("drafted")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned with comments")
    APPROVED = "approved", _("approved")
    PUBLISHED = "published", _("published")
    REVERTED = "reverted", _("reverted")
    CORRECTED = "corrected", _("corrected after publication")
    REMINDED = "reminded", _("reminders sent")
