"""The base of every Restrack admin page: field history (django-simple-history's history view),
one input per language for translated fields, and saves that go through the recorded write path."""

from django.contrib import admin
from django.db import models
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from restrack.core.actions import delete_edited, save_edited

admin.site.site_header = "Restrack administration"
admin.site.site_title = "Restrack"
admin.site.index_title = "Resolution implementation tracking"


class RecordedAdminMixin:
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}

    def save_model(self, request, obj, form, change):
        save_edited(obj, acting_user=request.user, reason="Edited in the admin" if change else "Added in the admin")

    def delete_model(self, request, obj):
        delete_edited(obj, acting_user=request.user, reason="Deleted in the admin")

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


class RecordedAdmin(RecordedAdminMixin, SimpleHistoryAdmin):
    pass


# Not the tabbed variant: it loads jQuery UI from a CDN, and Restrack's machines have no internet.
class RecordedTranslationAdmin(RecordedAdminMixin, SimpleHistoryAdmin, TranslationAdmin):
    pass
