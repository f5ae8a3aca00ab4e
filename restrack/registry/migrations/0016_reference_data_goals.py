"""Load the reference data again for what it gained: the Sustainable Development Goals and targets
and the parts of the New Urban Agenda that instruments and paragraphs link to (reference/goals.json).
The loader only fills what is empty, so nothing entered by hand is overwritten."""

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from restrack.registry.reference.loader import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0015_goals"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
