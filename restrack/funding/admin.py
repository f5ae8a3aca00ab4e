from django.contrib import admin

from restrack.core.admin import RecordedAdmin
from restrack.funding.models import FundingRecord


@admin.register(FundingRecord)
class FundingRecordAdmin(RecordedAdmin):
    list_display = [
        "instrument",
        "period",
        "requirements_usd",
        "mobilized_usd",
        "gap_usd",
        "gap_percent",
    ]
    list_filter = ["period", "instrument__session"]
    search_fields = ["instrument__number", "note"]
    list_select_related = ["instrument", "period"]
    autocomplete_fields = ["instrument", "period"]
