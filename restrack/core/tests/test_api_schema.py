"""The OpenAPI schema documents everything: every operation has a summary, every parameter and
every property of every schema a description; and it is a valid OpenAPI document without
warnings (what `restrack spectacular --validate --fail-on-warn` checks)."""

import pytest
from drf_spectacular.drainage import GENERATOR_STATS
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.settings import spectacular_settings
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db
METHODS = {"get", "put", "post", "patch", "delete", "head", "options", "trace"}


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        node = schema["components"]["schemas"][name]
    return node


def undescribed_properties(schema: dict, node: dict, where: str, seen: set) -> list[str]:
    """Every property under `node` (following $ref, allOf, oneOf, anyOf, items and nested objects)
    without a description; each referenced component once."""
    if "$ref" in node:
        name = node["$ref"].rsplit("/", 1)[-1]
        if name in seen:
            return []
        seen.add(name)
        return undescribed_properties(schema, resolve(schema, node), name, seen)
    found = []
    for key in ("allOf", "oneOf", "anyOf"):
        for index, part in enumerate(node.get(key, [])):
            found += undescribed_properties(schema, part, f"{where}.{key}[{index}]", seen)
    for name, prop in node.get("properties", {}).items():
        if not (prop.get("description") or _referenced_description(schema, prop)):
            found.append(f"{where}.{name}")
        found += undescribed_properties(schema, prop, f"{where}.{name}", seen)
    if isinstance(node.get("items"), dict):
        found += undescribed_properties(schema, node["items"], f"{where}[]", seen)
    if isinstance(node.get("additionalProperties"), dict):
        found += undescribed_properties(schema, node["additionalProperties"], f"{where}{{}}", seen)
    return found


def _referenced_description(schema: dict, prop: dict) -> str:
    """A property that is only a reference (or allOf of one) takes the referenced schema's description."""
    for part in [prop, *prop.get("allOf", [])]:
        if "$ref" in part:
            return resolve(schema, part).get("description", "")
    return ""


def operations(schema: dict):
    for path, item in schema["paths"].items():
        for method, operation in item.items():
            if method in METHODS:
                yield path, method, operation, item.get("parameters", [])


def test_every_operation_has_a_summary(schema):
    missing = [
        f"{method.upper()} {path}"
        for path, method, operation, _ in operations(schema)
        if not (operation.get("summary") or operation.get("description"))
    ]
    assert missing == [], "Operations without a summary or description:\n" + "\n".join(missing)


def test_every_parameter_has_a_description(schema):
    missing = []
    for path, method, operation, shared in operations(schema):
        for parameter in [*shared, *operation.get("parameters", [])]:
            parameter = resolve(schema, parameter)
            if not parameter.get("description"):
                missing.append(f"{method.upper()} {path}: {parameter['in']} parameter {parameter['name']}")
    assert missing == [], "Parameters without a description:\n" + "\n".join(missing)


def test_every_property_has_a_description(schema):
    missing = []
    seen: set = set()
    for name in sorted(schema.get("components", {}).get("schemas", {})):
        missing += undescribed_properties(schema, {"$ref": f"#/components/schemas/{name}"}, name, seen)
    for path, method, operation, _ in operations(schema):
        bodies = [operation.get("requestBody", {}), *operation.get("responses", {}).values()]
        for body in bodies:
            for media in body.get("content", {}).values():
                if "schema" in media:
                    missing += undescribed_properties(schema, media["schema"], f"{method.upper()} {path}", seen)
    assert missing == [], f"{len(missing)} properties without a description:\n" + "\n".join(sorted(set(missing)))


def test_the_schema_is_valid_without_warnings():
    GENERATOR_STATS.reset()
    generator = SchemaGenerator(urlconf=None, api_version="v1")
    with GENERATOR_STATS.silence():
        document = generator.get_schema(request=None, public=True)
    warnings = [*GENERATOR_STATS._warn_cache, *GENERATOR_STATS._error_cache]
    validate_schema(document)  # raises on an invalid OpenAPI 3 document
    assert not warnings, "drf-spectacular warned:\n" + "\n".join(str(message) for message in warnings)
    assert spectacular_settings.TITLE == "Restrack API"
