"""The OpenAPI description (``/openapi.json``), made to say exactly what the server sends.

FastAPI generates it from the routes; three things it would get wrong are put right here, once, rather than
on every route:

1. Errors are ``application/problem+json`` (RFC 9457), not ``application/json``: FastAPI files every
   declared response model under the route's own media type.
2. A bad query parameter is a 400 problem (``problems``), never FastAPI's 422 ``HTTPValidationError``,
   which it adds to every route that takes parameters; 422 stays only where a body is validated.
3. ``POST /api/articles`` reads its body itself (to cap its size while it streams in), so the body and the
   bearer scheme are declared here.

Schemathesis checks the server against this description (``tests/api/test_schemathesis.py``): every
status code and content type a route can answer must be listed, and JSON bodies must match their schema.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

from whimbrel.api.problems import MEDIA_TYPE as PROBLEM_MEDIA_TYPE

__all__ = ["INGEST_REQUEST_BODY", "install_openapi", "openapi_schema"]

_BEARER = "bearer"
_UNUSED_WHEN_NO_422 = ("HTTPValidationError", "ValidationError")


def _ingest_record_schema() -> dict[str, Any]:
    from whimbrel.api.routes.ingest import IngestRecord  # the route module imports this one

    return IngestRecord.model_json_schema(ref_template="#/components/schemas/{model}")


INGEST_REQUEST_BODY: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "description": "One record, an array of records (at most 1,000), or JSON Lines",
        "content": {
            "application/json": {"schema": {"anyOf": [
                {"$ref": "#/components/schemas/IngestRecord"},
                {"type": "array", "items": {"$ref": "#/components/schemas/IngestRecord"}, "minItems": 1,
                 "maxItems": 1000},
            ]}},
            "application/x-ndjson": {"schema": {"type": "string", "description": "one IngestRecord per line"}},
        },
    },
    "security": [{_BEARER: []}],
}


def openapi_schema(app: FastAPI) -> dict[str, Any]:
    """The app's OpenAPI document, built once."""
    if app.openapi_schema:
        return app.openapi_schema
    schema = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    components = schema.setdefault("components", {})
    components.setdefault("schemas", {})["IngestRecord"] = _ingest_record_schema()
    components.setdefault("securitySchemes", {})[_BEARER] = {
        "type": "http", "scheme": "bearer", "description": "the server's WHIMBREL_API_TOKEN"}
    for operations in schema.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.get("responses", {})
            if "requestBody" not in operation and _is_fastapi_422(responses.get("422")):
                del responses["422"]
            for code, response in responses.items():
                if code[0] in "45" and "application/json" in response.get("content", {}):
                    content = response["content"]
                    content[PROBLEM_MEDIA_TYPE] = content.pop("application/json")
    if "HTTPValidationError" not in str(schema.get("paths", {})):
        for name in _UNUSED_WHEN_NO_422:
            components["schemas"].pop(name, None)
    app.openapi_schema = schema
    return schema


def _is_fastapi_422(response: dict[str, Any] | None) -> bool:
    if not response:
        return False
    refs = [c.get("schema", {}).get("$ref", "") for c in response.get("content", {}).values()]
    return any(ref.endswith("/HTTPValidationError") for ref in refs)


def install_openapi(app: FastAPI) -> None:
    """Serve :func:`openapi_schema` at the app's ``openapi_url``."""
    app.openapi = lambda: openapi_schema(app)  # type: ignore[method-assign]
