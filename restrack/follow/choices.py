"""What a visitor may follow by e-mail, and what they are told."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class FollowScope(models.TextChoices):
    TRACKER = "tracker", _("the whole tracker")
    INSTRUMENT = "instrument", _("an instrument")
    PARTNER = "partner", _("a partner")


class NoticeKind(models.TextChoices):
    """What one mail told one follower (recorded so that nothing is told twice)."""

    DIGEST = "digest", _("digest of a published period")
    GAP = "gap", _("funding gap crossed the threshold")
    OVERDUE = "overdue", _("commitment overdue")
