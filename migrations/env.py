"""Alembic environment: the app's metadata, batch mode for SQLite, types compared."""

from alembic import context

import app.models  # noqa: F401  (registers every table)
from app.config import settings
from app.db import make_engine
from app.models.base import SQLModel, is_modelled

config = context.config
target_metadata = SQLModel.metadata

def database_url() -> str:
    return config.attributes.get("database_url") or settings.resolved_database_url


def run_migrations_offline() -> None:
    context.configure(url=database_url(), target_metadata=target_metadata, render_as_batch=True,
                      literal_binds=True, include_object=is_modelled)
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    engine = make_engine(database_url(), foreign_keys=False)
    with engine.connect() as connection:
        _run(connection)
    engine.dispose()


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=True,  # SQLite cannot ALTER most things; batch mode copies the table
        compare_type=True,
        include_object=is_modelled,
    )
    with context.begin_transaction():
        context.run_migrations()


if context.is_offline_mode():
    run_migrations_offline()
else:
    run_migrations_online()
