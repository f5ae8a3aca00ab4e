"""Serializers every app's API shares: the shape of an error answer."""

from rest_framework import serializers


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField(help_text="What is wrong, in words; field errors follow under the fields' names.")
