"""The base of every Restrack admin page: field history (django-simple-history's history view), one
input per language for translated fields, and writes that go through the app's actions.

An admin either names the actions that save and delete its records (`save_action`,
`delete_action`: each checks the access policy, records history and an event) or is read-only
(`ReadOnlyAdmin`): records the workflow governs are changed on the working pages, never here."""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from restrack.core.models import Event

admin.site.site_header = "Restrack administration"
admin.site.site_title = "Restrack"
admin.site.index_title = "Resolution implementation tracking"


class ActionAdminMixin:
    """Saves and deletes, inline ones too, through `save_action(obj, acting_user=, reason=)` and
    `delete_action(obj, acting_user=, reason=)`."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    save_action = None
    delete_action = None

    def save_model(self, request, obj, form, change):
        type(self).save_action(
            obj, acting_user=request.user, reason="Edited in the admin" if change else "Added in the admin"
        )

    def delete_model(self, request, obj):
        type(self).delete_action(obj, acting_user=request.user, reason="Deleted in the admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.delete_model(request, obj)
        for obj in instances:
            self.save_model(request, obj, None, obj.pk is not None)
        formset.save_m2m()


class RecordedAdmin(ActionAdminMixin, SimpleHistoryAdmin):
    pass


# Not the tabbed variant: it loads jQuery UI from a CDN, and Restrack's machines have no internet.
class RecordedTranslationAdmin(ActionAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    pass


class ReadOnlyMixin:
    """Shown, never edited here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    """Records with field history, changed only by their actions elsewhere."""


class ReadOnlyTranslationAdmin(ReadOnlyMixin, SimpleHistoryAdmin, TranslationAdmin):
    pass


class ReadOnlyLogAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """Logs the actions write (events, versions, review comments)."""


@admin.register(Event)
class EventAdmin(ReadOnlyLogAdmin):
    """The event log: what every action did, by whom, when and why."""

    list_display = ["created", "kind", "target_repr", "actor", "reason", "request_id"]
    list_filter = ["kind", "target_type"]
    search_fields = ["target_repr", "reason", "actor__username", "request_id"]
    list_select_related = ["actor", "target_type"]
    date_hierarchy = "created"
