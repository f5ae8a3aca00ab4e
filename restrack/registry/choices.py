"""Enumerations of the registry: what instruments, documents and partners can be."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class InstrumentKind(models.TextChoices):
    RESOLUTION = "resolution", _("resolution")
    DECISION = "decision", _("decision")


class ImplementationStatus(models.TextChoices):
    """The implementation status vocabulary shown on the tracker.

    An instrument with no status has not been assessed yet; the tracker says "not reported"
    rather than guessing.
    """

    NOT_STARTED = "not_started", _("Not started")
    UNDER_IMPLEMENTATION = "under_implementation", _("Under implementation")
    CONSTRAINED = "constrained", _("Implementation constrained")
    RECURRING = "recurring", _("Implemented, recurring")
    COMPLETED = "completed", _("Completed")
    SUPERSEDED = "superseded", _("Superseded")


class SessionPartKind(models.TextChoices):
    REGULAR = "regular", _("regular part")
    RESUMED = "resumed", _("resumed part")


class ReportLayout(models.TextChoices):
    """The shape of an Executive Director's report: how its chapters follow the instruments."""

    BY_SESSION = "by_session", _("a chapter per Assembly session, a section per instrument")
    BY_INSTRUMENT = "by_instrument", _("a chapter per instrument")


class DocumentKind(models.TextChoices):
    REPORT = "report", _("report")
    INFORMATION = "information", _("information document")
    AGENDA = "agenda", _("agenda")
    DECISION = "decision", _("decision")
    RESOLUTION = "resolution", _("resolution")
    OTHER = "other", _("other")


class PartnerKind(models.TextChoices):
    UN_ENTITY = "un_entity", _("United Nations entity")
    GOVERNMENT = "government", _("government")
    INTERGOVERNMENTAL = "intergovernmental", _("intergovernmental organization")
    ACADEMIA = "academia", _("academia and research")
    CIVIL_SOCIETY = "civil_society", _("civil society")
    PRIVATE_SECTOR = "private_sector", _("private sector")
    OTHER = "other", _("other")
