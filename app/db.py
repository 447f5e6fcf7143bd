"""The database engine and sessions.

SQLite is tuned for a web server: WAL so readers never block the writer, foreign keys
on, a busy timeout, synchronous=NORMAL, and write transactions that take the write lock
at BEGIN (BEGIN IMMEDIATE), so two writers queue up instead of failing half-way with
"database is locked". Read-only requests use deferred transactions and run in parallel.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlmodel import Session

from app.config import settings

WRITE = {"sqlite_begin": "IMMEDIATE"}


def make_engine(url: str, *, foreign_keys: bool = True) -> Engine:
    """An engine for `url`, with the SQLite pragmas or the PostgreSQL pool settings.

    Migrations turn SQLite's foreign keys off: batch mode rebuilds tables by copying them.
    """
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, foreign_keys=foreign_keys)
    # No overflow: RequestGate admits at most db_pool_size requests, so each finds a connection.
    return create_engine(url, pool_pre_ping=True, pool_size=settings.db_pool_size, max_overflow=2, pool_timeout=10)


def _sqlite_engine(url: str, *, foreign_keys: bool) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url, connect_args={"check_same_thread": False, "timeout": settings.sqlite_busy_timeout_ms / 1000},
        pool_size=settings.db_pool_size, max_overflow=2, pool_timeout=10,
    )

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        # Let SQLAlchemy, not the sqlite3 module, decide when transactions begin.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute(f"PRAGMA foreign_keys={'ON' if foreign_keys else 'OFF'}")
        cursor.execute(f"PRAGMA busy_timeout={int(settings.sqlite_busy_timeout_ms)}")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        mode = connection.get_execution_options().get("sqlite_begin", "DEFERRED")
        connection.exec_driver_sql(f"BEGIN {mode}")

    return engine


engine = make_engine(settings.resolved_database_url)
write_engine = engine.execution_options(**WRITE)


def open_session(*, write: bool = True) -> Session:
    """A session; `write` sessions take the SQLite write lock when they begin."""
    return Session(write_engine if write else engine, expire_on_commit=False)


@contextmanager
def session_scope(*, write: bool = True) -> Iterator[Session]:
    """A session for the command line and background jobs, closed afterwards."""
    session = open_session(write=write)
    try:
        yield session
    finally:
        session.close()
