"""Notifications: an in-app inbox, and email through an outbox.

The outbox row is written in the same transaction as the event it reports, so an email is
never promised for something that did not happen, nor lost for something that did. Emails
are sent after the commit (in a background thread) and retried by `solutions-lab notify`.
"""

import logging
import smtplib
import threading
from collections.abc import Iterable
from email.message import EmailMessage
from urllib.parse import unquote, urlsplit

from sqlalchemy import Engine, event, func, update
from sqlmodel import Session, select

from app.config import settings
from app.i18n import _
from app.models.accounts import User
from app.models.base import utcnow
from app.models.notifications import Notification, OutboxEmail

log = logging.getLogger("app.notifications")
MAX_ATTEMPTS = 10
_OUTBOX_DIRTY = "outbox_dirty"


def notify(session: Session, *, users: Iterable[User], kind: str, subject: str, body: str, link: str = "",
           extra_addresses: Iterable[str] = ()) -> None:
    """An inbox entry per user and, when email is configured, an email per address.

    The subject and body are stored as given: compose them, and call this, in the recipient's
    language (`with use_locale(recipient.interface_language): ...`); the email's closing line
    is written in the current language too."""
    users = [u for u in users if u is not None and u.is_active]
    for user in users:
        session.add(Notification(user_id=user.id, kind=kind, subject=subject[:200], body=body, link=link))
    if settings.smtp_url:
        addresses = {u.email for u in users} | {a.lower() for a in extra_addresses}
        for address in sorted(addresses):
            session.add(OutboxEmail(to_address=address, subject=subject[:200], body=_email_body(body, link)))
        session.info[_OUTBOX_DIRTY] = True
    session.flush()


def _email_body(body: str, link: str) -> str:
    return body + ("\n\n" + _("Open it in Solutions Lab: %(link)s") % {"link": link} if link else "") + "\n"


def inbox(session: Session, *, user: User, limit: int = 100) -> list[Notification]:
    statement = select(Notification).where(Notification.user_id == user.id)
    return list(session.exec(statement.order_by(Notification.id.desc()).limit(limit)))


def unread_count(session: Session, *, user: User) -> int:
    statement = select(func.count()).where(Notification.user_id == user.id, Notification.read_at.is_(None))
    return session.exec(statement).one()


def mark_all_read(session: Session, *, user: User) -> None:
    session.exec(update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
                 .values(read_at=utcnow()))
    session.commit()


def deliver_outbox(session: Session, *, limit: int = 200) -> tuple[int, int]:
    """Send what the outbox holds; returns (sent, failed). A failure stays for the next try."""
    if not settings.smtp_url:
        return 0, 0
    pending = session.exec(select(OutboxEmail).where(OutboxEmail.sent_at.is_(None), OutboxEmail.attempts < MAX_ATTEMPTS)
                           .order_by(OutboxEmail.id).limit(limit)).all()
    sent = failed = 0
    for email in pending:
        email.attempts += 1
        try:
            _send(email)
            email.sent_at, email.last_error = utcnow(), ""
            sent += 1
        except (OSError, smtplib.SMTPException) as exc:
            email.last_error = f"{type(exc).__name__}: {exc}"[:500]
            failed += 1
        session.add(email)
        session.commit()
    return sent, failed


def _send(email: OutboxEmail) -> None:
    url = urlsplit(settings.smtp_url)
    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = settings.mail_from, email.to_address, email.subject
    message.set_content(email.body)
    client_class = smtplib.SMTP_SSL if url.scheme == "smtps" else smtplib.SMTP
    with client_class(url.hostname or "localhost", url.port or (465 if url.scheme == "smtps" else 25), timeout=10) as client:
        if url.username:
            client.login(unquote(url.username), unquote(url.password or ""))
        client.send_message(message)


def _deliver_in_background() -> None:
    from app.db import session_scope

    try:
        with session_scope() as session:
            deliver_outbox(session)
    except Exception:  # the outbox keeps the mail; `solutions-lab notify` retries
        log.exception("sending the outbox failed")


@event.listens_for(Session, "after_commit")
def _send_after_commit(session: Session) -> None:
    # A session bound to a Connection lives inside an outer transaction (tests, scripts) that
    # has not committed yet: only a session of its own engine has really committed.
    if session.info.pop(_OUTBOX_DIRTY, False) and settings.smtp_url and isinstance(session.bind, Engine):
        threading.Thread(target=_deliver_in_background, name="outbox", daemon=True).start()
