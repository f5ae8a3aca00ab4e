"""The roles people have in the reporting cycle."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", _("administrator")
    COORDINATOR = "coordinator", _("coordinator")
    FOCAL_POINT = "focal_point", _("focal point")
    REVIEWER = "reviewer", _("reviewer")
    FINANCE_OFFICER = "finance_officer", _("finance officer")
    VIEWER = "viewer", _("viewer (Member State)")
