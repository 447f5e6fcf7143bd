"""Replications: a proven solution adapted in an adopting country, with indicators and progress."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import UTCDateTime, enum_column, utcnow


class ReplicationStatus(str, enum.Enum):
    proposed = "proposed"
    planned = "planned"
    in_progress = "in_progress"
    completed = "completed"
    discontinued = "discontinued"


class ReplicationLead(SQLModel, table=True):
    """The country office users who lead a replication."""

    __tablename__ = "replication_lead"
    replication_id: int = Field(foreign_key="replication.id", primary_key=True, ondelete="CASCADE")
    user_id: int = Field(foreign_key="user.id", primary_key=True)


class Replication(SQLModel, table=True):
    __table_args__ = (sa.Index("ix_replication_country_code_status", "country_code", "status"),)
    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True)
    country_code: str = Field(foreign_key="country.code", max_length=3, description="the adopting country")
    status: ReplicationStatus = Field(default=ReplicationStatus.proposed, sa_type=enum_column(ReplicationStatus))
    version: int = 1
    starts_on: date | None = None
    ends_on: date | None = None
    budget: float | None = Field(default=None, description="in US dollars")
    partners: str = Field(default="", max_length=1000)
    adaptation_notes: str = Field(default="", sa_type=sa.Text)
    discontinued_reason: str = Field(default="", max_length=2000)
    created_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    lead_rows: list[ReplicationLead] = Relationship(sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"})
    indicators: list["ReplicationIndicator"] = Relationship(
        sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan", "order_by": "ReplicationIndicator.id"}
    )


class ReplicationIndicator(SQLModel, table=True):
    __tablename__ = "replication_indicator"
    id: int | None = Field(default=None, primary_key=True)
    replication_id: int = Field(foreign_key="replication.id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    unit: str = Field(max_length=50)
    baseline: float
    target: float


class ProgressUpdate(SQLModel, table=True):
    __tablename__ = "progress_update"
    __table_args__ = (sa.Index("ix_progress_update_replication_id_happened_on", "replication_id", "happened_on"),)
    id: int | None = Field(default=None, primary_key=True)
    replication_id: int = Field(foreign_key="replication.id", ondelete="CASCADE")
    note: str = Field(sa_type=sa.Text)
    happened_on: date
    author_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    values: list["ProgressValue"] = Relationship(sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"})


class ProgressValue(SQLModel, table=True):
    __tablename__ = "progress_value"
    update_id: int = Field(foreign_key="progress_update.id", primary_key=True, ondelete="CASCADE")
    indicator_id: int = Field(foreign_key="replication_indicator.id", primary_key=True, ondelete="CASCADE")
    value: float


class ReplicationTransition(SQLModel, table=True):
    """One status change of a replication; append-only, like an idea's transitions."""

    __tablename__ = "replication_transition"
    id: int | None = Field(default=None, primary_key=True)
    replication_id: int = Field(foreign_key="replication.id", index=True, ondelete="CASCADE")
    from_status: str = Field(max_length=20)
    to_status: str = Field(max_length=20)
    actor_id: int = Field(foreign_key="user.id")
    reason: str = Field(default="", sa_type=sa.Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
