"""Restrack's changes to Django's locale formats (settings.FORMAT_MODULE_PATH)."""
