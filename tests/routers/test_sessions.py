"""Browser sessions: signing in and out, fixation, password changes and the two timeouts."""

import hashlib
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fastapi.testclient import TestClient
from sqlmodel import select

from app.config import settings
from app.deps import SESSION_COOKIE
from app.models.accounts import SigninAttempt, WebSession
from tests.clients import csrf_token, field_error, input_value, new_client, set_cookie, sign_in
from tests.database import holds_anywhere
from tests.factories import DEFAULT_PASSWORD, make_user

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
NEW_PASSWORD = "a different pass phrase"


def is_signed_in(client) -> bool:
    response = client.get("/api/v1/me")
    assert response.status_code in (200, 401)
    return response.status_code == 200


def test_signin_form_signs_in_and_redirects_to_next(session, client):
    user = make_user(session, email="ada@example.org")
    response = sign_in(client, email="ADA@example.org", next="/account")
    assert response.headers["location"] == "/account"
    assert client.get("/api/v1/me").json()["id"] == user.id


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil.example", "account"])
def test_signin_next_elsewhere_redirects_home(session, client, target):
    make_user(session, email="ada@example.org")
    assert sign_in(client, email="ada@example.org", next=target).headers["location"] == "/"


def session_cookie_set_by(response) -> str:
    (cookie,) = [c for c in response.headers.get_list("set-cookie") if c.startswith(f"{SESSION_COOKIE}=")]
    return cookie


def test_signin_cookie_is_httponly_lax_and_site_wide(session, client):
    make_user(session, email="ada@example.org")
    cookie = session_cookie_set_by(sign_in(client, email="ada@example.org"))
    assert cookie.endswith("; HttpOnly; Path=/; SameSite=lax")


def test_signin_cookie_is_secure_over_https(session, app, monkeypatch):
    monkeypatch.setattr(settings, "https", True)
    make_user(session, email="ada@example.org")
    browser = TestClient(app, base_url="https://testserver", follow_redirects=False)
    cookie = session_cookie_set_by(sign_in(browser, email="ada@example.org"))
    assert cookie.endswith("; HttpOnly; Path=/; SameSite=lax; Secure")


def test_signin_with_wrong_password_shows_error_and_keeps_email(session, client):
    make_user(session, email="ada@example.org")
    token = csrf_token(client, "/signin")
    response = client.post("/signin", data={"email": "ada@example.org", "password": "not-her-password", "csrf_token": token})
    assert response.status_code == 401
    assert "Wrong email address or password." in response.text
    assert input_value(response.text, "email") == "ada@example.org"
    assert SESSION_COOKIE not in client.cookies


def test_signin_with_blank_fields_shows_field_errors_and_counts_no_failure(session, client):
    token = csrf_token(client, "/signin")
    response = client.post("/signin", data={"email": "ada@example.org", "password": "", "csrf_token": token})
    assert response.status_code == 422
    assert field_error(response.text, "password") == "This field is required."
    assert field_error(response.text, "email") is None
    assert input_value(response.text, "email") == "ada@example.org"
    assert session.exec(select(SigninAttempt)).all() == []


def test_signin_changes_session_cookie_against_fixation(session, client):
    make_user(session, email="ada@example.org")
    set_cookie(client, SESSION_COOKIE, "planted-by-someone-else")
    first = sign_in(client, email="ada@example.org")
    first_key = client.cookies[SESSION_COOKIE]
    sign_in(client, email="ada@example.org")  # signing in again, already signed in
    second_key = client.cookies[SESSION_COOKIE]
    assert first.status_code == 303
    assert len({"planted-by-someone-else", first_key, second_key}) == 3
    assert is_signed_in(client)


def test_signin_stores_only_a_hash_of_the_session_cookie(session, client):
    make_user(session, email="ada@example.org")
    sign_in(client, email="ada@example.org")
    key = client.cookies[SESSION_COOKIE]
    assert session.exec(select(WebSession.id)).all() == [hashlib.sha256(key.encode()).hexdigest()]
    assert not holds_anywhere(session, key)


