"""Rubrics, reviewer assignments, reviews and declared conflicts of interest."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import UTCDateTime, enum_column, utcnow
from app.models.ideas import Stage


class Recommendation(str, enum.Enum):
    advance = "advance"
    revise = "revise"
    reject = "reject"


class AssignmentStatus(str, enum.Enum):
    pending = "pending"
    accepted = "accepted"
    declined = "declined"
    submitted = "submitted"


OPEN_ASSIGNMENT = (AssignmentStatus.pending, AssignmentStatus.accepted)


class Rubric(SQLModel, table=True):
    """The scoring rubric of a stage. A rubric used by a review is never changed: editing it
    makes a new version."""

    __table_args__ = (sa.UniqueConstraint("stage", "version"),)
    id: int | None = Field(default=None, primary_key=True)
    stage: Stage = Field(sa_type=enum_column(Stage))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    criteria: list["RubricCriterion"] = Relationship(
        sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan", "order_by": "RubricCriterion.position"}
    )


class RubricCriterion(SQLModel, table=True):
    __tablename__ = "rubric_criterion"
    id: int | None = Field(default=None, primary_key=True)
    rubric_id: int = Field(foreign_key="rubric.id", index=True, ondelete="CASCADE")
    position: int
    name: str = Field(max_length=120)
    description: str = Field(default="", max_length=1000)
    weight: float
    levels: dict[str, str] = Field(default_factory=dict, sa_type=sa.JSON, description="descriptor per score 1..5")


class Assignment(SQLModel, table=True):
    __table_args__ = (
        sa.UniqueConstraint("idea_id", "reviewer_id", "stage"),
        sa.Index("ix_assignment_reviewer_id_status", "reviewer_id", "status"),
    )
    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    reviewer_id: int = Field(foreign_key="user.id")
    stage: Stage = Field(sa_type=enum_column(Stage))
    status: AssignmentStatus = Field(default=AssignmentStatus.pending, sa_type=enum_column(AssignmentStatus))
    due_on: date | None = None
    decline_reason: str = Field(default="", max_length=1000)
    rationale: str = Field(default="", max_length=1000, description="why this reviewer was chosen")
    created_by_id: int = Field(foreign_key="user.id")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    reminded_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class Review(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    assignment_id: int = Field(foreign_key="assignment.id", unique=True, ondelete="CASCADE")
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    reviewer_id: int = Field(foreign_key="user.id", index=True)
    stage: Stage = Field(sa_type=enum_column(Stage))
    rubric_id: int = Field(foreign_key="rubric.id")
    recommendation: Recommendation = Field(sa_type=enum_column(Recommendation))
    comment_to_submitter: str = Field(default="", sa_type=sa.Text)
    confidential_comment: str = Field(default="", sa_type=sa.Text)
    total: float
    submitted: bool = True  # false while a lab manager has reopened it
    submitted_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    reopened_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    scores: list["ReviewScore"] = Relationship(
        sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"}
    )


class ReviewScore(SQLModel, table=True):
    __tablename__ = "review_score"
    review_id: int = Field(foreign_key="review.id", primary_key=True, ondelete="CASCADE")
    criterion_id: int = Field(foreign_key="rubric_criterion.id", primary_key=True)
    score: int


class DeclaredConflict(SQLModel, table=True):
    """A conflict a reviewer declares: with a person (by email) or an organisation."""

    __tablename__ = "declared_conflict"
    id: int | None = Field(default=None, primary_key=True)
    reviewer_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    email: str = Field(default="", max_length=254)
    organisation: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=500)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
