"""`?lang=` on every API request: the content language (read by restrack.core.api.middleware).

Without it, a translatable text is an object with every UN language (`{"en": ..., "zh-hans": ...}`,
null where missing) and labels (`status_label`) follow the request's Accept-Language. With
`?lang=zh-hans`, each translatable text is one string in that language, or, where it has none, in
the first language that has it (English, then Chinese, as the tracker falls back); labels are in
that language and the answer says `Content-Language: zh-hans`.
"""

from __future__ import annotations

from django.utils.translation import get_language

from restrack.core.translation_fields import language_codes

LANG_PARAMETER = "lang"


class UnknownLanguage(ValueError):
    """`?lang=` names no language of Restrack; the message says which there are."""


def requested_language(query) -> str | None:
    """The language `?lang=` names (any case) in `query` (a request's GET), None when not given."""
    raw = query.get(LANG_PARAMETER)
    if raw is None or not raw.strip():
        return None
    code = raw.strip().lower().replace("_", "-")
    if code not in language_codes():
        raise UnknownLanguage(f"{raw!r} is not a language of Restrack; use one of {', '.join(language_codes())}.")
    return code


def content_language(request) -> str | None:
    """The language the request asked content in (`?lang=`), None for every language."""
    return getattr(request, "content_language", None)


def export_language(request) -> str:
    """The one language of an export's text columns: `?lang=`, else the request's language."""
    return content_language(request) or get_language() or "en"
