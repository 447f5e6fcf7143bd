"""Test database: migrated once per run; every test runs in a transaction rolled back after it.

SQLite always; PostgreSQL when TEST_DATABASE_URL is set (as .ci/run does).
"""

import os
import tempfile
from pathlib import Path

_TMP = Path(tempfile.mkdtemp(prefix="solutions-lab-test-"))
TEST_DATABASE_URL = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{_TMP / 'test.db'}"
# Settings are read when app.config is first imported: point them at the test database.
os.environ["DATABASE_URL"] = TEST_DATABASE_URL
os.environ["VAR_DIR"] = str(_TMP / "var")
os.environ.pop("SMTP_URL", None)

import pytest  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlmodel import Session  # noqa: E402

from app.cli import alembic_config  # noqa: E402
from app.db import engine  # noqa: E402

IS_POSTGRES = TEST_DATABASE_URL.startswith("postgresql")


def reset_database() -> None:
    """An empty database, whatever an earlier run left behind."""
    if IS_POSTGRES:
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE"))
            connection.execute(text("CREATE SCHEMA public"))


def migrate(revision: str = "head") -> None:
    from alembic import command

    command.upgrade(alembic_config(TEST_DATABASE_URL), revision)


def seed_base_data() -> None:
    """What `solutions-lab seed` adds to every installation: reference data, default rubrics."""
    from app.db import session_scope
    from app.services.reference import seed_reference_data
    from app.services.rubrics import seed_default_rubrics

    with session_scope() as session:
        seed_reference_data(session)
        seed_default_rubrics(session)


@pytest.fixture(scope="session")
def migrated_database():
    reset_database()
    migrate()
    seed_base_data()
    yield engine
    engine.dispose()


@pytest.fixture
def session(migrated_database):
    """A session whose commits only release a savepoint; everything is rolled back after the test."""
    connection = migrated_database.connect()
    transaction = connection.begin()
    db = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
    try:
        yield db
    finally:
        db.close()
        transaction.rollback()
        connection.close()


@pytest.fixture
def app(session):
    from app.deps import get_session
    from app.main import create_app

    application = create_app()
    application.dependency_overrides[get_session] = lambda: session
    return application


@pytest.fixture
def client(app):
    with TestClient(app, base_url="http://testserver", follow_redirects=False) as test_client:
        yield test_client
