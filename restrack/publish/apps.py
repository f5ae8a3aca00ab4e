from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class PublishConfig(AppConfig):
    name = "restrack.publish"
    label = "publish"
    verbose_name = _("Public tracker")

    def ready(self):
        # The page cache forgets every stored answer after a public change (its receiver of
        # restrack.core.events.event_committed), after the search index is rewritten
        # (restrack.search.index.index_changed) and after migrations.
        from restrack.publish import page_cache

        post_migrate.connect(page_cache.forget_after_migrate, sender=self, dispatch_uid="restrack.publish.page_cache")

        # How many published paragraphs name each partner follows publication, the paragraphs'
        # partners and deletions (restrack.publish.partner_counts).
        from django.db.models.signals import post_delete, post_init, post_save, pre_delete, pre_save

        from restrack.publish import partner_counts as counts
        from restrack.reporting.models import ProgressUpdate, UpdateEntry

        connect_follower(counts.follower, "restrack.publish.partner_counts")

        # When each operative paragraph was last reported on follows publication, the paragraphs'
        # citations, deletions and new sub-paragraphs (restrack.publish.mandate_counts).
        from restrack.publish import mandate_counts
        from restrack.registry.models import OperativeParagraph

        connect_follower(mandate_counts.follower, "restrack.publish.mandate_counts")
        post_save.connect(
            mandate_counts.follow_new_paragraph,
            sender=OperativeParagraph,
            dispatch_uid="restrack.publish.mandate_counts",
        )

        # Each period's published updates, commitments and paragraphs follow publication,
        # commitments, paragraphs and deletions (restrack.publish.period_counts).
        from restrack.publish import period_counts
        from restrack.reporting.models import Commitment
        from restrack.reporting.signals import entries_added_in_bulk

        uid = "restrack.publish.period_counts"
        post_init.connect(period_counts.note_update_state, sender=ProgressUpdate, dispatch_uid=uid)
        post_save.connect(period_counts.follow_update, sender=ProgressUpdate, dispatch_uid=uid)
        post_delete.connect(period_counts.follow_deleted_update, sender=ProgressUpdate, dispatch_uid=uid)
        post_init.connect(period_counts.note_promise, sender=Commitment, dispatch_uid=uid)
        post_save.connect(period_counts.follow_commitment, sender=Commitment, dispatch_uid=uid)
        pre_delete.connect(period_counts.note_deleted_commitment, sender=Commitment, dispatch_uid=uid)
        post_delete.connect(period_counts.follow_deleted_commitment, sender=Commitment, dispatch_uid=uid)
        pre_delete.connect(period_counts.note_deleted_entry, sender=UpdateEntry, dispatch_uid=uid)
        post_save.connect(period_counts.follow_entry, sender=UpdateEntry, dispatch_uid=uid)
        entries_added_in_bulk.connect(period_counts.follow_bulk_entries, sender=UpdateEntry, dispatch_uid=uid)

        # The comparison of each two consecutive public periods follows updates, funding records,
        # instruments and periods (restrack.publish.comparison_counts).
        from restrack.funding.models import FundingRecord
        from restrack.publish import comparison_counts
        from restrack.registry.models import Instrument
        from restrack.reporting.models import ReportingPeriod

        uid = "restrack.publish.comparison_counts"
        for model in (ProgressUpdate, FundingRecord):
            pre_save.connect(comparison_counts.note_before, sender=model, dispatch_uid=uid)
            post_save.connect(comparison_counts.follow, sender=model, dispatch_uid=uid)
            pre_delete.connect(comparison_counts.note_before, sender=model, dispatch_uid=uid)
            post_delete.connect(comparison_counts.follow, sender=model, dispatch_uid=uid)
        post_save.connect(comparison_counts.follow_instrument, sender=Instrument, dispatch_uid=uid)
        pre_delete.connect(comparison_counts.note_deleted_instrument, sender=Instrument, dispatch_uid=uid)
        post_delete.connect(comparison_counts.follow_deleted_instrument, sender=Instrument, dispatch_uid=uid)
        post_save.connect(comparison_counts.follow_periods, sender=ReportingPeriod, dispatch_uid=uid)
        post_delete.connect(comparison_counts.follow_periods, sender=ReportingPeriod, dispatch_uid=uid)


def connect_follower(follower, uid: str) -> None:
    """The receivers of a restrack.publish.link_follower.LinkFollower, on the signals it follows."""
    from django.db.models.signals import m2m_changed, post_delete, post_init, post_save, pre_delete

    from restrack.reporting.models import ProgressUpdate, UpdateEntry
    from restrack.reporting.signals import entries_linked_in_bulk

    post_init.connect(follower.note_loaded_state, sender=ProgressUpdate, dispatch_uid=uid)
    post_save.connect(follower.follow_update, sender=ProgressUpdate, dispatch_uid=uid)
    m2m_changed.connect(follower.follow_links, sender=follower.through, dispatch_uid=uid)
    entries_linked_in_bulk.connect(follower.follow_bulk_links, sender=UpdateEntry, dispatch_uid=uid)
    pre_delete.connect(follower.note_deleted_entry, sender=UpdateEntry, dispatch_uid=uid)
    post_delete.connect(follower.follow_deleted_entry, sender=UpdateEntry, dispatch_uid=uid)
