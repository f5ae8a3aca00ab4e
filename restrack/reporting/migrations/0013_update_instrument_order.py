"""Progress updates store their instrument's place in the report order, so that a period's updates
in that order are a walk of one index: filled here from the instruments."""

from django.conf import settings
from django.db import migrations, models
from django.db.models import OuterRef, Subquery

from restrack.registry.models import instrument_order_key


def fill_update_order(apps, schema_editor):
    """reporting.models.fill_update_order, with this migration's models."""
    instruments = apps.get_model("registry", "Instrument").objects.filter(pk=OuterRef("instrument_id"))
    apps.get_model("reporting", "ProgressUpdate").objects.order_by().update(
        instrument_order=Subquery(instruments.values_list(instrument_order_key())[:1])
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0008_instrument_instrument_groups"),
        ("reporting", "0012_commitment_overdue"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="progressupdate",
            name="instrument_order",
            field=models.CharField(blank=True, editable=False, max_length=40, verbose_name="report order"),
        ),
        migrations.RunPython(fill_update_order, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="progressupdate",
            index=models.Index(fields=["period", "instrument_order", "id"], name="progress_update_period_order"),
        ),
    ]
