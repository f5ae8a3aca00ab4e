"""The workflow log becomes part of the one event log (core.Event), versions name the event that
made them, and paragraphs store the dates and amounts their text states.

Every WorkflowEvent becomes an Event of the matching kind, about its update (or its period), with
the period, the update and the instrument as topics; review comments follow their return. Facts
are read from each paragraph's stored text with the same library the actions use."""

import django.db.models.deletion
from django.db import migrations, models

KINDS = {
    "opened": "period.opened",
    "drafted": "update.drafted",
    "submitted": "update.submitted",
    "returned": "update.returned",
    "approved": "update.approved",
    "published": "period.published",
    "reverted": "update.reverted",
    "corrected": "update.corrected",
    "reminded": "period.reminded",
}


def workflow_events_to_events(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    WorkflowEvent = apps.get_model("reporting", "WorkflowEvent")
    ReviewComment = apps.get_model("reporting", "ReviewComment")
    Event = apps.get_model("core", "Event")
    EventTopic = apps.get_model("core", "EventTopic")
    update_type, _ = ContentType.objects.get_or_create(app_label="reporting", model="progressupdate")
    period_type, _ = ContentType.objects.get_or_create(app_label="reporting", model="reportingperiod")
    for old in WorkflowEvent.objects.select_related("update__instrument", "period").order_by("pk"):
        kind = KINDS[old.action]
        about_update = old.update_id is not None and not kind.startswith("period.")
        target = old.update if about_update else old.period
        event = Event.objects.create(
            kind=kind,
            actor_id=old.user_id,
            target_type=update_type if about_update else period_type,
            target_id=target.pk,
            target_repr=(
                f"{old.update.instrument.kind} {old.update.instrument.number} — {old.period.label}"
                if about_update
                else old.period.label
            ),
            reason=old.comment,
            request_id=old.request_id,
            created=old.created,
            data={},
        )
        topics = {f"reporting.reportingperiod:{old.period_id}"}
        if old.update_id is not None:
            topics |= {f"reporting.progressupdate:{old.update_id}", f"registry.instrument:{old.update.instrument_id}"}
        EventTopic.objects.bulk_create(EventTopic(event=event, name=name) for name in sorted(topics))
        ReviewComment.objects.filter(old_event=old).update(event=event)


def store_facts(apps, schema_editor):
    from restrack.reporting.facts import stated_facts

    UpdateEntry = apps.get_model("reporting", "UpdateEntry")
    Instrument = apps.get_model("registry", "Instrument")
    references = {pk: f"{kind} {number}" for pk, kind, number in Instrument.objects.values_list("pk", "kind", "number")}
    entries = UpdateEntry.objects.select_related("update__period")
    for entry in entries.iterator():
        texts = {"en": entry.text_en, "zh-hans": entry.text_zh_hans}
        entry.facts = stated_facts(
            texts, instrument=references.get(entry.update.instrument_id), year=entry.update.period.end_date.year
        )
        entry.save(update_fields=["facts"])


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_event_log"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("registry", "0004_reference_data_resumed_session"),
        ("reporting", "0005_entry_footnotes"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalupdateentry",
            name="facts",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Dates and amounts the text states, per language, read when it was saved.",
                verbose_name="facts stated",
            ),
        ),
        migrations.AddField(
            model_name="updateentry",
            name="facts",
            field=models.JSONField(
                blank=True,
                default=dict,
                help_text="Dates and amounts the text states, per language, read when it was saved.",
                verbose_name="facts stated",
            ),
        ),
        migrations.AddField(
            model_name="updateversion",
            name="event",
            field=models.ForeignKey(
                blank=True,
                help_text="The save, step or import that made this version (none for a version recorded as found).",
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="update_versions",
                to="core.event",
                verbose_name="made by",
            ),
        ),
        migrations.RenameField(model_name="reviewcomment", old_name="event", new_name="old_event"),
        migrations.AddField(
            model_name="reviewcomment",
            name="event",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="paragraph_comments",
                to="core.event",
                verbose_name="return",
            ),
        ),
        migrations.AlterField(
            model_name="reviewcomment",
            name="old_event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE, related_name="+", to="reporting.workflowevent"
            ),
        ),
        migrations.RunPython(workflow_events_to_events, migrations.RunPython.noop),
        migrations.RemoveField(model_name="reviewcomment", name="old_event"),
        migrations.AlterField(
            model_name="reviewcomment",
            name="event",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="paragraph_comments",
                to="core.event",
                verbose_name="return",
            ),
        ),
        migrations.DeleteModel(name="WorkflowEvent"),
        migrations.RunPython(store_facts, migrations.RunPython.noop),
    ]
