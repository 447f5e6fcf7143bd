"""Security headers on every answer (pages, API, redirects, error pages), and no caching of
what a signed-in user sees."""

import pytest

from tests.clients import start_browser_session
from tests.factories import make_token, make_user


def content_security_policy(response) -> dict[str, list[str]]:
    directives = [part.split() for part in response.headers["content-security-policy"].split(";") if part.strip()]
    return {name: sources for name, *sources in directives}


ANSWERS = {
    "page": ("GET", "/", 200),
    "API": ("GET", "/api/v1/countries", 200),
    "redirect": ("GET", "/account", 303),
    "404 page": ("GET", "/no-such-page", 404),
    "404 API": ("GET", "/api/v1/countries/XXX", 404),
    "401 API": ("GET", "/api/v1/me", 401),
    "403 CSRF page": ("POST", "/signout", 403),
    "405 page": ("DELETE", "/account", 405),
    "422 API": ("POST", "/api/v1/auth/token", 422),
}


@pytest.mark.parametrize("answer", ANSWERS)
def test_security_headers_on_every_kind_of_answer(client, answer):
    method, path, status = ANSWERS[answer]
    response = client.request(method, path)
    assert response.status_code == status
    policy = content_security_policy(response)
    assert policy["script-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "same-origin"
    assert response.headers["x-frame-options"] == "DENY"


def test_security_headers_on_an_unexpected_error(app, client):
    @app.get("/boom")
    def boom():
        raise RuntimeError("unexpected")

    response = client.get("/boom")
    assert response.status_code == 500
    assert "'unsafe-inline'" not in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "Something went wrong on our side." in response.text and "unexpected" not in response.text


@pytest.mark.parametrize("path", ["/", "/account", "/countries", "/signin", "/api/v1/me", "/api/v1/countries"])
def test_signed_in_answers_are_not_stored(session, client, path):
    start_browser_session(client, session, user=make_user(session))
    assert client.get(path).headers["cache-control"] == "no-store"


def test_bearer_answers_are_not_stored(session, client):
    value, _ = make_token(session, user=make_user(session))
    response = client.get("/api/v1/me", headers={"Authorization": f"Bearer {value}"})
    assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/", "/countries", "/api/v1/countries"])
def test_anonymous_public_answers_may_be_cached(client, path):
    assert "cache-control" not in client.get(path).headers
