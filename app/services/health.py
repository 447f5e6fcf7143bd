"""Health of the service's dependencies."""

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session

from app.errors import ServiceUnavailable
from app.i18n import _


def check_database(session: Session) -> None:
    """The database answers a trivial query, or the service reports itself unavailable."""
    try:
        session.exec(text("SELECT 1")).one()
    except DBAPIError as exc:
        raise ServiceUnavailable(_("The database does not answer.")) from exc
