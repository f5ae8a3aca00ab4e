"""An index the dashboard's count of every instrument by body, session and status is read from."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0007_operative_paragraph_listing"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="instrument",
            index=models.Index(fields=["status", "session", "body", "id"], name="instrument_groups"),
        ),
    ]
