"""Form widgets of the public pages' filters, rendered in Python.

Django renders each widget through its form renderer's templates, an option at a time (a select
of a few dozen options costs about a millisecond); the public tables show five or six filters on
every answer. This writes the same HTML directly."""

from __future__ import annotations

from django import forms
from django.forms.utils import flatatt
from django.utils.html import escape
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """A single-choice forms.Select (options, groups, attributes and the selected value as
    Django's template writes them) rendered without a template."""

    def render(self, name, value, attrs=None, renderer=None):
        attrs = self.build_attrs(self.attrs, attrs)
        parts = [f'<select name="{escape(name)}"{flatatt(attrs)}>']
        wanted = {str(chosen) for chosen in self.format_value(value)}
        state = {"selected": False}

        def option(option_value, label) -> str:
            option_value = "" if option_value is None else str(option_value)
            chosen = not state["selected"] and option_value in wanted
            state["selected"] |= chosen
            return f'<option value="{escape(option_value)}"{" selected" if chosen else ""}>{escape(label)}</option>'

        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):
                options = "".join(option(value, text) for value, text in label)
                parts.append(f'<optgroup label="{escape(option_value)}">{options}</optgroup>')
            else:
                parts.append(option(option_value, label))
        parts.append("</select>")
        return mark_safe("".join(parts))
