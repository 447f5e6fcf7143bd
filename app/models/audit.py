"""The audit log: append-only, each row chained to the previous one by a hash."""

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlmodel import Field, SQLModel

from app.models.base import UTCDateTime, utcnow


class AuditEvent(SQLModel, table=True):
    __tablename__ = "audit_event"
    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    actor_id: int | None = Field(default=None, description="null for the system or an anonymous visitor")
    kind: str = Field(max_length=40, index=True)
    subject: str = Field(default="", max_length=100, description="what the event is about, e.g. idea:12")
    data: dict = Field(default_factory=dict, sa_type=sa.JSON)
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AppendOnly(Exception):
    pass


@event.listens_for(AuditEvent, "before_update")
@event.listens_for(AuditEvent, "before_delete")
def _refuse_changes(mapper, connection, target) -> None:
    raise AppendOnly("audit events are never changed or deleted")
