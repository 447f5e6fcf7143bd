"""A country's challenge profile, kept by its country officers."""

from datetime import datetime

from pydantic import BaseModel, Field as PydanticField
from sqlmodel import Field, SQLModel

from app.models.base import InputModel, UTCDateTime, utcnow


class CountryChallenge(SQLModel, table=True):
    __tablename__ = "country_challenge"
    id: int | None = Field(default=None, primary_key=True)
    country_code: str = Field(foreign_key="country.code", index=True, max_length=3)
    theme_code: str = Field(foreign_key="theme.code", max_length=40)
    priority: int = Field(description="1 high – 3 low")
    description: str = Field(default="", max_length=2000)
    position: int = 0
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ChallengeIn(InputModel):
    theme: str = PydanticField(min_length=1, max_length=40)
    priority: int = PydanticField(ge=1, le=3, description="1 high – 3 low")
    description: str = PydanticField(default="", max_length=2000)


class ChallengePublic(BaseModel):
    theme: str
    priority: int
    description: str


class MatchSolution(BaseModel):
    id: int
    title: str
    stage: str
    replications: int
    score: float | None
    via: str


class MatchParts(BaseModel):
    evidence: float
    shared: float
    context: float
    text: float


class MatchPublic(BaseModel):
    country: str
    partner: str
    partner_name: str
    score: float
    parts: MatchParts
    shared_challenges: list[str]
    solutions: list[MatchSolution]
    context: list[str]
    reason: str
