"""How the API answers when an action refuses: the project-wide DRF exception handler
(REST_FRAMEWORK["EXCEPTION_HANDLER"]).

Actions raise Django's exceptions, never DRF's, so that the web pages, the commands and the API
share them. Here they become HTTP answers:

- ``django.core.exceptions.ValidationError`` → 400 ``{"detail": "<every message>", "<field>": [...]}``
  (the field keys only when the error names fields; ``non_field_errors`` for the rest);
- a ValidationError with code ``"stale"`` (``restrack.reporting.drafting.StaleUpdate``,
  ``restrack.core.concurrency.StaleRecord``: a save against an older version than the stored one)
  → 409 ``{"detail": ..., "current_version": N}``, and for a StaleRecord who changed what since
  (``your_version``, ``changed_by``, ``changed_at``, ``changes``);
- ``PermissionDenied`` → 403 and ``Http404`` → 404, with the action's message, as DRF does.

DRF's own validation errors (a malformed request body, a bad filter value) keep their field keys
and gain the same ``detail`` summary, so a client can always show ``detail``.
"""

from __future__ import annotations

from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

CONFLICT_CODES = {"stale", "concurrent"}  # concurrent: restrack.core.actions.atomic_action


def exception_handler(exc, context):
    if isinstance(exc, DjangoValidationError):
        return _django_validation_error(exc)
    if isinstance(exc, Http404) and str(exc).endswith("matches the given query."):
        # get_object_or_404's words name a model class; say what it means to a client instead.
        exc = exceptions.NotFound(_("There is nothing at this address among what you may see."))
    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError) and isinstance(response.data, dict):
        if "detail" not in response.data:
            response.data = {"detail": _summary(response.data), **response.data}
    return response


def _django_validation_error(exc: DjangoValidationError) -> Response:
    set_rollback()
    if getattr(exc, "code", None) in CONFLICT_CODES:
        data = {"detail": " ".join(exc.messages)}
        if hasattr(exc, "conflict_data"):
            data.update(exc.conflict_data())
        current = getattr(exc, "current_version", None)
        if current is not None:
            data["current_version"] = current
        return Response(data, status=status.HTTP_409_CONFLICT)
    if hasattr(exc, "error_dict"):
        fields = {
            (api_settings.NON_FIELD_ERRORS_KEY if name == NON_FIELD_ERRORS else name): messages
            for name, messages in exc.message_dict.items()
        }
        return Response({"detail": _summary(fields), **fields}, status=status.HTTP_400_BAD_REQUEST)
    return Response({"detail": " ".join(exc.messages)}, status=status.HTTP_400_BAD_REQUEST)


def _summary(errors, prefix: str = "") -> str:
    """Every message of a (nested) error structure as one sentence list, each prefixed by the
    field it concerns: "entries.0.text: This field is required." """
    if isinstance(errors, dict):
        parts = []
        for name, value in errors.items():
            label = str(name) if name != api_settings.NON_FIELD_ERRORS_KEY else ""
            path = ".".join(filter(None, [prefix, label]))
            parts.append(_summary(value, path))
        return " ".join(part for part in parts if part)
    if isinstance(errors, (list, tuple)):
        if all(not isinstance(item, (dict, list, tuple)) for item in errors):
            text = " ".join(str(item) for item in errors)
            return f"{prefix}: {text}" if prefix and text else text
        return " ".join(
            part
            for index, item in enumerate(errors)
            if (part := _summary(item, ".".join(filter(None, [prefix, str(index)]))))
        )
    text = str(errors)
    return f"{prefix}: {text}" if prefix and text else text
