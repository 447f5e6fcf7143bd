"""Small factories that build test data through the models, with sensible defaults.

Each returns the object it made, committed: under the `session` fixture a commit only
releases a savepoint, so everything still disappears when the test's transaction is
rolled back, and a request that rolls back its own work cannot take the test's data with it.
"""

from collections.abc import Iterable
from functools import lru_cache
from itertools import count

from sqlmodel import Session

from app.models.accounts import ApiToken, Role, User, UserRole
from app.services import tokens
from app.services.passwords import hash_password

# Not in app/data/common_passwords.txt, at least 8 characters: acceptable to the password rule.
DEFAULT_PASSWORD = "factory-pass-2026"
# 200 characters, non-ASCII included: passwords are any text of 8 characters or more.
LONG_PASSPHRASE = ("Ngũgĩ wa Thiong'o écrit à Nairobi — 東京でお茶を飲む 🌍 " * 5)[:200]

_serial = count(1)


@lru_cache(maxsize=32)
def password_hash_of(password: str) -> str:
    """argon2id takes ~0.1 s by design: hash each distinct test password once per run."""
    return hash_password(password)


def make_user(
    session: Session,
    *,
    roles: Iterable[Role | str] = (Role.submitter,),
    email: str | None = None,
    password: str = DEFAULT_PASSWORD,
    country: str | None = None,
    name: str | None = None,
    organisation: str = "",
    is_active: bool = True,
) -> User:
    """A user with `roles` (role values or Role members). The email is stored lower-cased, as
    the app stores it, and made unique when omitted; the password is hashed once per run."""
    number = next(_serial)
    user = User(
        email=(email or f"user{number}@example.org").lower(),
        name=name or f"Test User {number}",
        organisation=organisation,
        country_code=country,
        password_hash=password_hash_of(password),
        is_active=is_active,
    )
    user.role_rows = [UserRole(role=role) for role in sorted({Role(r) for r in roles}, key=lambda r: r.value)]
    session.add(user)
    session.commit()
    return user


def make_token(session: Session, *, user: User, label: str = "API") -> tuple[str, ApiToken]:
    """An API token of `user` through the real service: (the bearer value, its row)."""
    return tokens.issue_token(session, user=user, label=label)
