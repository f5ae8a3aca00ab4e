"""The reporting cycle in the admin: to look things up and read their history. Updates, their
paragraphs, footnotes and commitments change only through the cycle (the editor, the API, imports),
whose actions keep versions and events; a period's deadline, Board session and introduction are
edited here through the period's action, its state never."""

from django.contrib import admin
from modeltranslation.admin import TranslationStackedInline

from restrack.core.admin import ReadOnlyLogAdmin, ReadOnlyTranslationAdmin, RecordedTranslationAdmin
from restrack.core.translation_fields import get_translations, translated_field_names
from restrack.reporting.actions import create_reporting_period, update_reporting_period
from restrack.reporting.actions.periods import EDITABLE
from restrack.reporting.models import (
    Commitment,
    EntryFootnote,
    ProgressUpdate,
    ReportingPeriod,
    ReviewComment,
    UpdateEntry,
    UpdateVersion,
)


def _save_period(period, *, acting_user, reason):
    """The admin's form filled `period`; hand its fields to the period's actions."""
    translated = translated_field_names(ReportingPeriod)
    values = {
        name: get_translations(period, name) if name in translated else getattr(period, name)
        for name in EDITABLE
        if name != "board_session"
    }
    values["board_session"] = period.board_session
    if period.pk is None:
        created = create_reporting_period(period.label, acting_user=acting_user, reason=reason, **values)
        period.pk = created.pk
        return created
    return update_reporting_period(  # period.version: the one the admin's form was filled from
        ReportingPeriod.objects.get(pk=period.pk),
        acting_user=acting_user,
        reason=reason,
        version=period.version,
        **values,
    )


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(RecordedTranslationAdmin):
    list_display = ["label", "start_date", "end_date", "input_deadline", "board_session", "state", "introduction_state"]
    list_filter = ["state"]
    search_fields = ["label"]
    save_action = staticmethod(_save_period)

    def get_readonly_fields(self, request, obj=None):
        # Both states move only through their steps (the cycle's, the introduction's review).
        return ["state", "introduction_state"] if obj is None else ["label", "state", "introduction_state"]

    def has_delete_permission(self, request, obj=None):
        return False  # a period holds updates and figures; it is never deleted


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
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyTranslationAdmin):
    list_display = ["__str__", "period", "instrument", "status", "workflow_state", "author", "version", "modified"]
    list_filter = ["period", "workflow_state", "status", "instrument__session"]
    search_fields = ["instrument__number", "entries__text_en", "entries__text_zh_hans"]
    list_select_related = ["period", "instrument", "author"]
    inlines = [UpdateEntryInline]


@admin.register(UpdateEntry)
class UpdateEntryAdmin(ReadOnlyTranslationAdmin):
    list_display = ["__str__", "source_paragraph", "funding_constraint", "carried_over"]
    list_filter = ["update__period", "funding_constraint", "carried_over"]
    search_fields = ["text_en", "text_zh_hans", "update__instrument__number"]


@admin.register(EntryFootnote)
class EntryFootnoteAdmin(ReadOnlyTranslationAdmin):
    list_display = ["__str__", "entry", "position"]
    list_filter = ["entry__update__period"]
    search_fields = ["text_en", "text_zh_hans"]


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyTranslationAdmin):
    list_display = ["__str__", "instrument", "due_date", "due_precision", "state"]
    list_filter = ["state", "due_precision", "instrument__session"]
    search_fields = ["description_en", "description_zh_hans", "instrument__number"]
    date_hierarchy = "due_date"


@admin.register(UpdateVersion)
class UpdateVersionAdmin(ReadOnlyLogAdmin):
    list_display = ["update", "version", "workflow_state", "user", "reason", "created"]
    list_filter = ["workflow_state", "update__period"]
    search_fields = ["update__instrument__number", "user__username", "reason"]
    list_select_related = ["update__instrument", "update__period", "user"]


@admin.register(ReviewComment)
class ReviewCommentAdmin(ReadOnlyLogAdmin):
    list_display = ["event", "entry", "text"]
    search_fields = ["text"]
    list_select_related = ["event__actor", "entry"]
