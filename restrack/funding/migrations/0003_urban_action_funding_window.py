"""The Urban Action Funding Window exists on every installation, so its books can be kept at once."""

from django.db import migrations

URBAN_ACTION_FUNDING_WINDOW = "uafw"


def create_window(apps, schema_editor):
    FundingWindow = apps.get_model("funding", "FundingWindow")
    FundingWindow.objects.get_or_create(code=URBAN_ACTION_FUNDING_WINDOW, defaults={
        "name": "Urban Action Funding Window",
        "established_by": "Resolution 2/10; terms of reference approved by Executive Board decision 2023/6",
    })


class Migration(migrations.Migration):
    dependencies = [("funding", "0002_funding_window")]
    operations = [migrations.RunPython(create_window, migrations.RunPython.noop)]
