"""Commitments store whether the public may read them (`public`: no paragraph promised it, or the
update that did is published), kept by the models, and are indexed in the API list's order (due
date, id) with and without the flag: the public's list of commitments was joins through every
paragraph and update at every request (1.5 s of CPU per page at 40,000 instruments)."""

from django.db import migrations, models

import restrack.reporting.models


def fill_public(apps, schema_editor):
    """The flag of the commitments promised in an update not published is false; all others keep
    the default, true. One UPDATE (the subquery on SQLite and PostgreSQL alike)."""
    Commitment = apps.get_model("reporting", "Commitment")
    hidden = Commitment.objects.filter(promised_in__isnull=False).exclude(
        promised_in__update__workflow_state="published"
    )
    Commitment.objects.filter(pk__in=hidden.values("pk")).update(public=False)


class Migration(migrations.Migration):
    dependencies = [
        ("reporting", "0008_commitment_state_due_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="commitment",
            name="public",
            field=models.BooleanField(
                default=True,
                editable=False,
                help_text="Anyone may read it: no paragraph promised it, or the update that did is published.",
                verbose_name="public",
            ),
        ),
        migrations.AddField(
            model_name="historicalcommitment",
            name="public",
            field=models.BooleanField(
                default=True,
                editable=False,
                help_text="Anyone may read it: no paragraph promised it, or the update that did is published.",
                verbose_name="public",
            ),
        ),
        migrations.AlterField(
            model_name="commitment",
            name="promised_in",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=restrack.reporting.models.unlink_promise,
                related_name="commitments_made",
                to="reporting.updateentry",
                verbose_name="promised in",
            ),
        ),
        migrations.RunPython(fill_public, migrations.RunPython.noop, elidable=True),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(fields=["due_date", "id"], name="commitment_due"),
        ),
        migrations.AddIndex(
            model_name="commitment",
            index=models.Index(fields=["public", "due_date", "id"], name="commitment_public_due"),
        ),
    ]
