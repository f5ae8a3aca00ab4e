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


class OperativeAction(models.TextChoices):
    """What an operative paragraph does, by its operative verb (restrack.reading.mandates)."""

    DECIDES = "decides", _("decides")
    REQUESTS = "requests", _("requests")
    INVITES = "invites", _("invites")
    ENCOURAGES = "encourages", _("encourages")
    URGES = "urges", _("urges")
    CALLS_UPON = "calls_upon", _("calls upon")
    WELCOMES = "welcomes", _("welcomes")
    TAKES_NOTE = "takes_note", _("takes note")
    REAFFIRMS = "reaffirms", _("reaffirms")
    RECOGNIZES = "recognizes", _("recognizes")
    EMPHASIZES = "emphasizes", _("emphasizes")
    APPROVES = "approves", _("approves")
    AUTHORIZES = "authorizes", _("authorizes")
    EXPRESSES = "expresses", _("expresses appreciation")
    RECOMMENDS = "recommends", _("recommends")
    OTHER = "other", _("other")


class Addressee(models.TextChoices):
    """Whom an operative paragraph asks to act."""

    SECRETARIAT = "secretariat", _("the Executive Director and secretariat")
    MEMBER_STATES = "member_states", _("Member States")
    BOARD = "board", _("the Executive Board")
    PARTNERS = "partners", _("partners")
    BODY = "body", _("the body itself")
    OTHER = "other", _("others")


class DeliverableState(models.TextChoices):
    PENDING = "pending", _("pending")
    DELIVERED = "delivered", _("delivered")
    WITHDRAWN = "withdrawn", _("no longer due")


# The verbs with which a paragraph addressed to the secretariat asks it for something: such a
# paragraph is a mandate (restrack.reading.mandates.ASKING says the same, without Django).
MANDATE_ACTIONS = frozenset(
    {
        OperativeAction.DECIDES,
        OperativeAction.REQUESTS,
        OperativeAction.INVITES,
        OperativeAction.ENCOURAGES,
        OperativeAction.URGES,
        OperativeAction.CALLS_UPON,
        OperativeAction.APPROVES,
        OperativeAction.AUTHORIZES,
        OperativeAction.RECOMMENDS,
    }
)


class LinkRelation(models.TextChoices):
    """How an instrument's text relates to an instrument it refers to (restrack.reading.lineage)."""

    RECALLS = "recalls", _("recalls")
    REAFFIRMS = "reaffirms", _("reaffirms")
    SUPERSEDES = "supersedes", _("supersedes")
    FOLLOWS_UP = "follows_up", _("follows up")
    CITES = "cites", _("cites")


class LinkedBody(models.TextChoices):
    """The body of an instrument referred to: the registry's own, or another organ of the UN."""

    ASSEMBLY = "assembly", _("UN-Habitat Assembly")
    EXECUTIVE_BOARD = "executive-board", _("Executive Board")
    GENERAL_ASSEMBLY = "general-assembly", _("General Assembly")
    ECOSOC = "ecosoc", _("Economic and Social Council")
    OTHER = "other", _("another body")


class GoalFramework(models.TextChoices):
    SDG = "sdg", _("Sustainable Development Goals")
    NUA = "nua", _("New Urban Agenda")
