"""Serializers every app's API shares: the shape of an error answer."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What is wrong, in words; field errors follow under the fields' names.")


class ChangeSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="The field that changed.")
    before = serializers.JSONField(help_text="Its value in the version you read (null: empty, or no record).")
    after = serializers.JSONField(help_text="Its value now.")


class ConflictSerializer(serializers.Serializer):
    """The 409 answer to a save against an older version (restrack.core.concurrency.StaleRecord)."""

    detail = serializers.CharField(help_text="Who changed what since your version, in words; nothing was saved.")
    current_version = serializers.IntegerField(help_text="The version stored now: read the record again, then save.")
    your_version = serializers.IntegerField(help_text="The version your save was made from.")
    changed_by = serializers.ListField(child=serializers.CharField(), help_text="Who saved the record since.")
    changed_at = serializers.DateTimeField(allow_null=True, help_text="When the last of them saved.")
    changes = ChangeSerializer(many=True, help_text="The fields whose values differ from the version you read.")
