"""A period's introduction is reviewed like an update (draft, submitted, approved). The introduction
of a period already published went out in its report: approved."""

from django.db import migrations, models


def approve_published(apps, schema_editor):
    apps.get_model("reporting", "ReportingPeriod").objects.filter(state="published").update(
        introduction_state="approved"
    )


class Migration(migrations.Migration):

    dependencies = [
        ('reporting', '0013_update_instrument_order'),
    ]

    operations = [
        migrations.AddField(
            model_name='historicalreportingperiod',
            name='introduction_state',
            field=models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted for review'), ('approved', 'approved')], default='draft', max_length=20, verbose_name="introduction's state"),
        ),
        migrations.AddField(
            model_name='reportingperiod',
            name='introduction_state',
            field=models.CharField(choices=[('draft', 'draft'), ('submitted', 'submitted for review'), ('approved', 'approved')], default='draft', max_length=20, verbose_name="introduction's state"),
        ),
        migrations.RunPython(approve_published, migrations.RunPython.noop),
    ]
