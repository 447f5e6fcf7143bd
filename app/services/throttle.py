"""Sign-in throttling, counted in the database so it holds across app processes."""

from datetime import timedelta

from sqlalchemy import func
from sqlmodel import Session, select

from app.config import settings
from app.errors import TooManyAttempts
from app.i18n import _
from app.models.accounts import SigninAttempt
from app.models.base import utcnow


def check_signin_allowed(session: Session, *, email: str, address: str) -> None:
    """Refuse with 429 while the account or the client address has too many recent failures."""
    window = timedelta(minutes=settings.signin_window_minutes)
    since = utcnow() - window
    limits = (
        (SigninAttempt.email == email, settings.signin_max_failures),
        (SigninAttempt.address == address, settings.signin_max_failures_per_address),
    )
    for condition, limit in limits:
        count, oldest = session.exec(
            select(func.count(), func.min(SigninAttempt.at)).where(condition, SigninAttempt.at > since)
        ).one()
        if count >= limit:
            retry_after = (oldest + window - utcnow()).total_seconds()
            raise TooManyAttempts(_("Too many failed sign-ins. Please wait before trying again."), retry_after=retry_after + 1)


def record_failure(session: Session, *, email: str, address: str) -> None:
    session.add(SigninAttempt(email=email, address=address[:64]))
    session.flush()
