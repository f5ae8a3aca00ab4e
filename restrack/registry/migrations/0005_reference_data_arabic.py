"""Load the reference data again for what it gained: the Arabic names of the governing bodies and
of the sessions' place, so that Arabic pages say "جمعية موئل الأمم المتحدة" rather than the English
name. The loader only fills fields that are still empty, so nothing entered by hand is overwritten."""

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from restrack.registry.reference.loader import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0004_reference_data_resumed_session"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
