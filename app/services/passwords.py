"""Password hashing (argon2id) and the password rule: long enough, not a common one."""

from functools import lru_cache
from pathlib import Path

from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher

from app.i18n import _, format_number, ngettext

MIN_LENGTH = 8
COMMON_PASSWORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "common_passwords.txt"

_hasher = PasswordHash((Argon2Hasher(),))
# Verifying against this hash when the account does not exist costs the same time as a
# real check, so response times do not reveal which addresses have accounts.
_DUMMY_HASH = _hasher.hash("no account has this password")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password: str, password_hash: str | None) -> bool:
    if password_hash is None:
        _hasher.verify(password, _DUMMY_HASH)
        return False
    return _hasher.verify(password, password_hash)


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def password_problem(password: str) -> str | None:
    """Why a new password is refused, or None. No composition rules, any length above the minimum."""
    if len(password) < MIN_LENGTH:
        return ngettext("Use at least %(num)s character.", "Use at least %(num)s characters.", MIN_LENGTH) % {
            "num": format_number(MIN_LENGTH)}
    if password.lower() in common_passwords():
        return _("This password is one of the most common ones; choose another.")
    return None
