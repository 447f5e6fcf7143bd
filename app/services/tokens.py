"""API bearer tokens: opaque, stored only as a hash, with an expiry; revocable."""

from datetime import timedelta

from sqlmodel import Session, select

from app.config import settings
from app.errors import NotFound
from app.i18n import _
from app.models.accounts import ApiToken, User
from app.models.base import utcnow
from app.services.sessions import digest, new_secret

TOKEN_PREFIX = "sl_"


def issue_token(session: Session, *, user: User, label: str = "API") -> tuple[str, ApiToken]:
    value = TOKEN_PREFIX + new_secret()
    token = ApiToken(
        user_id=user.id, token_hash=digest(value), label=label[:100],
        expires_at=utcnow() + timedelta(days=settings.api_token_days),
    )
    session.add(token)
    session.commit()
    return value, token


def user_for_token(session: Session, *, value: str) -> User | None:
    """The active user behind a live token, or None."""
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == digest(value))).first()
    if token is None or token.revoked_at is not None or token.expires_at <= utcnow():
        return None
    user = session.get(User, token.user_id)
    return user if user is not None and user.is_active else None


def list_tokens(session: Session, *, user: User) -> list[ApiToken]:
    statement = select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
    return [t for t in session.exec(statement.order_by(ApiToken.created_at.desc())) if t.expires_at > utcnow()]


def revoke_token(session: Session, *, user: User, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id:
        raise NotFound(_("No such token"))
    token.revoked_at = utcnow()
    session.add(token)
    session.commit()
