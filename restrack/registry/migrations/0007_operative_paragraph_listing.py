"""Operative paragraphs store their instrument's place in the registry's order (listing_*), so
that the API's list is a walk of one index: filled here from the instruments and sessions."""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_listing_place(apps, schema_editor):
    """registry.models.copy_listing_place, with this migration's models."""
    instruments = apps.get_model("registry", "Instrument").objects.filter(pk=OuterRef("instrument_id"))
    copies = {
        "listing_year": "session__year",
        "listing_session_number": "session__number",
        "listing_sequence_in_year": "session__sequence_in_year",
        "listing_kind": "kind",
        "listing_sequence": "sequence",
    }
    apps.get_model("registry", "OperativeParagraph").objects.order_by().update(
        **{copy: Subquery(instruments.values(source)[:1]) for copy, source in copies.items()}
    )


class Migration(migrations.Migration):
    dependencies = [
        ("registry", "0006_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="operativeparagraph",
            name="listing_kind",
            field=models.CharField(blank=True, editable=False, max_length=20),
        ),
        migrations.AddField(
            model_name="operativeparagraph",
            name="listing_sequence",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="operativeparagraph",
            name="listing_sequence_in_year",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="operativeparagraph",
            name="listing_session_number",
            field=models.PositiveSmallIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="operativeparagraph",
            name="listing_year",
            field=models.PositiveSmallIntegerField(default=0, editable=False),
        ),
        migrations.RunPython(copy_listing_place, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="operativeparagraph",
            index=models.Index(
                fields=[
                    "listing_year",
                    "listing_session_number",
                    "listing_sequence_in_year",
                    "-listing_kind",
                    "listing_sequence",
                    "order",
                    "id",
                ],
                name="operative_paragraph_listing",
            ),
        ),
    ]
