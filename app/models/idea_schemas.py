"""Request and response bodies of the ideas API (the tables live in ideas.py)."""

from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, EmailStr, Field, field_validator, model_validator

from app.i18n import _
from app.models.base import InputModel
from app.models.ideas import Stage, Status

TEXT_LIMITS = {"title": 200, "summary": 1000, "problem": 10000, "solution": 10000, "organisation": 200, "beneficiaries": 1000}


def _clean(value: str) -> str:
    return value.strip() if isinstance(value, str) else value


def _lower_code(value: str) -> str:
    return value.strip().lower() if isinstance(value, str) else value


class IdeaFields(InputModel):
    title: str = Field(min_length=1, max_length=TEXT_LIMITS["title"])
    summary: str = Field(min_length=1, max_length=TEXT_LIMITS["summary"])
    problem: str = Field(min_length=1, max_length=TEXT_LIMITS["problem"])
    solution: str = Field(min_length=1, max_length=TEXT_LIMITS["solution"])
    origin_country: str = Field(min_length=3, max_length=3)
    themes: list[str] = Field(min_length=1, max_length=5)
    sdgs: list[int] = Field(default_factory=list, max_length=17)
    organisation: str = Field(default="", max_length=TEXT_LIMITS["organisation"])
    beneficiaries: str = Field(default="", max_length=TEXT_LIMITS["beneficiaries"])
    co_authors: list[EmailStr] = Field(default_factory=list, max_length=10)
    language: str = Field(default="en", min_length=2, max_length=8, description="the language the idea is written in (ISO 639)")

    _strip = field_validator("title", "summary", "problem", "solution", "organisation", "beneficiaries", mode="before")(_clean)
    _lower = field_validator("language", mode="before")(_lower_code)

    @field_validator("origin_country")
    @classmethod
    def upper(cls, value: str) -> str:
        return value.upper()

    @field_validator("sdgs")
    @classmethod
    def goals(cls, value: list[int]) -> list[int]:
        if any(not 1 <= n <= 17 for n in value):
            raise ValueError(_("SDGs are numbered 1 to 17"))
        return sorted(set(value))


class IdeaCreate(IdeaFields):
    draft: bool = False


class IdeaUpdate(InputModel):
    expected_version: int
    title: str | None = Field(default=None, min_length=1, max_length=TEXT_LIMITS["title"])
    summary: str | None = Field(default=None, min_length=1, max_length=TEXT_LIMITS["summary"])
    problem: str | None = Field(default=None, min_length=1, max_length=TEXT_LIMITS["problem"])
    solution: str | None = Field(default=None, min_length=1, max_length=TEXT_LIMITS["solution"])
    origin_country: str | None = Field(default=None, min_length=3, max_length=3)
    themes: list[str] | None = Field(default=None, min_length=1, max_length=5)
    sdgs: list[int] | None = Field(default=None, max_length=17)
    organisation: str | None = Field(default=None, max_length=TEXT_LIMITS["organisation"])
    beneficiaries: str | None = Field(default=None, max_length=TEXT_LIMITS["beneficiaries"])
    co_authors: list[EmailStr] | None = Field(default=None, max_length=10)
    language: str | None = Field(default=None, min_length=2, max_length=8)

    _strip = field_validator("title", "summary", "problem", "solution", "organisation", "beneficiaries", mode="before")(_clean)
    _lower = field_validator("language", mode="before")(_lower_code)


class PersonRef(BaseModel):
    id: int
    name: str


class IdeaPublic(BaseModel):
    id: int
    title: str
    summary: str
    problem: str
    solution: str
    origin_country: str
    language: str = Field(description="the language the idea is written in (ISO 639)")
    themes: list[str]
    sdgs: list[int]
    organisation: str | None = Field(description="null when blind review hides it from the caller")
    beneficiaries: str
    stage: Stage
    status: Status
    version: int
    created_at: datetime
    updated_at: datetime
    submitter: PersonRef | None = Field(description="null when blind review hides it from the caller")
    co_authors: list[str] | None = Field(description="only for the submitter and lab managers")


class IdeaPage(BaseModel):
    items: list[IdeaPublic]
    next_cursor: str | None


class TransitionRequest(InputModel):
    to: str = Field(max_length=20, description="a stage (to advance) or a status: active, rejected, withdrawn")
    expected_version: int
    reason: str = Field(default="", max_length=5000)
    override: bool = False


class RevisionRequestIn(InputModel):
    expected_version: int
    message: str = Field(min_length=1, max_length=5000)


class HistoryEntry(BaseModel):
    model_config = ConfigDict(populate_by_name=True)
    from_: str = Field(serialization_alias="from", validation_alias="from")
    to: str
    stage: Stage
    actor_id: int
    reason: str
    override: bool
    at: datetime


class IndicatorIn(InputModel):
    id: int | None = None
    name: str = Field(min_length=1, max_length=200)
    unit: str = Field(min_length=1, max_length=50)
    # NaN and infinity are no measurements (and SQLite stores NaN as NULL, breaking NOT NULL).
    baseline: float = Field(allow_inf_nan=False)
    target: float = Field(allow_inf_nan=False)


class PilotPlanIn(InputModel):
    host_country: str = Field(min_length=3, max_length=3)
    starts_on: date
    ends_on: date
    indicators: list[IndicatorIn] = Field(default_factory=list, max_length=30)

    @model_validator(mode="after")
    def dates_in_order(self) -> "PilotPlanIn":
        if self.ends_on < self.starts_on:
            raise ValueError(_("the pilot must end after it starts"))
        self.host_country = self.host_country.upper()
        return self


class IndicatorPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    name: str
    unit: str
    baseline: float
    target: float
    actual: float | None


class PilotPlanPublic(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    idea_id: int
    host_country: str
    starts_on: date
    ends_on: date
    indicators: list[IndicatorPublic]
    report_summary: str | None
    reported_at: datetime | None


class ResultIn(InputModel):
    indicator_id: int
    actual: float = Field(allow_inf_nan=False)


class PilotReportIn(InputModel):
    summary: str = Field(min_length=1, max_length=10000)
    results: list[ResultIn] = Field(max_length=30)
