"""The password rule (at least 8 characters, not a common password, nothing else) and argon2id."""

import pytest

from app.services.passwords import (
    COMMON_PASSWORDS_FILE, MIN_LENGTH, common_passwords, hash_password, password_problem, verify_password,
)
from tests.factories import LONG_PASSPHRASE

TOO_SHORT = "Use at least 8 characters."
TOO_COMMON = "This password is one of the most common ones; choose another."


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("", TOO_SHORT),
        ("7 chars", TOO_SHORT),
        ("ñandú€", TOO_SHORT),
        ("password", TOO_COMMON),
        ("PassWord", TOO_COMMON),
        ("12345678", TOO_COMMON),
        ("qwertyuiop", TOO_COMMON),
        ("8 chars!", None),
        ("nocapsnodigits", None),
        ("ñandú€ño", None),
        (LONG_PASSPHRASE, None),
    ],
)
def test_password_problem(password, problem):
    assert password_problem(password) == problem


def test_passphrase_is_200_characters_with_non_ascii():
    assert len(LONG_PASSPHRASE) == 200 and not LONG_PASSPHRASE.isascii()


def test_common_passwords_are_lower_case_and_long_enough():
    """The rule compares lower-cased input, so an upper-case or short line could never match."""
    lines = [line for line in COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    assert len(common_passwords()) == len(lines) > 10_000
    assert [line for line in lines if line != line.lower() or len(line) < MIN_LENGTH] == []


def test_password_hash_is_argon2id_and_verifies():
    stored = hash_password(LONG_PASSPHRASE)
    assert stored.startswith("$argon2id$v=19$")
    assert LONG_PASSPHRASE not in stored
    assert verify_password(LONG_PASSPHRASE, stored) is True
    assert verify_password(LONG_PASSPHRASE[:-1], stored) is False


def test_password_hash_is_salted():
    assert hash_password("same password") != hash_password("same password")


def test_password_check_without_account_is_false():
    assert verify_password("anything at all", None) is False
