from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from restrack.core.admin import RecordedAdmin, RecordedTranslationAdmin
from restrack.reporting.models import (
    Commitment,
    EntryFootnote,
    ProgressUpdate,
    ReportingPeriod,
    ReviewComment,
    UpdateEntry,
    UpdateVersion,
    WorkflowEvent,
)


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


class EntryFootnoteInline(TranslationStackedInline):
    model = EntryFootnote
    extra = 0
    fields = ["position", "text", "anchor"]


@admin.register(UpdateEntry)
class UpdateEntryAdmin(RecordedTranslationAdmin):
    list_display = ["__str__", "source_paragraph", "funding_constraint", "carried_over"]
    list_filter = ["update__period", "funding_constraint", "carried_over"]
    search_fields = ["text_en", "text_zh_hans", "update__instrument__number"]
    autocomplete_fields = ["update", "operative_paragraphs", "partners", "source_document"]
    inlines = [EntryFootnoteInline]


@admin.register(EntryFootnote)
class EntryFootnoteAdmin(RecordedTranslationAdmin):
    list_display = ["__str__", "entry", "position"]
    list_filter = ["entry__update__period"]
    search_fields = ["text_en", "text_zh_hans"]
    autocomplete_fields = ["entry"]


@admin.register(Commitment)
class CommitmentAdmin(RecordedTranslationAdmin):
    list_display = ["__str__", "instrument", "due_date", "due_precision", "state"]
    list_filter = ["state", "due_precision", "instrument__session"]
    search_fields = ["description_en", "description_zh_hans", "instrument__number"]
    date_hierarchy = "due_date"
    autocomplete_fields = ["instrument", "promised_in", "delivered_in"]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Records written by the cycle's steps; shown, never edited by hand."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(WorkflowEvent)
class WorkflowEventAdmin(ReadOnlyAdmin):
    """The workflow log: read only, written by the cycle's steps."""

    list_display = ["created", "period", "update", "action", "user", "comment"]
    list_filter = ["action", "period"]
    search_fields = ["comment", "user__username", "update__instrument__number", "request_id"]
    list_select_related = ["period", "update__instrument", "update__period", "user"]


@admin.register(UpdateVersion)
class UpdateVersionAdmin(ReadOnlyAdmin):
    list_display = ["update", "version", "workflow_state", "user", "reason", "created"]
    list_filter = ["workflow_state", "update__period"]
    search_fields = ["update__instrument__number", "user__username", "reason"]
    list_select_related = ["update__instrument", "update__period", "user"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyAdmin):
    list_display = ["event", "entry", "text"]
    search_fields = ["text"]
    list_select_related = ["event__update__instrument", "event__update__period", "event__user", "entry"]
