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


class IntroductionState(models.TextChoices):
    """Where a period's introduction (chapter I of the Executive Director's report) stands: written
    by a coordinator, reviewed like an update, approved before the report goes out."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted for review")
    APPROVED = "approved", _("approved")


class CommitmentState(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    MISSED = "missed", _("missed")
    CANCELLED = "cancelled", _("cancelled")


class Recurrence(models.TextChoices):
    """Whether a commitment's date comes back: a day said to recur every year ("每年 11 月 25 日",
    "every year on 31 October") is never overdue; its due date is the occurrence the report meant."""

    ONCE = "", _("once")
    ANNUAL = "annual", _("every year")


class StatusSource(models.TextChoices):
    """Where an update's implementation status comes from: someone of the secretariat chose it in
    the cycle, or it was derived from the text of an imported report (restrack.reading.status),
    which the tracker shows as such, never as a confirmed assessment."""

    ASSESSED = "assessed", _("assessed")
    DERIVED = "derived", _("derived from the report text")
