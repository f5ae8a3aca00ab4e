from django.contrib import admin
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from restrack.core.admin import ReadOnlyAdmin, ReadOnlyLogAdmin, ReadOnlyMixin, RecordedAdmin, RecordedTranslationAdmin
from restrack.registry.actions import delete_record, save_record
from restrack.registry.models import (
    Deliverable,
    Document,
    DocumentVersion,
    Goal,
    GoalLink,
    GoverningBody,
    Instrument,
    InstrumentLink,
    OperativeParagraph,
    ParagraphBand,
    ParagraphFingerprint,
    ParagraphOverlap,
    Partner,
    PartnerAlias,
    Session,
    SessionPart,
)


class RegistryAdmin(RecordedAdmin):
    """Saves and deletes through the registry's actions (policy, history, event)."""

    save_action = staticmethod(save_record)
    delete_action = staticmethod(delete_record)


class RegistryTranslationAdmin(RecordedTranslationAdmin):
    save_action = staticmethod(save_record)
    delete_action = staticmethod(delete_record)


@admin.register(GoverningBody)
class GoverningBodyAdmin(RegistryTranslationAdmin):
    list_display = ["code", "name", "abbreviation", "symbol_prefix", "sessions_numbered_by_year"]
    search_fields = ["code", "name_en", "name_zh_hans", "abbreviation_en", "abbreviation_zh_hans"]


class SessionPartInline(TranslationTabularInline):
    model = SessionPart
    extra = 0


@admin.register(Session)
class SessionAdmin(RegistryTranslationAdmin):
    list_display = ["__str__", "body", "number", "year", "sequence_in_year", "start_date", "end_date", "place"]
    list_filter = ["body", "year"]
    search_fields = ["place_en", "place_zh_hans", "year"]
    inlines = [SessionPartInline]


@admin.register(SessionPart)
class SessionPartAdmin(RegistryTranslationAdmin):
    list_display = ["__str__", "session", "kind", "start_date", "end_date", "place"]
    list_filter = ["kind", "session__body"]
    search_fields = ["place_en", "place_zh_hans"]


class OperativeParagraphInline(TranslationTabularInline):
    model = OperativeParagraph
    fields = ["number", "parent", "order", "text"]
    extra = 0
    show_change_link = True


@admin.register(Instrument)
class InstrumentAdmin(RegistryTranslationAdmin):
    list_display = ["__str__", "title", "session", "status", "lead_unit", "is_active"]
    list_filter = ["kind", "body", "session", "status", "is_active"]
    search_fields = ["number", "title_en", "title_zh_hans", "document_symbol", "lead_unit"]
    list_select_related = ["body", "session", "session__body"]
    readonly_fields = ["sequence"]
    inlines = [OperativeParagraphInline]


@admin.register(OperativeParagraph)
class OperativeParagraphAdmin(RegistryTranslationAdmin):
    list_display = ["__str__", "instrument", "number", "order"]
    list_filter = ["instrument__kind", "instrument__session"]
    search_fields = ["number", "text_en", "text_zh_hans", "instrument__number"]
    list_select_related = ["instrument"]
    autocomplete_fields = ["instrument", "parent"]


class DocumentVersionInline(admin.TabularInline):
    model = DocumentVersion
    extra = 0


@admin.register(Document)
class DocumentAdmin(RegistryTranslationAdmin):
    list_display = ["__str__", "kind", "date", "session", "agenda_item", "original_language"]
    list_filter = ["kind", "original_language"]
    search_fields = ["symbol", "title_en", "title_zh_hans"]
    date_hierarchy = "date"
    inlines = [DocumentVersionInline]


@admin.register(DocumentVersion)
class DocumentVersionAdmin(RegistryAdmin):
    list_display = ["__str__", "language", "file_name", "sha256", "created"]
    list_filter = ["language"]
    search_fields = ["document__symbol", "file_name", "sha256"]
    autocomplete_fields = ["document"]


class PartnerAliasInline(admin.TabularInline):
    model = PartnerAlias
    extra = 0


@admin.register(Partner)
class PartnerAdmin(RegistryTranslationAdmin):
    list_display = ["code", "name", "short_name", "kind", "is_self"]
    list_filter = ["kind", "is_self"]
    search_fields = ["code", "name_en", "name_zh_hans", "short_name_en", "short_name_zh_hans", "aliases__text"]
    inlines = [PartnerAliasInline]


@admin.register(PartnerAlias)
class PartnerAliasAdmin(RegistryAdmin):
    list_display = ["text", "language", "partner"]
    list_filter = ["language", "partner__kind"]
    search_fields = ["text", "partner__code"]
    autocomplete_fields = ["partner"]


# What the resolution texts' import derives, shown here and changed only by the actions that
# write it (restrack.ingest.resolution_import, the coordinator's work pages, restrack find-overlaps).


@admin.register(Deliverable)
class DeliverableAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "body", "session_number", "session_year", "session_order", "recurring", "state"]
    list_filter = ["state", "body", "recurring"]
    search_fields = ["paragraph__instrument__number", "paragraph__number"]
    list_select_related = ["paragraph__instrument", "body"]


@admin.register(InstrumentLink)
class InstrumentLinkAdmin(ReadOnlyLogAdmin):
    list_display = ["source", "relation", "target_body", "target_kind", "target_number", "target", "where"]
    list_filter = ["relation", "target_body"]
    search_fields = ["source__number", "target_number", "text"]
    list_select_related = ["source", "target"]


@admin.register(Goal)
class GoalAdmin(ReadOnlyMixin, TranslationAdmin):
    """The reference list of goals and agenda references (reference/goals.json)."""

    list_display = ["code", "name", "framework"]
    list_filter = ["framework"]
    search_fields = ["code", "name_en", "name_zh_hans"]


@admin.register(GoalLink)
class GoalLinkAdmin(ReadOnlyLogAdmin):
    list_display = ["__str__", "goal", "instrument", "paragraph", "detected"]
    list_filter = ["detected", "goal__framework"]
    search_fields = ["goal__code", "instrument__number"]
    list_select_related = ["goal", "instrument", "paragraph"]


@admin.register(ParagraphOverlap)
class ParagraphOverlapAdmin(ReadOnlyLogAdmin):
    list_display = ["__str__", "paragraph", "other", "language", "similarity", "same_body"]
    list_filter = ["language", "same_body"]
    search_fields = ["paragraph__instrument__number", "other__instrument__number"]
    list_select_related = ["paragraph__instrument", "other__instrument"]


@admin.register(ParagraphFingerprint)
class ParagraphFingerprintAdmin(ReadOnlyLogAdmin):
    """The index of paragraphs alike: a MinHash signature per paragraph and language."""

    list_display = ["__str__", "paragraph", "language"]
    list_filter = ["language"]
    search_fields = ["paragraph__instrument__number"]
    list_select_related = ["paragraph__instrument"]


@admin.register(ParagraphBand)
class ParagraphBandAdmin(ReadOnlyLogAdmin):
    list_display = ["__str__", "language", "bucket"]
    list_filter = ["language"]
