"""What the public tracker keeps to answer at any size: how many published report paragraphs name
each partner, and of how many instruments (PartnerMentions), so that the partners' list sorts by
them and a partner's page counts them without counting millions of paragraphs. Derived data, like
the search index: restrack.publish.partner_counts keeps it current and rebuilds it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from restrack.registry.models import Partner


class PartnerMentions(models.Model):
    """A partner's published paragraphs (`mentions`) and the instruments they report on
    (`instruments`), as the policy's public rule for report paragraphs counts them. A partner
    without a row is named by no published paragraph."""

    partner = models.OneToOneField(
        Partner, on_delete=models.CASCADE, primary_key=True, related_name="public_mentions", verbose_name=_("partner")
    )
    mentions = models.PositiveIntegerField(_("paragraphs"), default=0)
    instruments = models.PositiveIntegerField(_("instruments"), default=0)

    class Meta:
        verbose_name = _("partner's published mentions")
        verbose_name_plural = _("partners' published mentions")

    def __str__(self) -> str:
        return f"{self.partner_id}: {self.mentions} / {self.instruments}"
