"""Sign-up through the page: a submitter account, signed in at once; errors next to their
fields with the input kept; email addresses unique whatever their case."""

import pytest
from sqlmodel import select

from app.deps import SESSION_COOKIE
from app.models.accounts import User
from tests.clients import csrf_token, field_error, input_value, new_client, sign_in
from tests.factories import LONG_PASSPHRASE, make_user

FORM = {"name": "Ada Lovelace", "email": "Ada@Example.org", "password": "correct horse battery", "organisation": "Engines"}


def sign_up(client, **changes):
    return client.post("/signup", data={**FORM, **changes, "csrf_token": csrf_token(client, "/signup")})


def test_signup_signs_in_as_a_submitter(session, client):
    response = sign_up(client, country="KEN")
    assert (response.status_code, response.headers["location"]) == (303, "/my/ideas")
    me = client.get("/api/v1/me").json()
    assert (me["email"], me["name"], me["roles"], me["country"]) == ("ada@example.org", "Ada Lovelace", ["submitter"], "KEN")


def test_signup_stores_an_argon2id_hash(session, client):
    sign_up(client)
    stored = session.exec(select(User.password_hash).where(User.email == "ada@example.org")).one()
    assert stored.startswith("$argon2id$")


def test_signup_with_a_long_non_ascii_passphrase_then_signin(session, app, client):
    assert sign_up(client, password=LONG_PASSPHRASE).status_code == 303
    browser = new_client(app)
    assert sign_in(browser, email="ada@example.org", password=LONG_PASSPHRASE).status_code == 303
    assert browser.get("/api/v1/me").json()["email"] == "ada@example.org"


@pytest.mark.parametrize("email", ["ada@example.org", "ADA@EXAMPLE.ORG", "Ada@example.ORG"])
def test_signup_with_a_taken_email_in_any_case_shows_error_and_keeps_input(session, app, email):
    assert sign_up(new_client(app)).status_code == 303  # as Ada@Example.org
    client = new_client(app)
    response = sign_up(client, email=email)
    assert response.status_code == 422
    assert field_error(response.text, "email") == "An account with this email address exists already."
    assert input_value(response.text, "email") == email
    assert input_value(response.text, "name") == "Ada Lovelace"
    assert input_value(response.text, "password") == ""
    assert SESSION_COOKIE not in client.cookies
    assert len(session.exec(select(User)).all()) == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"password": "short"}, "password", "Use at least 8 characters."),
        ({"password": "iloveyou"}, "password", "This password is one of the most common ones; choose another."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"name": ""}, "name", "This field is required."),
        ({"country": "XXX"}, "country", "Choose a country from the list."),
    ],
)
def test_signup_refused_shows_error_next_to_field(session, client, changes, field, message):
    response = sign_up(client, **changes)
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert input_value(response.text, "organisation") == "Engines"
    assert session.exec(select(User)).all() == []


def test_signup_page_sends_a_signed_in_user_to_the_account(session, client):
    make_user(session, email="ada@example.org")
    sign_in(client, email="ada@example.org")
    assert client.get("/signup").headers["location"] == "/account"
