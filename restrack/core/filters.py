"""Filter fields every app's FilterSets share."""

from __future__ import annotations

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class YesNoField(forms.CharField):
    """true/false (also yes/no, 1/0); anything else is refused rather than ignored."""

    VALUES = {"true": True, "yes": True, "1": True, "false": False, "no": False, "0": False}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        if value.strip().lower() not in self.VALUES:
            raise ValidationError(_("Use true or false, not %(value)r.") % {"value": value})
        return self.VALUES[value.strip().lower()]


class YesNoFilter(django_filters.Filter):
    field_class = YesNoField
