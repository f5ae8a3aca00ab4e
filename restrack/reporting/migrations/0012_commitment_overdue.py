"""An index the public's overdue commitments (and their instruments) are counted from."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_instrument_instrument_groups"),
        ("reporting", "0011_commitment_recurrence"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(
                fields=["state", "recurrence", "due_date", "public", "instrument", "id"], name="commitment_overdue"
            ),
        ),
    ]
