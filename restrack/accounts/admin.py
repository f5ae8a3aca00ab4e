from django.contrib import admin

from restrack.accounts.actions import delete_assignment, save_assignment
from restrack.accounts.models import FocalPointAssignment
from restrack.core.admin import RecordedAdmin


@admin.register(FocalPointAssignment)
class FocalPointAssignmentAdmin(RecordedAdmin):
    list_display = ["instrument", "user", "created"]
    list_filter = ["instrument__session"]
    search_fields = ["user__username", "user__email", "instrument__number"]
    autocomplete_fields = ["user", "instrument"]
    save_action = staticmethod(save_assignment)
    delete_action = staticmethod(delete_assignment)
