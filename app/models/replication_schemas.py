"""Request and response bodies of the replications API."""

from datetime import date, datetime

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from app.i18n import _
from app.models.base import InputModel
from app.models.replications import ReplicationStatus


class IndicatorSpec(InputModel):
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=50)
    baseline: float
    target: float


def _ends_after_start(ends_on: date | None, info: ValidationInfo) -> date | None:
    """On the end date, so that a form shows the error next to it, whatever else is wrong."""
    starts_on = info.data.get("starts_on")
    if starts_on and ends_on and ends_on < starts_on:
        raise ValueError(_("The replication must end after it starts"))
    return ends_on


class ReplicationCreate(InputModel):
    idea_id: int
    country: str = Field(min_length=3, max_length=3)
    adaptation_notes: str = Field(default="", max_length=10000)
    starts_on: date | None = None
    ends_on: date | None = None
    budget: float | None = Field(default=None, ge=0, le=1e12)
    partners: str = Field(default="", max_length=1000)
    indicators: list[IndicatorSpec] = Field(default_factory=list, max_length=20)

    _order = field_validator("ends_on")(_ends_after_start)


class ReplicationUpdate(InputModel):
    expected_version: int
    adaptation_notes: str | None = Field(default=None, max_length=10000)
    starts_on: date | None = None
    ends_on: date | None = None
    budget: float | None = Field(default=None, ge=0, le=1e12)
    partners: str | None = Field(default=None, max_length=1000)
    indicators: list[IndicatorSpec] | None = Field(default=None, max_length=20,
                                                   description="added to the existing ones")

    _order = field_validator("ends_on")(_ends_after_start)


class ReplicationTransitionIn(InputModel):
    to: ReplicationStatus
    expected_version: int
    reason: str = Field(default="", max_length=2000)


class ValueIn(InputModel):
    indicator_id: int
    value: float


class ProgressUpdateIn(InputModel):
    note: str = Field(min_length=1, max_length=10000)
    happened_on: date
    values: list[ValueIn] = Field(default_factory=list, max_length=20)


class IndicatorProgress(BaseModel):
    id: int
    name: str
    unit: str
    baseline: float
    target: float
    latest: float | None
    progress: float | None = Field(description="share of the way from baseline to target, 0..1 (can exceed 1)")


class ProgressUpdatePublic(BaseModel):
    id: int
    note: str
    happened_on: date
    author_id: int
    values: dict[int, float]


class ReplicationPublic(BaseModel):
    id: int
    idea_id: int
    idea_title: str
    origin_country: str
    country: str
    status: ReplicationStatus
    version: int
    starts_on: date | None
    ends_on: date | None
    budget: float | None
    partners: str
    adaptation_notes: str
    discontinued_reason: str
    leads: list[int]
    indicators: list[IndicatorProgress]
    last_update_on: date | None
    overdue: bool
    created_at: datetime
    updated_at: datetime


class ReplicationPage(BaseModel):
    items: list[ReplicationPublic]
    next_cursor: str | None


class ReplicationHistoryEntry(BaseModel):
    from_: str = Field(serialization_alias="from")
    to: str
    actor_id: int
    reason: str
    at: datetime
