"""Repeated failed sign-ins get 429 with Retry-After, on the page and on the token endpoint,
per account and per client address; the account works again after the window."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from fastapi.testclient import TestClient

from app.config import settings
from app.deps import SESSION_COOKIE
from tests.clients import csrf_token, sign_in
from tests.factories import DEFAULT_PASSWORD, make_user

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=settings.signin_window_minutes)
FULL_WAIT = str(int(WINDOW.total_seconds()) + 1)


def page_signin(client, *, email: str, password: str):
    return client.post("/signin", data={"email": email, "password": password, "csrf_token": csrf_token(client, "/signin")})


def api_signin(client, *, email: str, password: str):
    return client.post("/api/v1/auth/token", data={"username": email, "password": password})


@pytest.fixture
def locked_out(session, client):
    """Ada's account after as many failed sign-ins as allowed, at START (time frozen)."""
    make_user(session, email="ada@example.org")
    with time_machine.travel(START, tick=False) as clock:
        for _ in range(settings.signin_max_failures):
            assert page_signin(client, email="ada@example.org", password="wrong guess").status_code == 401
        yield clock


def test_signin_page_after_too_many_failures_is_429_even_with_the_right_password(client, locked_out):
    response = page_signin(client, email="ada@example.org", password=DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert response.headers["retry-after"] == FULL_WAIT
    assert response.headers["content-type"] == "text/html; charset=utf-8"
    assert f"Please try again in {FULL_WAIT} seconds." in response.text
    assert SESSION_COOKIE not in client.cookies


def test_token_endpoint_shares_the_accounts_throttle(client, locked_out):
    response = api_signin(client, email="ADA@example.org", password=DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert response.headers["retry-after"] == FULL_WAIT
    assert response.json() == {"error": "TooManyAttempts", "detail": "Too many failed sign-ins. Please wait before trying again."}


def test_token_endpoint_failures_lock_the_account_too(session, client):
    make_user(session, email="ada@example.org")
    with time_machine.travel(START, tick=False):
        for _ in range(settings.signin_max_failures):
            assert api_signin(client, email="ada@example.org", password="wrong guess").status_code == 401
        response = page_signin(client, email="ada@example.org", password=DEFAULT_PASSWORD)
    assert (response.status_code, response.headers["retry-after"]) == (429, FULL_WAIT)


def test_signin_works_again_after_the_window(client, locked_out):
    locked_out.move_to(START + WINDOW + timedelta(seconds=1))
    assert sign_in(client, email="ada@example.org").headers["location"] == "/"


def test_signin_still_refused_just_before_the_window_ends(client, locked_out):
    locked_out.move_to(START + WINDOW - timedelta(seconds=1))
    response = page_signin(client, email="ada@example.org", password=DEFAULT_PASSWORD)
    assert (response.status_code, response.headers["retry-after"]) == (429, "2")


def test_signin_throttle_of_one_account_spares_another_account(session, client, locked_out):
    make_user(session, email="grace@example.org")
    assert sign_in(client, email="grace@example.org").status_code == 303


def test_signin_from_one_address_is_throttled_across_accounts(session, app, client, monkeypatch):
    # A lower limit than the default 30 (tests/services/test_throttle.py uses that): each
    # failed sign-in through the page costs an argon2 check.
    monkeypatch.setattr(settings, "signin_max_failures_per_address", 3)
    make_user(session, email="ada@example.org")
    with time_machine.travel(START, tick=False) as clock:
        for number in range(3):
            assert page_signin(client, email=f"guess{number}@example.org", password="wrong guess").status_code == 401
        refused = page_signin(client, email="ada@example.org", password=DEFAULT_PASSWORD)
        api_refused = api_signin(client, email="ada@example.org", password=DEFAULT_PASSWORD)
        elsewhere = TestClient(app, follow_redirects=False, client=("10.0.0.2", 50000))
        assert sign_in(elsewhere, email="ada@example.org").status_code == 303
        clock.move_to(START + WINDOW + timedelta(seconds=1))
        assert sign_in(client, email="ada@example.org").status_code == 303
    assert (refused.status_code, refused.headers["retry-after"]) == (429, FULL_WAIT)
    assert (api_refused.status_code, api_refused.headers["retry-after"]) == (429, FULL_WAIT)
