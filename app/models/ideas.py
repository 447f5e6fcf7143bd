"""Ideas, their stage history, pilot plans and reports."""

import enum
from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import UTCDateTime, enum_column, utcnow


class Stage(str, enum.Enum):
    submit = "submit"
    incubate = "incubate"
    pilot = "pilot"
    evaluate = "evaluate"
    replicate = "replicate"

    @property
    def index(self) -> int:
        return STAGE_ORDER.index(self)

    @property
    def next(self) -> "Stage | None":
        return STAGE_ORDER[self.index + 1] if self.index + 1 < len(STAGE_ORDER) else None


STAGE_ORDER = list(Stage)
PUBLIC_STAGES = (Stage.pilot, Stage.evaluate, Stage.replicate)


class Status(str, enum.Enum):
    draft = "draft"
    active = "active"
    rejected = "rejected"
    withdrawn = "withdrawn"


class IdeaTheme(SQLModel, table=True):
    __tablename__ = "idea_theme"
    __table_args__ = (sa.Index("ix_idea_theme_theme_code_idea_id", "theme_code", "idea_id"),)
    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    theme_code: str = Field(foreign_key="theme.code", primary_key=True, max_length=40)


class IdeaSdg(SQLModel, table=True):
    __tablename__ = "idea_sdg"
    __table_args__ = (sa.Index("ix_idea_sdg_sdg_number_idea_id", "sdg_number", "idea_id"),)
    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    sdg_number: int = Field(foreign_key="sdg.number", primary_key=True)


class IdeaCoauthor(SQLModel, table=True):
    __tablename__ = "idea_coauthor"
    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    email: str = Field(primary_key=True, max_length=254)


class Idea(SQLModel, table=True):
    __table_args__ = (
        sa.Index("ix_idea_stage_status_id", "stage", "status", "id"),
        sa.Index("ix_idea_origin_country_id", "origin_country", "id"),
        sa.Index("ix_idea_language_id", "language", "id"),
    )
    id: int | None = Field(default=None, primary_key=True)
    owner_id: int = Field(foreign_key="user.id", index=True)
    title: str = Field(max_length=200)
    summary: str = Field(max_length=1000)
    problem: str = Field(sa_type=sa.Text)
    solution: str = Field(sa_type=sa.Text)
    origin_country: str = Field(foreign_key="country.code", max_length=3)
    organisation: str = Field(default="", max_length=200)
    beneficiaries: str = Field(default="", max_length=1000)
    # The language the idea is written in (ISO 639-1); user content keeps its own language.
    language: str = Field(default="en", max_length=8, sa_column_kwargs={"server_default": "en"})
    stage: Stage = Field(default=Stage.submit, sa_type=enum_column(Stage))
    status: Status = Field(default=Status.draft, sa_type=enum_column(Status))
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    theme_rows: list[IdeaTheme] = Relationship(sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"})
    sdg_rows: list[IdeaSdg] = Relationship(sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"})
    coauthor_rows: list[IdeaCoauthor] = Relationship(
        sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"}
    )

    @property
    def themes(self) -> list[str]:
        return sorted(row.theme_code for row in self.theme_rows)

    @property
    def sdgs(self) -> list[int]:
        return sorted(row.sdg_number for row in self.sdg_rows)

    @property
    def coauthors(self) -> list[str]:
        return sorted(row.email for row in self.coauthor_rows)


class Transition(SQLModel, table=True):
    """One stage or status change of an idea; append-only, the idea's history."""

    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    from_state: str = Field(max_length=20)
    to_state: str = Field(max_length=20)
    stage: Stage = Field(sa_type=enum_column(Stage), description="the idea's stage after this change")
    actor_id: int = Field(foreign_key="user.id")
    reason: str = Field(default="", sa_type=sa.Text)
    override: bool = False
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Revision(SQLModel, table=True):
    """A revision the lab asked of the submitter within the idea's stage (table revision_request)."""

    __tablename__ = "revision_request"
    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="idea.id", index=True, ondelete="CASCADE")
    stage: Stage = Field(sa_type=enum_column(Stage))
    actor_id: int = Field(foreign_key="user.id")
    message: str = Field(sa_type=sa.Text)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class PilotPlan(SQLModel, table=True):
    __tablename__ = "pilot_plan"
    idea_id: int = Field(foreign_key="idea.id", primary_key=True, ondelete="CASCADE")
    host_country: str = Field(foreign_key="country.code", max_length=3)
    starts_on: date
    ends_on: date
    report_summary: str | None = Field(default=None, sa_type=sa.Text)
    reported_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    indicators: list["PilotIndicator"] = Relationship(
        sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan", "order_by": "PilotIndicator.id"}
    )


class PilotIndicator(SQLModel, table=True):
    __tablename__ = "pilot_indicator"
    id: int | None = Field(default=None, primary_key=True)
    idea_id: int = Field(foreign_key="pilot_plan.idea_id", index=True, ondelete="CASCADE")
    name: str = Field(max_length=200)
    unit: str = Field(max_length=50)
    baseline: float
    target: float
    actual: float | None = None
