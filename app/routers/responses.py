"""OpenAPI descriptions of the error answers, so every route documents what it returns.

A route declares the errors of its own logic with `responses=errors(...)`. The errors that
any route can answer, because they come from the layers around every route, are added to every
operation in one place, `document_common_errors`: 400 (NUL bytes, invalid UTF-8, a body that
cannot be parsed), 401 (an unknown bearer token: every request is identified), 503 (the
database is busy), 413 on operations that take a body, 403 on unsafe methods (a call that a
session cookie authenticates without the CSRF header), and 422 in our error shape wherever
FastAPI would document its own.
"""

import json
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI
from pydantic import BaseModel, ConfigDict

from app.deps import SAFE_METHODS

_DESCRIPTIONS = {
    400: "Bad input: NUL bytes, invalid UTF-8, or a body that cannot be parsed",
    401: "Not signed in, or the bearer token is unknown, expired or revoked",
    403: "Signed in but not allowed (or a session-cookie call without the CSRF header)",
    404: "Not found, or not visible to you",
    409: "Changed meanwhile (stale expected_version) or already exists",
    413: "Request body too large",
    422: "Invalid input, or a gate or rule is not met",
    429: "Too many attempts; see Retry-After",
    503: "Database busy or unreachable; see Retry-After",
}
ERROR_REF = "#/components/schemas/ErrorBody"
# FastAPI's own 422 description, whose body shape our error handler never sends.
_FASTAPI_VALIDATION_SCHEMAS = ("HTTPValidationError", "ValidationError")


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="allow")
    error: str
    detail: str


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}


def _error_response(code: int) -> dict[str, Any]:
    return {"description": _DESCRIPTIONS[code], "content": {"application/json": {"schema": {"$ref": ERROR_REF}}}}


def add_common_errors(method: str, operation: dict[str, Any]) -> None:
    """Add the errors every route can answer to one OpenAPI operation (idempotent)."""
    responses = operation.setdefault("responses", {})
    common = [400, 401, 503]
    if "requestBody" in operation:
        common.append(413)
    if method.upper() not in SAFE_METHODS:
        common.append(403)  # a call that a session cookie authenticates needs the CSRF header
    for code in common:
        responses.setdefault(str(code), _error_response(code))
    if "422" in responses:
        content = responses["422"].setdefault("content", {}).setdefault("application/json", {})
        if content.get("schema", {}).get("$ref", "").endswith("/HTTPValidationError"):
            responses["422"] = _error_response(422)


def document_common_errors(app: FastAPI) -> None:
    """Make `app.openapi()` document the errors that every route can answer."""
    build: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        schema = build()
        for path_item in schema.get("paths", {}).values():
            for method, operation in path_item.items():
                add_common_errors(method, operation)
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        components.setdefault("ErrorBody", ErrorBody.model_json_schema())
        for name in _FASTAPI_VALIDATION_SCHEMAS:  # HTTPValidationError first: it refers to ValidationError
            if f'"#/components/schemas/{name}"' not in json.dumps(schema):
                components.pop(name, None)
        return schema

    app.openapi = openapi  # type: ignore[method-assign]