def test_signout_ends_session_and_old_cookie_no_longer_works(session, client):
    make_user(session, email="ada@example.org")
    sign_in(client, email="ada@example.org")
    old_key = client.cookies[SESSION_COOKIE]
    response = client.post("/signout", data={"csrf_token": csrf_token(client)})
    assert (response.status_code, response.headers["location"]) == (303, "/")
    assert SESSION_COOKIE not in client.cookies
    set_cookie(client, SESSION_COOKIE, old_key)  # replaying the cookie
    assert not is_signed_in(client)
    assert client.get("/account").headers["location"] == "/signin?next=/account"
    assert session.exec(select(WebSession)).all() == []


def change_password(client, *, current: str, new: str):
    data = {"current_password": current, "new_password": new, "csrf_token": csrf_token(client)}
    return client.post("/account/password", data=data)


def test_password_change_ends_other_sessions_and_keeps_current(session, app, client):
    make_user(session, email="ada@example.org")
    other_browser = new_client(app)
    sign_in(other_browser, email="ada@example.org")
    sign_in(client, email="ada@example.org")
    response = change_password(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD)
    assert (response.status_code, response.headers["location"]) == (303, "/account")
    assert is_signed_in(client)
    assert not is_signed_in(other_browser)
    assert len(session.exec(select(WebSession)).all()) == 1


def test_password_change_takes_the_new_password_at_next_signin(session, app, client):
    make_user(session, email="ada@example.org")
    sign_in(client, email="ada@example.org")
    change_password(client, current=DEFAULT_PASSWORD, new=NEW_PASSWORD)
    browser = new_client(app)
    token = csrf_token(browser, "/signin")
    refused = browser.post("/signin", data={"email": "ada@example.org", "password": DEFAULT_PASSWORD, "csrf_token": token})
    assert refused.status_code == 401
    assert sign_in(browser, email="ada@example.org", password=NEW_PASSWORD).status_code == 303


@pytest.mark.parametrize(
    ("current", "new", "field", "message"),
    [
        ("not-my-password", NEW_PASSWORD, "current_password", "This is not your current password."),
        (DEFAULT_PASSWORD, "short", "new_password", "Use at least 8 characters."),
        (DEFAULT_PASSWORD, "football", "new_password", "This password is one of the most common ones; choose another."),
    ],
)
def test_password_change_refused_ends_no_session(session, app, client, current, new, field, message):
    make_user(session, email="ada@example.org")
    other_browser = new_client(app)
    sign_in(other_browser, email="ada@example.org")
    sign_in(client, email="ada@example.org")
    response = change_password(client, current=current, new=new)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert is_signed_in(client) and is_signed_in(other_browser)


def test_session_survives_idle_time_within_the_limit(session, client):
    make_user(session, email="ada@example.org")
    idle = timedelta(minutes=settings.session_idle_minutes)
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, email="ada@example.org")
        for _ in range(3):  # each visit restarts the idle clock
            clock.shift(idle - timedelta(minutes=1))
            assert is_signed_in(client)


def test_session_ends_after_idle_timeout(session, client):
    make_user(session, email="ada@example.org")
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, email="ada@example.org")
        clock.shift(timedelta(minutes=settings.session_idle_minutes, seconds=1))
        assert client.get("/account").headers["location"] == "/signin?next=/account"
        assert session.exec(select(WebSession)).all() == []


def test_session_ends_after_absolute_timeout_even_when_active(session, client):
    make_user(session, email="ada@example.org")
    step = timedelta(minutes=settings.session_idle_minutes - 1)
    absolute = timedelta(hours=settings.session_absolute_hours)
    with time_machine.travel(START, tick=False) as clock:
        sign_in(client, email="ada@example.org")
        while datetime.now(UTC) + step < START + absolute:
            clock.shift(step)
            assert is_signed_in(client)
        clock.move_to(START + absolute - timedelta(seconds=1))
        assert is_signed_in(client)
        clock.move_to(START + absolute + timedelta(seconds=1))
        assert not is_signed_in(client)
