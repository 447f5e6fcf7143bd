"""Domain errors carry their HTTP status; one handler turns any error into JSON under
/api and into an error page elsewhere. No traceback ever reaches a client."""

import logging
from typing import Any
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from sqlalchemy.exc import DataError, DBAPIError, OperationalError
from starlette.exceptions import HTTPException as StarletteHTTPException

from app.i18n import N_, _
from app.validation_messages import validation_message

log = logging.getLogger("app.errors")

RETRY_AFTER_SECONDS = 5


class DomainError(Exception):
    """`title` is marked for the catalog (N_) and translated where it is shown; a `detail` is
    translated by whoever raises the error."""

    status_code = 400
    title = N_("Bad request")

    def __init__(self, detail: str = "", **extra: Any) -> None:
        detail = detail or _(self.title)
        super().__init__(detail)
        self.detail = detail
        self.extra = extra
        self.headers: dict[str, str] = {}

    @property
    def name(self) -> str:
        return type(self).__name__


class BadRequest(DomainError):
    status_code, title = 400, N_("Bad request")


class Unauthorized(DomainError):
    status_code, title = 401, N_("Please sign in")


class Forbidden(DomainError):
    status_code, title = 403, N_("Not allowed")


class NotFound(DomainError):
    status_code, title = 404, N_("Not found")


class Conflict(DomainError):
    status_code, title = 409, N_("Changed meanwhile")


class ValidationFailed(DomainError):
    """Bad input; `fields` maps a field name to its message."""

    status_code, title = 422, N_("Please check your input")


class InvalidTransition(DomainError):
    status_code, title = 422, N_("This move is not possible")


class GateNotMet(InvalidTransition):
    title = N_("The gate is not met")


class PayloadTooLarge(DomainError):
    status_code, title = 413, N_("Request too large")


class TooManyAttempts(DomainError):
    status_code, title = 429, N_("Too many attempts")

    def __init__(self, detail: str = "", *, retry_after: int, **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.headers["Retry-After"] = str(max(1, int(retry_after)))


class ServiceUnavailable(DomainError):
    status_code, title = 503, N_("Temporarily unavailable")

    def __init__(self, detail: str = "", **extra: Any) -> None:
        super().__init__(detail, **extra)
        self.headers["Retry-After"] = str(RETRY_AFTER_SECONDS)


_HTTP_NAMES = {
    400: BadRequest, 401: Unauthorized, 403: Forbidden, 404: NotFound, 409: Conflict,
    413: PayloadTooLarge, 422: ValidationFailed, 429: TooManyAttempts, 503: ServiceUnavailable,
}
# The details Starlette gives its own errors (an unknown address, a method a route does not
# take): in the catalog, so that they read in the reader's language.
HTTP_PHRASES = frozenset({N_("Not Found"), N_("Method Not Allowed")})


def wants_json(request: Request) -> bool:
    path = request.url.path
    return path.startswith("/api/") or path in ("/healthz", "/livez", "/metrics")


def render_error(request: Request, error: DomainError) -> Response:
    """The one place an error becomes a response."""
    if wants_json(request):
        body = {"error": error.name, "detail": error.detail, **jsonable_encoder(error.extra)}
        headers = {**error.headers, **({"WWW-Authenticate": "Bearer"} if error.status_code == 401 else {})}
        return JSONResponse(body, status_code=error.status_code, headers=headers)
    if error.status_code == 401:
        # A page that needs a signed-in user sends the visitor to sign in, then back to it
        # (back to a page, not to a form's POST address).
        if request.method != "GET":
            return RedirectResponse("/signin", status_code=303)
        target = quote(request.url.path + (f"?{request.url.query}" if request.url.query else ""))
        return RedirectResponse(f"/signin?next={target}", status_code=303)
    from app.routers.web import viewer_context
    from app.templating import templates

    # After a database fault (5xx) the nav's inbox count is not asked of the database again.
    context = {**viewer_context(request, count_inbox=error.status_code < 500), "error": error, "status_code": error.status_code}
    return templates.TemplateResponse(
        request, "error.html", context, status_code=error.status_code, headers=error.headers
    )


def _from_http_exception(exc: StarletteHTTPException) -> DomainError:
    cls = _HTTP_NAMES.get(exc.status_code, DomainError)
    detail = exc.detail if isinstance(exc.detail, str) and exc.detail else ""
    if detail in HTTP_PHRASES:
        detail = _(detail)
    error = cls.__new__(cls)
    DomainError.__init__(error, detail)
    error.status_code = exc.status_code
    error.headers.update(exc.headers or {})
    return error


def _from_validation_error(exc: RequestValidationError) -> DomainError:
    fields = {}
    for item in exc.errors():
        location = [str(part) for part in item.get("loc", ()) if part not in ("body", "query", "path", "form")]
        fields[".".join(location) or "body"] = validation_message(item, form=False)
    return ValidationFailed(_("Please check your input"), fields=fields)


def install_error_handlers(app: FastAPI) -> None:
    async def on_domain_error(request: Request, exc: DomainError) -> Response:
        return render_error(request, exc)

    async def on_http_exception(request: Request, exc: StarletteHTTPException) -> Response:
        return render_error(request, _from_http_exception(exc))

    async def on_validation_error(request: Request, exc: RequestValidationError) -> Response:
        return render_error(request, _from_validation_error(exc))

    async def on_database_error(request: Request, exc: DBAPIError) -> Response:
        # A locked or unreachable database is a passing fault: tell the client to retry.
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            log.warning("database unavailable: %s", exc.orig)
            return render_error(request, ServiceUnavailable(_("The database is busy or unreachable; please retry.")))
        if isinstance(exc, DataError):
            return await on_value_out_of_range(request, exc)
        raise exc

    async def on_value_out_of_range(request: Request, exc: Exception) -> Response:
        # A number the database cannot hold (an identifier past its integer column, say):
        # PostgreSQL answers DataError, SQLite's driver OverflowError. Bad input, not our fault.
        log.warning("value out of range for the database: %s", getattr(exc, "orig", exc))
        return render_error(request, BadRequest(_("A value in the request is out of range.")))

    app.add_exception_handler(DomainError, on_domain_error)
    app.add_exception_handler(StarletteHTTPException, on_http_exception)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(DBAPIError, on_database_error)
    app.add_exception_handler(OverflowError, on_value_out_of_range)
