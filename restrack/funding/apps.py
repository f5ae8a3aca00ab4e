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
        from restrack.registry.models import Instrument, Session

        # The funding summary follows every saved or deleted record, and the instruments' moves
        # between bodies, sessions and kinds, which group it; the records' report order key
        # follows the instruments and sessions it is made of.
        post_save.connect(actions.follow_funding_record, sender=FundingRecord, dispatch_uid="restrack.funding.record")
        post_delete.connect(actions.follow_funding_record, sender=FundingRecord, dispatch_uid="restrack.funding.record")
        pre_save.connect(actions.note_instrument_group, sender=Instrument, dispatch_uid="restrack.funding.instrument")
        post_save.connect(
            actions.follow_instrument_group, sender=Instrument, dispatch_uid="restrack.funding.instrument"
        )
        pre_save.connect(actions.note_session_order, sender=Session, dispatch_uid="restrack.funding.session")
        post_save.connect(actions.follow_session_order, sender=Session, dispatch_uid="restrack.funding.session")
