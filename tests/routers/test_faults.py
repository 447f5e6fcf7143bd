"""Faults answer clearly: a locked database gets 503 with Retry-After, never a traceback."""

import sqlite3

import psycopg
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from tests.conftest import IS_POSTGRES, TEST_DATABASE_URL


@pytest.fixture
def database_locked_by_another_writer(session):
    """Another process holds the write lock on the table sign-ins write to, past our patience."""
    if IS_POSTGRES:
        session.exec(text("SET lock_timeout = '200ms'"))
        url = make_url(TEST_DATABASE_URL).set(drivername="postgresql").render_as_string(hide_password=False)
        other = psycopg.connect(url)
        other.execute("LOCK TABLE signin_attempt IN ACCESS EXCLUSIVE MODE")
    else:
        session.exec(text("PRAGMA busy_timeout = 200"))
        other = sqlite3.connect(make_url(TEST_DATABASE_URL).database, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
    yield
    other.rollback() if IS_POSTGRES else other.execute("ROLLBACK")
    other.close()


def test_locked_database_answers_503_with_retry_after(client, database_locked_by_another_writer):
    response = client.post("/api/v1/auth/token", data={"username": "someone@example.org", "password": "wrong-password-1"})
    assert response.status_code == 503
    assert response.headers["Retry-After"] == "5"
    assert response.json()["error"] == "ServiceUnavailable"
    assert "Traceback" not in response.text


def test_locked_database_shows_a_readable_page(client, database_locked_by_another_writer):
    page = client.get("/signin")
    token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/signin", data={"email": "someone@example.org", "password": "wrong-password-1", "csrf_token": token})
    assert response.status_code == 503
    assert response.headers["content-type"].startswith("text/html") and "Temporarily unavailable" in response.text
