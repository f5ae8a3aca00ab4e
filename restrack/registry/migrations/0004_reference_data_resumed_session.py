"""Load the reference data again for what it gained: the resumed part of the Assembly's second
session (29–30 May 2025), which reports' chapter headings depend on ("held in 2023 and
adjourned"). The loader only creates what is missing."""

from django.conf import settings
from django.db import migrations


def load(apps, schema_editor):
    from restrack.registry.reference.loader import load_reference_data

    load_reference_data(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0003_document_agenda"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
