"""OpenAPI descriptions of the error answers, so every route documents what it returns."""

from typing import Any

from pydantic import BaseModel, ConfigDict

_DESCRIPTIONS = {
    400: "Bad input",
    401: "Not signed in",
    403: "Signed in but not allowed",
    404: "Not found, or not visible to you",
    409: "Changed meanwhile (stale expected_version) or already exists",
    413: "Request body too large",
    422: "Invalid input, or a gate or rule is not met",
    429: "Too many attempts; see Retry-After",
    503: "Database busy or unreachable; see Retry-After",
}


class ErrorBody(BaseModel):
    model_config = ConfigDict(extra="allow")
    error: str
    detail: str


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": ErrorBody, "description": _DESCRIPTIONS[code]} for code in codes}
