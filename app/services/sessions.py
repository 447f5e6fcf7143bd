"""Server-side web sessions and the CSRF tokens bound to them.

The cookie holds a random key; the database holds only its SHA-256, so a copy of the
database does not let anyone sign in. Sessions end on sign-out, on a password change,
after an idle timeout and after an absolute timeout.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session

from app.config import settings
from app.models.accounts import User, WebSession
from app.models.base import utcnow

# last_seen_at is refreshed at most this often, so most requests write nothing.
TOUCH_INTERVAL = timedelta(seconds=60)


def digest(secret_value: str) -> str:
    return hashlib.sha256(secret_value.encode()).hexdigest()


def new_secret() -> str:
    return secrets.token_urlsafe(32)


def csrf_token(binding_key: str) -> str:
    """The CSRF token of a session (or of an anonymous visitor's cookie)."""
    key = settings.resolved_secret_key.encode()
    return hmac.new(key, b"csrf:" + binding_key.encode(), hashlib.sha256).hexdigest()


def csrf_token_matches(binding_key: str, token: str | None) -> bool:
    return bool(token) and hmac.compare_digest(csrf_token(binding_key), token)


def start_session(session: Session, *, user: User) -> str:
    """A new session for `user`; returns the cookie value (a fresh one at every sign-in)."""
    key = new_secret()
    session.add(WebSession(id=digest(key), user_id=user.id))
    session.flush()
    return key


@dataclass
class ActiveSession:
    row: WebSession
    user: User
    key: str


def load_session(session: Session, *, key: str) -> ActiveSession | None:
    """The live session behind a cookie value, or None when unknown, expired or its user inactive."""
    row = session.get(WebSession, digest(key))
    if row is None:
        return None
    now = utcnow()
    idle = timedelta(minutes=settings.session_idle_minutes)
    absolute = timedelta(hours=settings.session_absolute_hours)
    user = session.get(User, row.user_id)
    if now - row.last_seen_at > idle or now - row.created_at > absolute or user is None or not user.is_active:
        session.delete(row)
        session.commit()
        return None
    if now - row.last_seen_at > TOUCH_INTERVAL:
        session.exec(update(WebSession).where(WebSession.id == row.id).values(last_seen_at=now))
        session.commit()
    return ActiveSession(row=row, user=user, key=key)


def end_session(session: Session, *, key: str) -> None:
    session.exec(delete(WebSession).where(WebSession.id == digest(key)))
    session.commit()


def end_all_sessions(session: Session, *, user_id: int, keep_key: str | None = None) -> None:
    """End every session of a user, except optionally the one making the change."""
    statement = delete(WebSession).where(WebSession.user_id == user_id)
    if keep_key is not None:
        statement = statement.where(WebSession.id != digest(keep_key))
    session.exec(statement)
    session.flush()
