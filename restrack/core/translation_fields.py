"""Reading and writing the per-language columns that django-modeltranslation adds.

Values travel through the code as dictionaries keyed by Django language code
({"en": "...", "zh-hans": "..."}), the same shape the API returns.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _
from modeltranslation.translator import NotRegistered, translator
from modeltranslation.utils import build_localized_fieldname


def language_codes() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def localized_columns(field: str, path: str = "") -> list[str]:
    """The per-language columns of translated `field`, reached through `path` (such as
    "source_document__"): for only(), where a page shows the field in its language or a fallback."""
    return [f"{path}{build_localized_fieldname(field, code)}" for code in language_codes()]


def fallback_order(language: str) -> list[str]:
    """Where to look for a text wanted in `language`: that language, then the configured fallbacks
    (English, then Chinese), then the rest."""
    codes = language_codes()
    preferred = [language, *settings.MODELTRANSLATION_FALLBACK_LANGUAGES.get("default", ())]
    return list(dict.fromkeys([code for code in preferred if code in codes] + codes))


def text_in_language(translations: dict[str, str | None], language: str) -> tuple[str, str | None]:
    """The text of `translations` in `language`, or in the first fallback language that has it,
    with the language it is in; ("", None) when no language has it."""
    for code in fallback_order(language):
        if translations.get(code):
            return translations[code], code
    return "", None


def translated_text(instance, field: str, language: str) -> tuple[str, str | None]:
    """`field` of `instance` in `language` or its first fallback, with the language it is in
    (text_in_language of the field's translations)."""
    return text_in_language(get_translations(instance, field), language)


def get_translations(instance, field: str) -> dict[str, str | None]:
    """Every configured language's value of `field` (None where nothing is stored)."""
    values = {}
    for code in language_codes():
        value = getattr(instance, build_localized_fieldname(field, code), None)
        values[code] = None if value in (None, "") else value  # 0 is a value (a footnote's anchor)
    return values


def set_translations(instance, field: str, values: dict[str, str | None]) -> None:
    """Store `values` (language code → text) in the per-language columns of `field`."""
    unknown = sorted(set(values) - set(language_codes()))
    if unknown:
        raise ValueError(f"Unknown language code(s) {unknown} for {field!r}; use one of {language_codes()}.")
    textual = isinstance(instance._meta.get_field(field), (models.CharField, models.TextField))
    for code, value in values.items():
        # Text columns keep "" for no text; others (a footnote's anchor) keep None, and 0 is a value.
        setattr(instance, build_localized_fieldname(field, code), (value or "") if textual else value)


def translated_field_names(model) -> set[str]:
    """The fields of `model` registered for translation (title, text, ...)."""
    try:
        return set(translator.get_options_for_model(model).fields)
    except NotRegistered:
        return set()


def assign(instance, changes: dict) -> None:
    """Set plain fields directly and translated ones, given as {"en": ..., "zh-hans": ...}, per
    language: the one way actions apply changes to a model instance."""
    translated = translated_field_names(type(instance))
    for field, value in changes.items():
        if field not in translated:
            setattr(instance, field, value)
        elif isinstance(value, dict):
            set_translations(instance, field, value)
        else:
            raise ValidationError(
                {field: _('Give %(field)s per language, for example {"en": ..., "zh-hans": ...}.') % {"field": field}}
            )
