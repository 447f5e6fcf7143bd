"""Request and response bodies of rubrics, assignments and reviews."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator, validate_email

from app.i18n import _
from app.models.base import InputModel
from app.models.ideas import Stage
from app.models.reviews import AssignmentStatus, Recommendation

LEVELS = ("1", "2", "3", "4", "5")


class CriterionIn(InputModel):
    id: int | None = None
    name: str = Field(min_length=1, max_length=120)
    description: str = Field(default="", max_length=1000)
    weight: float = Field(gt=0, le=100)
    levels: dict[str, str]

    @field_validator("levels")
    @classmethod
    def five_levels(cls, value: dict[str, str]) -> dict[str, str]:
        if sorted(value) != list(LEVELS) or any(not v.strip() or len(v) > 300 for v in value.values()):
            raise ValueError(_('give a descriptor (up to 300 characters) for each level "1" to "5"'))
        return {k: value[k].strip() for k in LEVELS}


class RubricIn(InputModel):
    stage: Stage | None = Field(default=None, description="optional; must match the path")
    criteria: list[CriterionIn] = Field(min_length=1, max_length=20)


class CriterionPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    description: str
    weight: float
    levels: dict[str, str]


class RubricPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    stage: Stage
    version: int
    criteria: list[CriterionPublic]


class AssignmentIn(InputModel):
    reviewer_id: int
    due_on: date | None = None


class AutoAssignIn(InputModel):
    stage: Stage
    reviewers_per_idea: int | None = Field(default=None, ge=1, le=10)
    due_on: date | None = None


class AssignmentPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    idea_id: int
    reviewer_id: int
    stage: Stage
    status: AssignmentStatus
    due_on: date | None
    decline_reason: str
    rationale: str
    created_at: datetime


class AssignmentPage(BaseModel):
    items: list[AssignmentPublic]
    next_cursor: str | None


class DeclineIn(InputModel):
    reason: str = Field(min_length=1, max_length=1000)


class ReviewIn(InputModel):
    scores: dict[int, int] = Field(description="criterion id → score 1..5, one per criterion of the rubric")
    recommendation: Recommendation
    comment_to_submitter: str = Field(default="", max_length=10000)
    confidential_comment: str = Field(default="", max_length=10000)


class ReviewView(BaseModel):
    """A review as the caller may see it: hidden parts are null."""

    id: int
    stage: Stage
    label: str = Field(description='"Reviewer 1", "Reviewer 2" … in submission order')
    reviewer_id: int | None
    reviewer_name: str | None
    scores: dict[int, int] | None
    total: float | None
    recommendation: Recommendation | None
    comment_to_submitter: str
    confidential_comment: str | None
    submitted: bool
    submitted_at: datetime


class ReviewPage(BaseModel):
    items: list[ReviewView]
    next_cursor: str | None = None


class ScorePublic(BaseModel):
    stage: Stage
    mean: float | None
    calibrated_mean: float | None
    spread: float | None
    n_reviews: int
    flagged: bool


class ConflictCheck(BaseModel):
    reviewer_id: int
    idea_id: int
    conflicted: bool
    reasons: list[str]


class AutoPairing(BaseModel):
    assignment_id: int
    idea_id: int
    reviewer_id: int
    fit: int
    reasons: list[str]


class Uncovered(BaseModel):
    idea_id: int
    missing: int


class AutoAssignResult(BaseModel):
    stage: Stage
    assigned: list[AutoPairing]
    uncovered: list[Uncovered]


class DeclaredConflictIn(InputModel):
    """A person (by email) and/or an organisation the reviewer should not review."""

    email: str = Field(default="", max_length=254)
    organisation: str = Field(default="", max_length=200)
    note: str = Field(default="", max_length=500)

    @field_validator("email", "organisation", "note", mode="before")
    @classmethod
    def _strip(cls, value):
        return value.strip() if isinstance(value, str) else value

    @field_validator("email")
    @classmethod
    def _email(cls, value: str) -> str:
        if value:
            validate_email(value)
        return value.lower()
