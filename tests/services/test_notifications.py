"""Email through a real SMTP server on loopback, and the outbox keeping what could not be sent."""

import socket

import pytest
from aiosmtpd.controller import Controller
from sqlmodel import select

from app.config import settings
from app.models.accounts import Role
from app.models.notifications import Notification, OutboxEmail
from app.services import assignments, notifications
from tests.factories import make_user
from tests.idea_factories import make_idea


class Collect:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        self.messages.append((envelope.rcpt_tos, envelope.content.decode("utf-8", "replace")))
        return "250 OK"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server():
    handler = Collect()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    yield controller, handler
    controller.stop()


def assign_one(session):
    manager = make_user(session, roles=[Role.lab_manager])
    reviewer = make_user(session, roles=[Role.reviewer], email="reviewer.mail@example.org", country="BRA")
    idea = make_idea(session, owner=make_user(session, roles=[Role.submitter]), title="Solar kiosks")
    assignments.assign_reviewer(session, actor=manager, idea_id=idea.id, reviewer_id=reviewer.id, due_on=None)
    return reviewer


def test_assignment_email_reaches_a_real_smtp_server(session, smtp_server, monkeypatch):
    controller, handler = smtp_server
    monkeypatch.setattr(settings, "smtp_url", f"smtp://127.0.0.1:{controller.port}")
    assign_one(session)
    assert notifications.deliver_outbox(session) == (1, 0)
    [(recipients, content)] = handler.messages
    assert recipients == ["reviewer.mail@example.org"]
    assert "Subject: New review assignment: Solar kiosks" in content and "/reviews/" in content
    email = session.exec(select(OutboxEmail)).one()
    assert email.sent_at is not None and email.attempts == 1


def test_refused_connection_leaves_the_email_for_a_retry(session, smtp_server, monkeypatch):
    monkeypatch.setattr(settings, "smtp_url", f"smtp://127.0.0.1:{free_port()}")  # nobody listens there
    assign_one(session)
    assert notifications.deliver_outbox(session) == (0, 1)
    email = session.exec(select(OutboxEmail)).one()
    assert email.sent_at is None and email.attempts == 1 and "Connection" in email.last_error
    controller, handler = smtp_server
    monkeypatch.setattr(settings, "smtp_url", f"smtp://127.0.0.1:{controller.port}")
    assert notifications.deliver_outbox(session) == (1, 0)
    assert len(handler.messages) == 1


def test_without_smtp_only_the_inbox_is_written(session, monkeypatch):
    monkeypatch.setattr(settings, "smtp_url", "")
    reviewer = assign_one(session)
    assert session.exec(select(OutboxEmail)).all() == []
    assert [n.kind for n in session.exec(select(Notification).where(Notification.user_id == reviewer.id))] == ["assignment"]
    assert notifications.unread_count(session, user=reviewer) == 1
    notifications.mark_all_read(session, user=reviewer)
    assert notifications.unread_count(session, user=reviewer) == 0


def test_overdue_assignment_gets_one_reminder(session):
    from datetime import date, timedelta

    reviewer = assign_one(session)
    assignment = assignments.list_assignments(session, actor=reviewer)[0]
    assignment.due_on = date.today() - timedelta(days=1)
    session.add(assignment)
    session.commit()
    assert assignments.remind_overdue(session, today=date.today()) == 1
    assert assignments.remind_overdue(session, today=date.today()) == 0
    kinds = [n.kind for n in session.exec(select(Notification).where(Notification.user_id == reviewer.id).order_by(Notification.id))]
    assert kinds == ["assignment", "reminder"]


@pytest.mark.parametrize("language", ["fr", "ar", None])
def test_a_notification_is_written_in_its_recipients_language(session, monkeypatch, language):
    from app.i18n import gettext, use_locale

    monkeypatch.setattr(settings, "smtp_url", "")
    manager = make_user(session, roles=[Role.lab_manager])
    reviewer = make_user(session, roles=[Role.reviewer], email="polyglot@example.org", country="BRA")
    reviewer.interface_language = language
    session.add(reviewer)
    session.commit()
    idea = make_idea(session, owner=make_user(session, roles=[Role.submitter]), title="Solar kiosks")
    with use_locale("ru"):  # whoever assigns reads Russian: the reviewer still gets their own language
        assignments.assign_reviewer(session, actor=manager, idea_id=idea.id, reviewer_id=reviewer.id, due_on=None)
    note = session.exec(select(Notification).where(Notification.user_id == reviewer.id)).one()
    with use_locale(language):
        expected = gettext("New review assignment: %(title)s") % {"title": "Solar kiosks"}
    assert note.subject == expected
    assert (expected != "New review assignment: Solar kiosks") == (language is not None)
