"""What the working pages share: running a step of the cycle so that a refusal reaches the user as
a message saying why, and choosing the content language to show."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.utils.translation import get_language

from restrack.core.translation_fields import language_codes


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def run_step(request, step, *args, success: str, **kwargs):
    """Call the action `step`; report success or the validation error as a message. A refused
    permission (PermissionDenied) propagates and Django answers 403."""
    try:
        result = step(*args, acting_user=request.user, **kwargs)
    except ValidationError as error:
        messages.error(request, error_text(error))
        return None
    messages.success(request, success)
    return result


def choose_language(requested: str | None, available: list[str]) -> str:
    """The content language to show: `requested` (?lang=) when it is a known language; else the
    page's language when there is text in it; else the first language with text (the seeds are
    Chinese, so an English page shows their Chinese rather than nothing)."""
    if requested in language_codes():
        return requested
    page = get_language()
    if page in available or not available:
        return page if page in language_codes() else language_codes()[0]
    return available[0]
