"""The audit log of security and workflow events.

Each event carries the hash of the one before it, so changing or removing any row breaks
the chain from there on, and `verify_chain` names the first row that no longer fits.
Events are written in the same transaction as what they record.
"""

import hashlib
import json
from dataclasses import dataclass

from sqlalchemy import text
from sqlmodel import Session, select

from app.models.audit import AuditEvent
from app.models.base import utcnow

GENESIS = "0" * 64
BATCH = 1000


def _digest(prev_hash: str, event: AuditEvent) -> str:
    payload = json.dumps(
        {"prev": prev_hash, "at": event.at.isoformat(), "actor": event.actor_id, "kind": event.kind,
         "subject": event.subject, "data": event.data},
        sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=str,
    )
    return hashlib.sha256(payload.encode()).hexdigest()


def record(session: Session, *, kind: str, actor_id: int | None, subject: str = "", data: dict | None = None) -> AuditEvent:
    """Append one event (flushes; the caller's transaction commits it with what it records)."""
    if session.get_bind().dialect.name == "postgresql":
        # One appender at a time, so two transactions never chain onto the same row.
        session.exec(text("SELECT pg_advisory_xact_lock(727274)"))
    last = session.exec(select(AuditEvent.hash).order_by(AuditEvent.id.desc()).limit(1)).first()
    event = AuditEvent(at=utcnow().replace(microsecond=0), actor_id=actor_id, kind=kind, subject=subject, data=data or {},
                       prev_hash=last or GENESIS, hash="")
    event.hash = _digest(event.prev_hash, event)
    session.add(event)
    session.flush()
    return event


@dataclass
class Verdict:
    checked: int
    first_bad_id: int | None
    problem: str = ""

    @property
    def intact(self) -> bool:
        return self.first_bad_id is None


def verify_chain(session: Session) -> Verdict:
    """Walk the log from the start; the first row whose link or hash is wrong is named."""
    expected_prev, checked, after = GENESIS, 0, 0
    while True:
        rows = session.exec(select(AuditEvent).where(AuditEvent.id > after).order_by(AuditEvent.id).limit(BATCH)).all()
        if not rows:
            return Verdict(checked=checked, first_bad_id=None)
        for row in rows:
            if row.prev_hash != expected_prev:
                return Verdict(checked, row.id, "its link to the previous event is broken (a row before it was changed or removed)")
            if _digest(row.prev_hash, row) != row.hash:
                return Verdict(checked, row.id, "its content does not match its hash (it was changed)")
            expected_prev, checked, after = row.hash, checked + 1, row.id
        session.expunge_all()
