"""How the OpenAPI schema describes every operation (REST_FRAMEWORK["DEFAULT_SCHEMA_CLASS"]):
drf-spectacular's, plus what every endpoint shares, so that no operation forgets it:

- the `lang` query parameter (restrack.core.api.language);
- a description of each path parameter drf-spectacular leaves undescribed (one matched by a
  pattern, as a period's label), from the model field it looks up;
- the error answers any operation can give, with the shape every error has ({"detail": ...}):
  400 (a bad parameter or body), 404 (an address naming something you may not see), 401 and 403
  (writing without the right), 429 (over the rate limit), and 304 for a GET the client has.
"""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import get_view_model
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse

from restrack.core.api.language import LANG_PARAMETER
from restrack.core.api.serializers import ErrorSerializer
from restrack.core.translation_fields import language_codes

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
ERRORS = {
    "400": "Refused: a parameter or the body is not valid; `detail` says which and why.",
    "401": "Not signed in: send `Authorization: Token <key>`.",
    "403": "Your role does not allow this.",
    "404": "No such item among those you may see.",
    "429": "Too many requests from your address or account: wait the seconds `Retry-After` gives.",
}


class RestrackSchema(AutoSchema):
    def get_override_parameters(self):
        return [
            *super().get_override_parameters(),
            OpenApiParameter(
                LANG_PARAMETER,
                OpenApiTypes.STR,
                OpenApiParameter.QUERY,
                enum=language_codes(),
                description="Content language: texts as one string in this language (falling back to English, then "
                "Chinese) and labels in it. Without it, texts come in every language.",
            ),
        ]

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        model = get_view_model(self.view, emit_warnings=False)
        for parameter in parameters:
            if not parameter.get("description") and model is not None:
                parameter["description"] = _field_description(
                    model, getattr(self.view, "lookup_field", None) if parameter["name"] == "pk" else parameter["name"]
                )
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        for code in self._error_codes():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=ERRORS[code]), code, direction=direction
                )
        if self.method == "GET" and "304" not in responses:
            responses["304"] = {
                "description": "Not modified: the answer equals the one your `If-None-Match` or "
                "`If-Modified-Since` names."
            }
        return responses

    def _error_codes(self) -> list[str]:
        codes = ["400"]
        if self.method not in SAFE_METHODS:
            codes += ["401", "403"]
        if "{" in self.path:
            codes.append("404")
        return [*codes, "429"]


class SingleObjectSchema(RestrackSchema):
    """For an endpoint whose GET on the collection's address answers one object (a summary, the
    ledger, search results), not a list: drf-spectacular takes every `list` action for an array
    otherwise."""

    def _is_list_view(self, serializer=None) -> bool:
        return False


def _field_description(model, name: str | None) -> str:
    """ "Label of the reporting period: 2024-H1 or 2024-H2." for a path parameter naming a field."""
    try:
        field = model._meta.get_field(name or "pk")
    except FieldDoesNotExist:
        return f"Identifies the {model._meta.verbose_name}."
    text = f"{str(field.verbose_name).capitalize()} of the {model._meta.verbose_name}"
    return f"{text}: {field.help_text}" if field.help_text else f"{text}."
