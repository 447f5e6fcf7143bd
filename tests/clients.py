"""Helpers for driving the app with a TestClient as a browser would: sign in through the
real form, read the CSRF token and field errors out of a page, juggle cookies."""

import html
import re

from fastapi import FastAPI
from fastapi.testclient import TestClient
from httpx import Response
from sqlmodel import Session

from app.deps import SESSION_COOKIE
from app.models.accounts import User
from app.services import sessions
from tests.factories import DEFAULT_PASSWORD

# TestClient talks to http://testserver; the cookie jar files its cookies under this domain.
COOKIE_DOMAIN = "testserver.local"
_CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]*)"')


def new_client(app: FastAPI) -> TestClient:
    """Another browser on the same app (and so on the same test database)."""
    return TestClient(app, base_url="http://testserver", follow_redirects=False)


def csrf_token_in(page: str) -> str:
    """The CSRF token of the first form of an HTML page."""
    found = _CSRF_INPUT.search(page)
    assert found, "the page has no csrf_token field"
    return html.unescape(found.group(1))


def csrf_token(client: TestClient, path: str | None = None) -> str:
    """Read the client's CSRF token out of the page at `path`; by default /signin, or
    /account when the client is signed in (then /signin redirects)."""
    response = client.get(path or "/signin")
    if path is None and response.status_code == 303:
        response = client.get("/account")
    assert response.status_code == 200, f"GET {response.url.path} answered {response.status_code}"
    return csrf_token_in(response.text)


def sign_in(client: TestClient, *, email: str, password: str = DEFAULT_PASSWORD, next: str = "/") -> Response:
    """Sign in through the real /signin form (an argon2 check: ~0.1 s) and return its redirect."""
    token = csrf_token(client)
    response = client.post("/signin", data={"email": email, "password": password, "next": next, "csrf_token": token})
    assert response.status_code == 303, f"sign-in answered {response.status_code}"
    return response


def start_browser_session(client: TestClient, session: Session, *, user: User) -> str:
    """Give the client a live session cookie of `user` without the form's password check.

    For tests that sign many users in (the route table); the form itself is tested in
    tests/routers/test_sessions.py. Returns the cookie value.
    """
    key = sessions.start_session(session, user=user)
    session.commit()
    set_cookie(client, SESSION_COOKIE, key)
    return key


def set_cookie(client: TestClient, name: str, value: str) -> None:
    """Put a cookie in the client's jar as if the server had set it (replacing any)."""
    client.cookies.delete(name)
    client.cookies.set(name, value, domain=COOKIE_DOMAIN, path="/")


def field_error(page: str, name: str) -> str | None:
    """The error message shown next to the field `name`, or None."""
    found = re.search(rf'<p class="error-text" id="{re.escape(name)}-error">(.*?)</p>', page, re.DOTALL)
    return html.unescape(found.group(1)) if found else None


def input_value(page: str, name: str) -> str | None:
    """The value an <input name=…> of the page carries, or None when there is no such input."""
    found = re.search(rf'<input id="{re.escape(name)}" name="{re.escape(name)}" type="[^"]*" value="([^"]*)"', page)
    return html.unescape(found.group(1)) if found else None


def checked_values(page: str, name: str) -> list[str]:
    """The values of the ticked checkboxes named `name`."""
    pattern = rf'<input type="checkbox" name="{re.escape(name)}" value="([^"]*)" checked>'
    return [html.unescape(value) for value in re.findall(pattern, page)]
