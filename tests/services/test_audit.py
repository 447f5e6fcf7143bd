"""The audit log: events written with what they record, append-only, tampering detected."""

import pytest
from sqlalchemy import text
from sqlmodel import select

from app.models.accounts import Role
from app.models.audit import AppendOnly, AuditEvent
from app.services import audit
from app.services.stages import change_stage
from tests.factories import make_user
from tests.idea_factories import make_idea


def events(session, kind):
    return session.exec(select(AuditEvent).where(AuditEvent.kind == kind).order_by(AuditEvent.id)).all()


def test_transition_writes_an_audit_event(session):
    manager = make_user(session, roles=[Role.lab_manager])
    idea = make_idea(session, owner=make_user(session))
    change_stage(session, idea_id=idea.id, actor=manager, to="rejected", expected_version=1, reason="Out of scope")
    [event] = [e for e in events(session, "transition") if e.subject == f"idea:{idea.id}"]
    assert (event.actor_id, event.data) == (manager.id, {"from": "active", "to": "rejected", "override": False, "reason": "Out of scope"})


def test_chain_of_fresh_events_verifies(session):
    for n in range(3):
        audit.record(session, kind="test", actor_id=None, subject=f"thing:{n}")
    assert audit.verify_chain(session).intact


def test_events_cannot_be_changed_or_deleted_through_the_app(session):
    event = audit.record(session, kind="test", actor_id=None)
    event.subject = "changed"
    with pytest.raises(AppendOnly):
        session.flush()
    session.rollback()
    event = audit.record(session, kind="test", actor_id=None)
    session.delete(event)
    with pytest.raises(AppendOnly):
        session.flush()
    session.rollback()


@pytest.mark.parametrize("tamper", ["update", "delete"])
def test_verify_names_the_first_tampered_row(session, tamper):
    made = [audit.record(session, kind="test", actor_id=None, subject=f"thing:{n}") for n in range(4)]
    target = made[1]
    if tamper == "update":
        session.exec(text("UPDATE audit_event SET subject = 'forged' WHERE id = :id").bindparams(id=target.id))
        expected = target.id
    else:
        session.exec(text("DELETE FROM audit_event WHERE id = :id").bindparams(id=target.id))
        expected = made[2].id
    session.expire_all()
    verdict = audit.verify_chain(session)
    assert verdict.first_bad_id == expected and not verdict.intact
