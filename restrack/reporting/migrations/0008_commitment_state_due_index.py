"""The commitments pending past their due date (the dashboard's overdue count) are a range of an
index on (state, due date) instead of a scan of every commitment."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0007_update_period_state_index"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(fields=["state", "due_date"], name="commitment_state_due"),
        ),
    ]
