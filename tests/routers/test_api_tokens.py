"""API bearer tokens: issued for a password, used on /api/v1/me, expiring, revocable from
the account page, and stored only as a hash."""

import hashlib
import re
from datetime import UTC, datetime, timedelta

import time_machine
from sqlmodel import select

from app.config import settings
from app.models.accounts import ApiToken
from tests.clients import csrf_token, start_browser_session
from tests.database import holds_anywhere
from tests.factories import DEFAULT_PASSWORD, make_token, make_user

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TOKEN_REFUSED = {"error": "Unauthorized", "detail": "The bearer token is unknown, expired or revoked."}


def bearer(value: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {value}"}


def issue(client, *, email: str = "ada@example.org", password: str = DEFAULT_PASSWORD):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


def test_token_issued_for_the_right_password(session, client):
    make_user(session, email="ada@example.org")
    with time_machine.travel(START, tick=False):
        response = issue(client, email="Ada@Example.org")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_at"}
    assert body["token_type"] == "bearer"
    assert re.fullmatch(r"sl_[A-Za-z0-9_-]{43}", body["access_token"])
    assert body["expires_at"] == (START + timedelta(days=settings.api_token_days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def test_token_answer_is_never_cached(session, client):
    make_user(session, email="ada@example.org")
    assert issue(client).headers["cache-control"] == "no-store"


def test_token_refused_for_a_wrong_password(session, client):
    make_user(session, email="ada@example.org")
    response = issue(client, password="not-her-password")
    assert (response.status_code, response.json()) == (401, {"error": "Unauthorized", "detail": "Wrong email address or password."})


def test_token_authenticates_me(session, client):
    user = make_user(session, roles=["reviewer", "country_officer"], email="ada@example.org", country="KEN",
                     name="Ada Lovelace", organisation="Analytical Engines")
    value = issue(client).json()["access_token"]
    response = client.get("/api/v1/me", headers=bearer(value))
    assert response.status_code == 200
    assert response.json() == {
        "id": user.id, "email": "ada@example.org", "name": "Ada Lovelace", "organisation": "Analytical Engines",
        "country": "KEN", "roles": ["country_officer", "reviewer"], "languages": [], "expertise": [], "interface_language": None,
    }


def test_unknown_token_is_401(client):
    response = client.get("/api/v1/me", headers=bearer("sl_not-a-token"))
    assert (response.status_code, response.json()) == (401, TOKEN_REFUSED)


def test_token_works_until_it_expires(session, client):
    make_user(session, email="ada@example.org")
    lifetime = timedelta(days=settings.api_token_days)
    with time_machine.travel(START, tick=False) as clock:
        value = issue(client).json()["access_token"]
        clock.move_to(START + lifetime - timedelta(seconds=1))
        assert client.get("/api/v1/me", headers=bearer(value)).status_code == 200
        clock.move_to(START + lifetime)
        response = client.get("/api/v1/me", headers=bearer(value))
    assert (response.status_code, response.json()) == (401, TOKEN_REFUSED)


def revoke_forms(page: str) -> list[str]:
    return re.findall(r'<form method="post" action="(/account/tokens/\d+/revoke)"', page)


def test_token_revoked_from_the_account_page(session, client):
    user = make_user(session, email="ada@example.org")
    value, token = make_token(session, user=user)
    start_browser_session(client, session, user=user)
    page = client.get("/account").text
    assert revoke_forms(page) == [f"/account/tokens/{token.id}/revoke"]
    response = client.post(revoke_forms(page)[0], data={"csrf_token": csrf_token(client)})
    assert (response.status_code, response.headers["location"]) == (303, "/account")
    assert revoke_forms(client.get("/account").text) == []
    refused = client.get("/api/v1/me", headers=bearer(value))
    assert (refused.status_code, refused.json()) == (401, TOKEN_REFUSED)


def test_token_of_another_user_cannot_be_revoked(session, client):
    value, token = make_token(session, user=make_user(session))
    start_browser_session(client, session, user=make_user(session))
    response = client.post(f"/account/tokens/{token.id}/revoke", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 404
    assert client.get("/api/v1/me", headers=bearer(value)).status_code == 200


def test_token_stored_only_as_its_hash(session, client):
    make_user(session, email="ada@example.org")
    value = issue(client).json()["access_token"]
    assert session.exec(select(ApiToken.token_hash)).all() == [hashlib.sha256(value.encode()).hexdigest()]
    assert not holds_anywhere(session, value)
