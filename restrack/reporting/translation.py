"""Translatable fields of the reporting cycle; field history is registered after them (see
restrack.registry.translation for why)."""

from modeltranslation.translator import TranslationOptions, register
from simple_history import register as register_history

from restrack.reporting.models import Commitment, EntryFootnote, ProgressUpdate, ReportingPeriod, UpdateEntry


@register(ReportingPeriod)
class ReportingPeriodTranslation(TranslationOptions):
    fields = ("introduction", "closing_title", "closing")


@register(ProgressUpdate)
class ProgressUpdateTranslation(TranslationOptions):
    fields = ("summary",)


@register(UpdateEntry)
class UpdateEntryTranslation(TranslationOptions):
    fields = ("text",)


@register(EntryFootnote)
class EntryFootnoteTranslation(TranslationOptions):
    # The marker's place depends on the wording, so each language keeps its own.
    fields = ("text", "anchor")


@register(Commitment)
class CommitmentTranslation(TranslationOptions):
    fields = ("description",)


register_history(ReportingPeriod)
register_history(ProgressUpdate, excluded_fields=["instrument_order"])  # derived: not edited
register_history(UpdateEntry, m2m_fields=["operative_paragraphs", "partners"])
register_history(Commitment)
register_history(EntryFootnote)
