from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from restrack.core.admin import RecordedAdmin, RecordedTranslationAdmin
from restrack.reporting.models import Commitment, ProgressUpdate, ReportingPeriod, UpdateEntry


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(RecordedAdmin):
    list_display = ["label", "start_date", "end_date", "input_deadline", "board_session", "state"]
    list_filter = ["state"]
    search_fields = ["label"]


class UpdateEntryInline(TranslationStackedInline):
    model = UpdateEntry
    extra = 0
    fields = [
        "position",
        "text",
        "operative_paragraphs",
        "partners",
        "funding_constraint",
        "carried_over",
        "source_document",
        "source_paragraph",
    ]
    autocomplete_fields = ["operative_paragraphs", "partners", "source_document"]


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(RecordedTranslationAdmin):
    list_display = ["__str__", "period", "instrument", "status", "workflow_state", "author", "modified"]
    list_filter = ["period", "workflow_state", "status", "instrument__session"]
    search_fields = ["instrument__number", "entries__text_en", "entries__text_zh_hans"]
    list_select_related = ["period", "instrument", "author"]
    autocomplete_fields = ["instrument", "author", "reviewer", "source_document"]
    readonly_fields = ["version"]
    inlines = [UpdateEntryInline]


@admin.register(UpdateEntry)
class UpdateEntryAdmin(RecordedTranslationAdmin):
    list_display = ["__str__", "source_paragraph", "funding_constraint", "carried_over"]
    list_filter = ["update__period", "funding_constraint", "carried_over"]
    search_fields = ["text_en", "text_zh_hans", "update__instrument__number"]
    autocomplete_fields = ["update", "operative_paragraphs", "partners", "source_document"]


@admin.register(Commitment)
class CommitmentAdmin(RecordedTranslationAdmin):
    list_display = ["__str__", "instrument", "due_date", "due_precision", "state"]
    list_filter = ["state", "due_precision", "instrument__session"]
    search_fields = ["description_en", "description_zh_hans", "instrument__number"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["instrument", "promised_in", "delivered_in"]
