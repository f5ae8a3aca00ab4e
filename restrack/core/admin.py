"""The base of every Restrack admin page: field history (django-simple-history's history view), one
input per language for translated fields, and writes that go through the app's actions.

An admin either names the actions that save and delete its records (`save_action`,
`delete_action`: each checks the access policy, records history and an event) or is read-only
(`ReadOnlyAdmin`): records the workflow governs are changed on the working pages, never here.

The change form of a versioned record (restrack.core.concurrency.Versioned) carries the version
it was filled from, hidden; a save over someone else's later save is refused with the form shown
again and who changed what (checked again by the action on the locked row)."""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models
from django.http import HttpResponseRedirect
from modeltranslation.admin import TranslationAdmin
from simple_history.admin import SimpleHistoryAdmin

from restrack.core.concurrency import StaleRecord, Versioned, check_version, version_from
from restrack.core.models import Event

admin.site.site_header = "Restrack administration"
admin.site.site_title = "Restrack"
admin.site.index_title = "Resolution implementation tracking"


class VersionedForm(forms.ModelForm):
    """An admin change form of a versioned record: posts the version it was filled from back."""

    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.initial["version"] = self.instance.version

    def clean(self):
        data = super().clean()
        expected = version_from(data.get("version"))
        if expected is not None and self.instance.pk is not None:
            # A first look, to show the form again; the action checks again on the locked row.
            stored = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
            try:
                check_version(stored, expected)
            except StaleRecord as error:
                self.data = self.data.copy()
                self.data[self.add_prefix("version")] = str(error.current_version)
                raise
            self.instance.version = expected
        return data


class ActionAdminMixin:
    """Saves and deletes, inline ones too, through `save_action(obj, acting_user=, reason=)` and
    `delete_action(obj, acting_user=, reason=)`."""

    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    save_action = None
    delete_action = None

    def get_form(self, request, obj=None, change=False, **kwargs):
        if issubclass(self.model, Versioned):
            if not issubclass(kwargs.get("form", self.form), VersionedForm):
                kwargs["form"] = type("VersionedAdminForm", (VersionedForm, kwargs.get("form", self.form)), {})
            # The form declares `version`; the model's field is not editable, so it is not named.
            if "fields" not in kwargs:
                kwargs["fields"] = flatten_fieldsets(self.get_fieldsets(request, obj))
            if kwargs["fields"] is not None:
                kwargs["fields"] = [name for name in kwargs["fields"] if name != "version"]
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        if issubclass(self.model, Versioned) and obj is not None and "version" not in fields:
            fields.append("version")
        return fields

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecord as error:
            # Saved by someone else between the form's check and the action's: open it again.
            messages.error(request, " ".join(error.messages))
            return HttpResponseRedirect(request.get_full_path())

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
