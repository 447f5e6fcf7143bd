"""Figures for operators that live in the database rather than in a process."""

from sqlalchemy import func
from sqlmodel import Session, select

from app.models.notifications import OutboxEmail


def backlog_lines(session: Session) -> list[str]:
    """The email outbox backlog, in Prometheus text format (the same for every process)."""
    pending = session.exec(select(func.count()).where(OutboxEmail.sent_at.is_(None))).one()
    return ["# HELP outbox_backlog Emails waiting to be sent", "# TYPE outbox_backlog gauge", f"outbox_backlog {pending}"]
