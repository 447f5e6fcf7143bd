"""Typed dependencies shared by the routers: the database session, who is asking, CSRF."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Annotated

from fastapi import Depends, Request
from sqlmodel import Session

from app import i18n
from app.config import settings
from app.db import open_session
from app.errors import Forbidden, Unauthorized
from app.i18n import _
from app.models.accounts import Role, User
from app.services import sessions, tokens
from app.services.rules import has_role

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
SESSION_COOKIE = "lab_session"
ANON_COOKIE = "lab_visitor"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"


def get_session(request: Request) -> Iterator[Session]:
    """One session per request; unsafe methods take the SQLite write lock up front."""
    session = open_session(write=request.method not in SAFE_METHODS)
    try:
        yield session
    finally:
        session.close()


SessionDep = Annotated[Session, Depends(get_session)]


@dataclass
class Identity:
    user: User | None
    session_key: str | None  # set when signed in through the browser
    via_token: bool
    visitor_key: str | None  # an anonymous visitor's cookie, binding their CSRF token

    @property
    def csrf_token(self) -> str:
        binding = self.session_key or self.visitor_key
        return sessions.csrf_token(binding) if binding else ""


def resolve_identity(request: Request, session: SessionDep) -> Identity:
    """Who is asking: a bearer token or a session cookie. Synchronous, so FastAPI runs its
    database work in the thread pool, never on the event loop."""
    identity = _resolve_identity(request, session)
    request.state.identity = identity
    request.state.db = session  # the request's own session, for what every page shows (the inbox count)
    request.state.signed_in = identity.user is not None
    return identity


async def identify(request: Request, identity: Annotated[Identity, Depends(resolve_identity)]) -> Identity:
    """Who is asking, and the CSRF check for unsafe requests (reading a form is async).
    A signed-in person's chosen language applies from here on (set here, on the request's own
    task, so that the route, its thread and the error handlers all see it)."""
    if identity.user is not None and identity.user.interface_language:
        i18n.set_current(identity.user.interface_language)
    if request.method not in SAFE_METHODS:
        await _check_csrf(request, identity)
    return identity


def _resolve_identity(request: Request, session: Session) -> Identity:
    authorization = request.headers.get("authorization", "")
    if authorization.lower().startswith("bearer "):
        user = tokens.user_for_token(session, value=authorization[7:].strip())
        if user is None:
            raise Unauthorized(_("The bearer token is unknown, expired or revoked."))
        return Identity(user=user, session_key=None, via_token=True, visitor_key=None)
    key = request.cookies.get(SESSION_COOKIE)
    active = sessions.load_session(session, key=key) if key else None
    if active is not None:
        return Identity(user=active.user, session_key=key, via_token=False, visitor_key=None)
    visitor = request.cookies.get(ANON_COOKIE)
    request.state.new_visitor_key = None if visitor else sessions.new_secret()
    return Identity(user=None, session_key=None, via_token=False, visitor_key=visitor or request.state.new_visitor_key)


async def _check_csrf(request: Request, identity: Identity) -> None:
    """Forms always carry the token; JSON calls only when a session cookie authenticates them."""
    if identity.via_token:
        return
    is_api = request.url.path.startswith("/api/")
    if is_api and identity.session_key is None:
        return  # no ambient credentials: nothing a forged request could borrow
    sent = request.headers.get(CSRF_HEADER)
    if sent is None and not is_api:
        content_type = request.headers.get("content-type", "")
        if content_type.startswith(("application/x-www-form-urlencoded", "multipart/form-data")):
            sent = (await request.form()).get(CSRF_FIELD)
    binding = identity.session_key or identity.visitor_key
    if not binding or not sessions.csrf_token_matches(binding, sent if isinstance(sent, str) else None):
        raise Forbidden(_("The form's security token is missing or wrong."), csrf=True)


IdentityDep = Annotated[Identity, Depends(identify)]


def current_user(identity: IdentityDep) -> User:
    if identity.user is None:
        raise Unauthorized(_("Please sign in."))
    return identity.user


CurrentUser = Annotated[User, Depends(current_user)]


def optional_user(identity: IdentityDep) -> User | None:
    return identity.user


OptionalUser = Annotated[User | None, Depends(optional_user)]


def require_role(*roles: Role):
    """A dependency that lets in users holding any of `roles` (admins hold every power)."""

    def check(user: CurrentUser) -> User:
        if not has_role(user, *roles, Role.admin):
            raise Forbidden(_("Your account does not have the role for this."))
        return user

    return Depends(check)


def cookie_settings() -> dict:
    return {"httponly": True, "samesite": "lax", "secure": settings.https, "path": "/"}
