"""Enumerations every app shares: the kinds of event the actions record."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class EventKind(models.TextChoices):
    """What an action did. Every action records one event of one of these kinds, in the same
    transaction as its writes (restrack.core.events); pages, feeds, caches and notifications read
    the kind, never the wording of a reason."""

    # The six-monthly cycle: periods.
    PERIOD_CREATED = "period.created", _("period created")
    PERIOD_EDITED = "period.edited", _("period edited")
    PERIOD_OPENED = "period.opened", _("opened")
    PERIOD_PUBLISHED = "period.published", _("published")
    PERIOD_REMINDED = "period.reminded", _("reminders sent")
    INTRODUCTION_SUBMITTED = "period.introduction_submitted", _("introduction submitted for review")
    INTRODUCTION_RETURNED = "period.introduction_returned", _("introduction returned with comments")
    INTRODUCTION_APPROVED = "period.introduction_approved", _("introduction approved")
    # The six-monthly cycle: updates.
    UPDATE_CREATED = "update.created", _("created")
    UPDATE_DRAFTED = "update.drafted", _("drafted")
    UPDATE_SUBMITTED = "update.submitted", _("submitted")
    UPDATE_RETURNED = "update.returned", _("returned with comments")
    UPDATE_APPROVED = "update.approved", _("approved")
    UPDATE_PUBLISHED = "update.published", _("published")
    UPDATE_REVERTED = "update.reverted", _("reverted")
    UPDATE_CORRECTED = "update.corrected", _("corrected after publication")
    UPDATE_IMPORTED = "update.imported", _("imported from a report")
    # Report imports.
    REPORT_PREVIEWED = "report.previewed", _("report import previewed")
    REPORT_IMPORTED = "report.imported", _("report imported")
    REPORT_IMPORT_FAILED = "report.import_failed", _("report import failed")
    # The registry.
    SESSION_CREATED = "registry.session_created", _("session created")
    INSTRUMENT_CREATED = "registry.instrument_created", _("instrument created")
    INSTRUMENT_EDITED = "registry.instrument_edited", _("instrument edited")
    INSTRUMENT_STATUS_SET = "registry.status_set", _("implementation status set")
    OPERATIVE_PARAGRAPH_ADDED = "registry.paragraph_added", _("operative paragraph added")
    RESOLUTION_TEXT_IMPORTED = "registry.text_imported", _("resolution text imported")
    PARAGRAPH_CLASSIFIED = "registry.paragraph_classified", _("operative paragraph's verb and addressee set")
    DELIVERABLE_SET = "registry.deliverable_set", _("report due set")
    GOAL_LINKED = "registry.goal_linked", _("goal linked")
    GOAL_UNLINKED = "registry.goal_unlinked", _("goal link removed")
    OVERLAPS_REBUILT = "registry.overlaps_rebuilt", _("overlaps between paragraphs found again")
    PARTNER_CREATED = "registry.partner_created", _("partner created")
    PARTNER_ALIAS_ADDED = "registry.alias_added", _("partner name added")
    DOCUMENT_RECORDED = "registry.document_recorded", _("document recorded")
    DOCUMENT_EDITED = "registry.document_edited", _("document edited")
    DOCUMENT_VERSION_RECORDED = "registry.document_version_recorded", _("document language version recorded")
    REFERENCE_DATA_LOADED = "registry.reference_data_loaded", _("reference data loaded")
    REGISTRY_RECORD_EDITED = "registry.record_edited", _("registry record edited in the admin")
    REGISTRY_RECORD_DELETED = "registry.record_deleted", _("registry record deleted in the admin")
    # Funding and the Urban Action Funding Window.
    FUNDING_RECORDED = "funding.recorded", _("funding figures recorded")
    CONTRIBUTION_RECORDED = "funding.contribution_recorded", _("contribution to the window recorded")
    CONTRIBUTION_WITHDRAWN = "funding.contribution_withdrawn", _("contribution to the window withdrawn")
    ALLOCATION_MADE = "funding.allocation_made", _("allocation from the window made")
    ALLOCATION_CANCELLED = "funding.allocation_cancelled", _("allocation from the window cancelled")
    # People.
    ROLE_SET = "accounts.role_set", _("role given")
    FOCAL_POINT_ASSIGNED = "accounts.assigned", _("focal point assigned")
    FOCAL_POINT_UNASSIGNED = "accounts.unassigned", _("focal point assignment removed")
    API_TOKEN_ISSUED = "accounts.token_issued", _("API token issued")
    API_TOKEN_REVOKED = "accounts.token_revoked", _("API token revoked")
    # Following by e-mail (restrack.follow); private: the log names what is followed, never who.
    FOLLOW_REQUESTED = "follow.requested", _("following by e-mail asked for")
    FOLLOW_CONFIRMED = "follow.confirmed", _("following by e-mail confirmed")
    FOLLOW_ENDED = "follow.ended", _("following by e-mail ended")
    FOLLOWERS_TOLD = "follow.told", _("followers told by e-mail")
