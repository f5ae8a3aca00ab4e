"""What the public tracker keeps to answer at any size: how many published report paragraphs name
each partner, and of how many instruments (PartnerMentions), so that the partners' list sorts by
them and a partner's page counts them without counting millions of paragraphs; and each period's
published updates, commitments and paragraphs (PeriodActivity), so that the list of periods and
a period's page do not count every update or paragraph; and when each operative paragraph was last
reported on (MandateReporting), for the mandates' list and coverage. Derived data, like the search
index: restrack.publish.partner_counts, period_counts and mandate_counts keep it current and
rebuild it."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from restrack.registry.models import OperativeParagraph, Partner
from restrack.reporting.models import ReportingPeriod


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


class PeriodActivity(models.Model):
    """A period's published updates (`updates`), the commitments their paragraphs promise
    (`commitments`), their paragraphs (`paragraphs`) and those of the updates that state a status
    (`statuses`), as the policy's public rule counts them, so that the list of periods reads one
    row per period instead of counting every published update and commitment, a period's page
    does not count its paragraphs, and the API's status history is paged without counting every
    published status. Derived data:
    restrack.publish.period_counts keeps it current and rebuilds it. A period without a row has
    none."""

    period = models.OneToOneField(
        ReportingPeriod,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="public_activity",
        verbose_name=_("period"),
    )
    updates = models.IntegerField(_("published updates"), default=0)
    commitments = models.IntegerField(_("commitments promised"), default=0)
    paragraphs = models.IntegerField(_("published paragraphs"), default=0)
    statuses = models.IntegerField(_("published updates stating a status"), default=0)

    class Meta:
        verbose_name = _("period's published activity")
        verbose_name_plural = _("periods' published activity")

    def __str__(self) -> str:
        return f"{self.period_id}: {self.updates} / {self.commitments}"


class PeriodComparison(models.Model):
    """The counts of the comparison of two public periods (`earlier`, `later`) over every
    instrument, as restrack.publish.selectors.comparison_counts counts them: the instruments, and
    those new, silent, whose status or whose funding changed (PeriodChange), so that the comparison
    page does not join every instrument to its updates and records of both periods. Kept for each
    pair of consecutive public periods (the page's default is the last two); derived data:
    restrack.publish.comparison_counts keeps it current and rebuilds it."""

    earlier = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("earlier period")
    )
    later = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("later period")
    )
    instruments = models.IntegerField(_("instruments"), default=0)
    new = models.IntegerField(_("new"), default=0)
    silent = models.IntegerField(_("silent"), default=0)
    status = models.IntegerField(_("status changed"), default=0)
    funding = models.IntegerField(_("funding changed"), default=0)

    class Meta:
        verbose_name = _("comparison of two periods")
        verbose_name_plural = _("comparisons of two periods")
        constraints = [
            models.UniqueConstraint(fields=["earlier", "later"], name="period_comparison_one_per_pair"),
        ]

    def __str__(self) -> str:
        return f"{self.earlier_id} → {self.later_id}"


class MandateReporting(models.Model):
    """The latest public period whose published report cites an operative paragraph, or its parent
    or grandparent (a report citing "OP 2" reports on 2(a)), with that period's start kept beside
    it, so that the mandates' list filters and sorts by when they were last reported on, and their
    coverage is counted, by an index instead of searching millions of citations. Derived data:
    restrack.publish.mandate_counts keeps it current and rebuilds it. A paragraph without a row was
    never reported on."""

    paragraph = models.OneToOneField(
        OperativeParagraph,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="public_reporting",
        verbose_name=_("operative paragraph"),
    )
    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="+", verbose_name=_("last reported in")
    )
    period_start = models.DateField(_("start of that period"), db_index=True)

    class Meta:
        verbose_name = _("when a paragraph was last reported on")
        verbose_name_plural = _("when paragraphs were last reported on")

    def __str__(self) -> str:
        return f"{self.paragraph_id}: {self.period_id}"
