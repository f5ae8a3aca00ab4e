"""Who drafts which instrument's updates."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token
from simple_history import register as register_history
from simple_history.models import HistoricalRecords

from restrack.core.models import TimeStampedModel


class FocalPointAssignment(TimeStampedModel):
    """A focal point drafts the updates of the instruments assigned to them, and only those."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("focal point")
    )
    # Named by label: accounts sits below the registry in the layers (its policy serves every app).
    instrument = models.ForeignKey(
        "registry.Instrument", on_delete=models.CASCADE, related_name="focal_points", verbose_name=_("instrument")
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("focal point assignment")
        verbose_name_plural = _("focal point assignments")
        ordering = ["instrument", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "instrument"],
                name="focal_point_assignment_unique",
                violation_error_message=_("This person is already assigned to this instrument."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.instrument}"


# API tokens (rest_framework.authtoken) keep a history like every recorded model: who issued or
# revoked a person's token, when and why (restrack.accounts.actions). The key itself, a secret, is
# never copied into the history.
register_history(Token, app="restrack.accounts", excluded_fields=["key"], table_name="accounts_historicaltoken")
