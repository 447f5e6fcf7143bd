"""solutions-lab users create EMAIL --role ROLE [--role …] [--country ISO3] [--name NAME],
the password read from standard input.

The command runs in-process on the test's session (its commit only releases a savepoint),
so the account it makes is rolled back with the test, on SQLite and PostgreSQL alike.
"""

import io
from contextlib import contextmanager

import pytest
from sqlmodel import select

from app import cli, db
from app.models.accounts import Role, User
from app.services.passwords import verify_password
from tests.factories import LONG_PASSPHRASE, make_user


@pytest.fixture
def run(session, monkeypatch, capsys):
    """Run the command with `stdin` as standard input; returns (exit code, stdout, stderr)."""

    @contextmanager
    def test_session_scope(*, write: bool = True):
        yield session

    monkeypatch.setattr(db, "session_scope", test_session_scope)

    def run_command(args: list[str], *, stdin: str) -> tuple[int, str, str]:
        monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
        try:
            code = cli.main(args)
        except SystemExit as exit:  # argparse refusing the arguments
            code = exit.code
        out, err = capsys.readouterr()
        return code, out, err

    return run_command


def test_users_create_makes_the_account(session, run):
    args = ["users", "create", "Wanjiru@Example.org", "--role", "country_officer", "--role", "reviewer",
            "--country", "KEN", "--name", "Wanjiru Kamau"]
    code, out, err = run(args, stdin="a long pass phrase\n")
    user = session.exec(select(User).where(User.email == "wanjiru@example.org")).one()
    assert (code, err) == (0, "")
    assert out == f"Created user {user.id} <wanjiru@example.org> with roles country_officer, reviewer.\n"
    assert (user.name, user.country_code, user.roles) == ("Wanjiru Kamau", "KEN", {Role.country_officer, Role.reviewer})
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password("a long pass phrase", user.password_hash)


def test_users_create_takes_the_first_line_of_stdin_as_the_whole_password(session, run):
    code, _, _ = run(["users", "create", "ada@example.org", "--role", "admin"], stdin=LONG_PASSPHRASE + "\r\nignored\n")
    user = session.exec(select(User).where(User.email == "ada@example.org")).one()
    assert code == 0
    assert (user.name, user.roles, user.country_code) == ("ada", {Role.admin}, None)
    assert verify_password(LONG_PASSPHRASE, user.password_hash)


@pytest.mark.parametrize(
    ("args", "stdin", "message"),
    [
        (["--role", "admin"], "short\n", "error: password: Use at least 8 characters.\n"),
        (["--role", "admin"], "", "error: password: Use at least 8 characters.\n"),
        (["--role", "admin"], "sunshine\n", "error: password: This password is one of the most common ones; choose another.\n"),
        (["--role", "admin", "--country", "XXX"], "a long pass phrase\n", "error: country: Choose a country from the list.\n"),
    ],
)
def test_users_create_refuses_bad_input(session, run, args, stdin, message):
    code, out, err = run(["users", "create", "ada@example.org", *args], stdin=stdin)
    assert (code, out, err) == (2, "", message)
    assert session.exec(select(User)).all() == []


def test_users_create_refuses_a_taken_email_in_any_case(session, run):
    make_user(session, email="ada@example.org")
    code, _, err = run(["users", "create", "ADA@example.org", "--role", "admin"], stdin="a long pass phrase\n")
    assert (code, err) == (2, "error: email: An account with this email address exists already.\n")
    assert len(session.exec(select(User)).all()) == 1


@pytest.mark.parametrize("args", [["--role", "superuser"], []], ids=["unknown role", "no role"])
def test_users_create_refuses_bad_roles(session, run, args):
    code, _, err = run(["users", "create", "ada@example.org", *args], stdin="a long pass phrase\n")
    assert code == 2 and err.startswith("usage: solutions-lab users create")
    assert session.exec(select(User)).all() == []


def test_users_create_refuses_an_invalid_email(session, run):
    code, out, err = run(["users", "create", "not-an-email", "--role", "admin"], stdin="a long pass phrase\n")
    assert (code, out) == (2, "")
    assert err.startswith("error: 1 validation error for SignUp\nemail\n")
