"""CSRF: unsafe requests that a browser's cookies authenticate must carry the token of that
browser's session (or, before sign-in, of its visitor cookie); bearer-token calls need none."""

import pytest

from app.deps import SESSION_COOKIE
from tests.clients import csrf_token, new_client, start_browser_session
from tests.factories import DEFAULT_PASSWORD, make_token, make_user

CSRF_REFUSAL = {"error": "Forbidden", "detail": "The form's security token is missing or wrong.", "csrf": True}
PROFILE = {"name": "Ada Lovelace", "organisation": "Analytical Engines"}


def another_sessions_token(session, app) -> str:
    other = new_client(app)
    start_browser_session(other, session, user=make_user(session))
    return csrf_token(other)


@pytest.fixture
def signed_in(session, client):
    """The client, signed in as a submitter."""
    start_browser_session(client, session, user=make_user(session, roles=["submitter"], email="ada@example.org"))
    return client


REFUSED_CASES = ["no token", "empty token", "wrong token", "another session's token"]


def refused_token(case: str, session, app) -> str | None:
    """The token a forged or stale request would carry (None: no token at all)."""
    if case == "another session's token":
        return another_sessions_token(session, app)
    return {"no token": None, "empty token": "", "wrong token": "0" * 64}[case]


@pytest.mark.parametrize("case", REFUSED_CASES)
def test_form_post_without_its_sessions_token_is_403_page(session, app, signed_in, case):
    token = refused_token(case, session, app)
    data = PROFILE if token is None else {**PROFILE, "csrf_token": token}
    response = signed_in.post("/account", data=data)
    assert response.status_code == 403
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert "<h1>Not allowed</h1>" in response.text
    assert "The form&#39;s security token is missing or wrong." in response.text
    assert "Go back, reload the page and try again." in response.text


def test_form_post_with_its_sessions_token_goes_through(signed_in):
    response = signed_in.post("/account", data={**PROFILE, "csrf_token": csrf_token(signed_in)})
    assert (response.status_code, response.headers["location"]) == (303, "/account")


def test_form_post_may_send_the_token_in_the_header(signed_in):
    response = signed_in.post("/account", data=PROFILE, headers={"X-CSRF-Token": csrf_token(signed_in)})
    assert (response.status_code, response.headers["location"]) == (303, "/account")


def test_signin_form_without_token_is_403_page(session, client):
    make_user(session, email="ada@example.org")
    client.get("/signin")  # the visitor cookie, but no token sent
    response = client.post("/signin", data={"email": "ada@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 403
    assert SESSION_COOKIE not in client.cookies


def test_signin_form_with_token_of_another_visitor_is_403(session, app, client):
    make_user(session, email="ada@example.org")
    token = csrf_token(new_client(app), "/signin")
    client.get("/signin")
    response = client.post("/signin", data={"email": "ada@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token})
    assert response.status_code == 403


@pytest.mark.parametrize("case", REFUSED_CASES)
def test_cookie_authenticated_json_without_its_sessions_token_is_403_json(session, app, signed_in, case):
    token = refused_token(case, session, app)
    headers = {} if token is None else {"X-CSRF-Token": token}
    response = signed_in.post("/api/v1/ideas", json={}, headers=headers)
    assert (response.status_code, response.json()) == (403, CSRF_REFUSAL)


def test_cookie_authenticated_json_with_its_sessions_token_goes_through(signed_in):
    response = signed_in.post("/api/v1/ideas", json={}, headers={"X-CSRF-Token": csrf_token(signed_in)})
    assert (response.status_code, response.json()["error"]) == (422, "ValidationFailed")


def test_cookie_authenticated_json_ignores_a_token_in_a_form_field(signed_in):
    response = signed_in.post("/api/v1/auth/token", data={"username": "ada@example.org", "password": DEFAULT_PASSWORD,
                                                         "csrf_token": csrf_token(signed_in)})
    assert (response.status_code, response.json()) == (403, CSRF_REFUSAL)


def test_bearer_json_request_needs_no_csrf_token(session, client):
    value, _ = make_token(session, user=make_user(session, roles=["submitter"]))
    response = client.post("/api/v1/ideas", json={}, headers={"Authorization": f"Bearer {value}"})
    assert (response.status_code, response.json()["error"]) == (422, "ValidationFailed")


def test_json_request_without_cookies_needs_no_csrf_token(session, client):
    make_user(session, email="ada@example.org")
    response = client.post("/api/v1/auth/token", data={"username": "ada@example.org", "password": DEFAULT_PASSWORD})
    assert response.status_code == 200
