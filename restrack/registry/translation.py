"""Translatable fields of the registry (one column per UN language, via django-modeltranslation).

Field history for these models is registered here, after the translation fields exist, so that
the historical tables record every language's text (django-simple-history's documented way of
working with modeltranslation).
"""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from restrack.registry.models import (
    LISTING_COPIES,
    Deliverable,
    Document,
    Goal,
    GoverningBody,
    Instrument,
    OperativeParagraph,
    Partner,
    Session,
    SessionPart,
)


@register(GoverningBody)
class GoverningBodyTranslation(TranslationOptions):
    fields = ("name", "abbreviation")


@register(Session)
class SessionTranslation(TranslationOptions):
    fields = ("place",)


@register(SessionPart)
class SessionPartTranslation(TranslationOptions):
    fields = ("place",)


@register(Instrument)
class InstrumentTranslation(TranslationOptions):
    fields = ("title", "preamble")


@register(OperativeParagraph)
class OperativeParagraphTranslation(TranslationOptions):
    fields = ("text",)


@register(Goal)
class GoalTranslation(TranslationOptions):
    fields = ("name",)


@register(Document)
class DocumentTranslation(TranslationOptions):
    fields = ("title", "agenda_item_title")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "short_name")


for model in (GoverningBody, Session, SessionPart, Document, Partner):
    register_history(model)
register_history(Deliverable)
register_history(Instrument, excluded_fields=["report_order"])  # derived: not edited
# Its copies of the instrument's place (listing_*) are derived, not edited: not recorded.
register_history(OperativeParagraph, excluded_fields=list(LISTING_COPIES))
