from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FundingConfig(AppConfig):
    name = "restrack.funding"
    label = "funding"
    verbose_name = _("Funding")

    def ready(self):
        from restrack.core.guard import govern_app

        govern_app(self)  # written by restrack.funding.actions only

        from django.db.models.signals import post_delete, post_save, pre_save

        from restrack.funding import actions
        from restrack.funding.models import FundingRecord
        from restrack.registry.models import Instrument

        # The funding summary follows every saved or deleted record, and the instruments' moves
        # between bodies, sessions and kinds, which group it.
        post_save.connect(actions.follow_funding_record, sender=FundingRecord, dispatch_uid="restrack.funding.record")
        post_delete.connect(actions.follow_funding_record, sender=FundingRecord, dispatch_uid="restrack.funding.record")
        pre_save.connect(actions.note_instrument_group, sender=Instrument, dispatch_uid="restrack.funding.instrument")
        post_save.connect(
            actions.follow_instrument_group, sender=Instrument, dispatch_uid="restrack.funding.instrument"
        )
