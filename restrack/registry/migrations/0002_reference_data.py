"""Load the reference data so that a fresh database is never empty: the two governing bodies, the
Assembly's sessions 1 and 2, its 15 resolutions and decision 1/3, and the partner gazetteer."""

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from restrack.registry.reference.loader import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # Reversing leaves the rows: they may already be referenced by reports and funding records.
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
