"""The language switcher: visitors keep their choice in a cookie, signed-in people in their account."""

from typing import Annotated

from fastapi import APIRouter, Form, Query
from fastapi.responses import RedirectResponse

from app import i18n
from app.deps import OptionalUser, SessionDep, cookie_settings
from app.routers.web import safe_next
from app.services import accounts

router = APIRouter(include_in_schema=False)
ONE_YEAR = 365 * 24 * 3600

LanguageCode = Annotated[str, Query(max_length=8)]


@router.get("/language")
def choose_language_as_visitor(language: LanguageCode = "", next: Annotated[str, Query(max_length=500)] = "/"):
    """A plain GET form: it changes only the visitor's own cookie, nothing on the server."""
    return _switched(accounts.offered_language(language), next)


@router.post("/language")
def choose_language(
    session: SessionDep, user: OptionalUser,
    language: Annotated[str, Form(max_length=8)] = "", next: Annotated[str, Form(max_length=500)] = "/",
):
    code = accounts.offered_language(language)
    if user is not None:
        accounts.set_interface_language(session, user=user, code=code)
    return _switched(code, next)


def _switched(code: str, next: str) -> RedirectResponse:
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(i18n.LANGUAGE_COOKIE, code, max_age=ONE_YEAR, **cookie_settings())
    return response
