"""What every table shares: the constraint naming convention, UTC timestamps, enum columns."""

import enum
from datetime import UTC, datetime

import sqlalchemy as sa
from pydantic import ConfigDict
from sqlmodel import SQLModel

# Deterministic constraint names, so migrations can drop and alter them on every database.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Datetimes stored in UTC and read back timezone-aware, on SQLite as on PostgreSQL."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime; use app.models.base.utcnow()")
        return value.astimezone(UTC)

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


def enum_column(enum_type: type[enum.Enum]) -> sa.types.TypeEngine:
    """Enums are stored as their string values, never as native database enums."""
    return sa.Enum(
        enum_type,
        native_enum=False,
        create_constraint=False,
        length=max(len(member.value) for member in enum_type),
        values_callable=lambda members: [member.value for member in members],
        validate_strings=True,
    )


class InputModel(SQLModel):
    """Base of request bodies: unknown fields are refused."""

    model_config = ConfigDict(extra="forbid")


# Tables that migrations create by hand and no model describes (the full-text index).
UNMODELLED_TABLE_PREFIXES = ("idea_fts",)


def is_modelled(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic's include_object: leave hand-made tables out of schema comparisons."""
    return not (type_ == "table" and (name or "").startswith(UNMODELLED_TABLE_PREFIXES))
