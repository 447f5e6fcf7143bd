"""Shared helpers of the HTML pages: rendering with the viewer's context, redirects, forms."""

from typing import Any
from urllib.parse import quote, unquote

from fastapi import Request
from fastapi.responses import RedirectResponse, Response
from pydantic import BaseModel, ValidationError
from sqlalchemy.exc import SQLAlchemyError

from app.deps import ANON_COOKIE, cookie_settings
from app.services import notifications, rules
from app.templating import templates
from app.validation_messages import validation_message

FLASH_COOKIE = "lab_flash"


def viewer_context(request: Request, *, count_inbox: bool = True) -> dict[str, Any]:
    identity = getattr(request.state, "identity", None)
    user = identity.user if identity else None
    return {
        "user": user,
        "csrf_token": identity.csrf_token if identity else "",
        "flash": unquote(request.cookies.get(FLASH_COOKIE, ""))[:300],
        "nav": {
            "signed_in": user is not None,
            "is_admin": rules.is_admin(user),
            "is_lab_manager": rules.is_lab_manager(user),
            "is_reviewer": rules.has_role(user, rules.Role.reviewer),
            "is_submitter": rules.has_role(user, rules.Role.submitter),
            "is_country_officer": rules.has_role(user, rules.Role.country_officer),
            "unread": _unread(request, user) if count_inbox else 0,
        },
        "current_path": request.url.path,
    }


def _unread(request: Request, user) -> int:
    """The signed-in user's unread notifications for the nav: one indexed count, on the request's session."""
    session = getattr(request.state, "db", None)
    if user is None or session is None:
        return 0
    try:
        return notifications.unread_count(session, user=user)
    except SQLAlchemyError:  # a page must not fail over its nav; an error page may follow a database fault
        return 0


def render(request: Request, template: str, context: dict[str, Any] | None = None, *, status_code: int = 200,
           private: bool = False) -> Response:
    """A page for the viewer. `private` pages carry a form for anonymous visitors (sign in, sign up):
    they set the visitor's CSRF cookie and are never cached."""
    response = templates.TemplateResponse(
        request, template, {**viewer_context(request), **(context or {})}, status_code=status_code
    )
    new_visitor_key = getattr(request.state, "new_visitor_key", None)
    if private:
        response.headers["Cache-Control"] = "no-store"
        if new_visitor_key:
            response.set_cookie(ANON_COOKIE, new_visitor_key, **cookie_settings())
    if request.cookies.get(FLASH_COOKIE):
        response.delete_cookie(FLASH_COOKIE, path="/")
    return response


def redirect(url: str, *, flash: str = "") -> RedirectResponse:
    """A 303 after a successful POST, optionally with a one-time message for the next page."""
    response = RedirectResponse(url, status_code=303)
    if flash:
        response.set_cookie(FLASH_COOKIE, quote(flash[:200]), max_age=60, **cookie_settings())
    return response


def safe_next(target: str | None, default: str = "/") -> str:
    """Only local paths: a sign-in link must not send people to another site."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return default


def parse_form(model: type[BaseModel], data: dict[str, Any]) -> tuple[BaseModel | None, dict[str, str]]:
    """Validate form input with a request model; errors come back per field for the page."""
    try:
        return model.model_validate(data), {}
    except ValidationError as exc:
        errors: dict[str, str] = {}
        for item in exc.errors():
            field = str(item["loc"][0]) if item["loc"] else "form"
            errors.setdefault(field, validation_message(item))
        return None, errors
