"""Each period's published paragraphs next to its updates and commitments (PeriodActivity), so that
a period's page does not count them; counted once here, restrack.publish.period_counts keeps them
current from then on."""

from django.db import migrations, models


def fill(apps, schema_editor):
    from restrack.publish.period_counts import rebuild

    rebuild(apps.get_model("publish", "PeriodActivity"))


class Migration(migrations.Migration):
    dependencies = [
        ("publish", "0002_period_activity"),
    ]

    operations = [
        migrations.AddField(
            model_name="periodactivity",
            name="paragraphs",
            field=models.IntegerField(default=0, verbose_name="published paragraphs"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
