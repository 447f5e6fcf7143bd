"""Users, their roles and expertise, web sessions, API tokens and sign-in attempts."""

import enum
from datetime import datetime

import sqlalchemy as sa
from pydantic import EmailStr, field_validator
from sqlmodel import Field, Relationship, SQLModel

from app.models.base import InputModel, UTCDateTime, enum_column, utcnow


class Role(str, enum.Enum):
    submitter = "submitter"
    reviewer = "reviewer"
    country_officer = "country_officer"
    lab_manager = "lab_manager"
    admin = "admin"


class UserRole(SQLModel, table=True):
    __tablename__ = "user_role"
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    role: Role = Field(sa_type=enum_column(Role), primary_key=True)


class UserExpertise(SQLModel, table=True):
    __tablename__ = "user_expertise"
    user_id: int = Field(foreign_key="user.id", primary_key=True, ondelete="CASCADE")
    theme_code: str = Field(foreign_key="theme.code", primary_key=True, max_length=40)


class User(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # Stored lower-cased: addresses are unique whatever their case.
    email: str = Field(max_length=254, unique=True)
    name: str = Field(max_length=120)
    organisation: str = Field(default="", max_length=200)
    country_code: str | None = Field(default=None, foreign_key="country.code", max_length=3)
    languages: list[str] = Field(default_factory=list, sa_type=sa.JSON)
    # The language the interface speaks to this person (one of app.i18n.SUPPORTED); None: the
    # browser's choice. `languages` above are the ones they read and review in.
    interface_language: str | None = Field(default=None, max_length=8)
    password_hash: str = Field(max_length=255)
    is_active: bool = True
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    role_rows: list[UserRole] = Relationship(sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"})
    expertise_rows: list[UserExpertise] = Relationship(
        sa_relationship_kwargs={"lazy": "selectin", "cascade": "all, delete-orphan"}
    )

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    @property
    def expertise(self) -> list[str]:
        return sorted(row.theme_code for row in self.expertise_rows)


class WebSession(SQLModel, table=True):
    """A signed-in browser. The cookie holds a random key; only its hash is stored."""

    __tablename__ = "web_session"
    id: str = Field(primary_key=True, max_length=64, description="sha256 of the cookie value")
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    last_seen_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class ApiToken(SQLModel, table=True):
    __tablename__ = "api_token"
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True, ondelete="CASCADE")
    token_hash: str = Field(max_length=64, unique=True)
    label: str = Field(default="", max_length=100)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    expires_at: datetime = Field(sa_type=UTCDateTime)
    last_used_at: datetime | None = Field(default=None, sa_type=UTCDateTime)
    revoked_at: datetime | None = Field(default=None, sa_type=UTCDateTime)


class SigninAttempt(SQLModel, table=True):
    """Failed sign-ins, counted per account and per client address for throttling."""

    __tablename__ = "signin_attempt"
    __table_args__ = (sa.Index("ix_signin_attempt_email_at", "email", "at"), sa.Index("ix_signin_attempt_address_at", "address", "at"))
    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    address: str = Field(max_length=64)
    at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


# ---- request and response bodies ----

class UserPublic(SQLModel):
    id: int
    email: str
    name: str
    organisation: str
    country: str | None
    roles: list[Role]
    languages: list[str]
    expertise: list[str]
    interface_language: str | None = Field(description="the interface language chosen (ar, en, es, fr, ru, zh); null: the browser's")

    @classmethod
    def of(cls, user: User) -> "UserPublic":
        return cls(
            id=user.id, email=user.email, name=user.name, organisation=user.organisation,
            country=user.country_code, roles=sorted(user.roles, key=lambda r: r.value),
            languages=user.languages, expertise=user.expertise, interface_language=user.interface_language,
        )


class SignUp(InputModel):
    email: EmailStr
    name: str = Field(min_length=1, max_length=120)
    password: str = Field(max_length=1024)
    organisation: str = Field(default="", max_length=200)
    country: str | None = Field(default=None, max_length=3)

    @field_validator("name", "organisation")
    @classmethod
    def strip(cls, value: str) -> str:
        return value.strip()


class AccountUpdate(InputModel):
    name: str = Field(min_length=1, max_length=120)
    organisation: str = Field(default="", max_length=200)
    country: str | None = Field(default=None, max_length=3)
    languages: list[str] = Field(default_factory=list)
    expertise: list[str] = Field(default_factory=list)
    interface_language: str | None = Field(default=None, max_length=8)


class PasswordChange(InputModel):
    current_password: str = Field(max_length=1024)
    new_password: str = Field(max_length=1024)


class AdminUserUpdate(InputModel):
    roles: list[Role] = Field(default_factory=list)
    country: str | None = Field(default=None, max_length=3)
    is_active: bool = True


class TokenIssued(SQLModel):
    access_token: str
    token_type: str = "bearer"
    expires_at: datetime
