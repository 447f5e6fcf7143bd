"""Restore drill: back the test database up, restore it elsewhere, compare every table."""

import hashlib

import psycopg
import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from app.models.base import SQLModel
from app.services.backup import BackupFailed, backup, restore
from tests.conftest import IS_POSTGRES, TEST_DATABASE_URL


def fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Rows per table and a digest of the countries' content."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            counts = {t: connection.execute(text(f'SELECT count(*) FROM "{t}"')).scalar() for t in SQLModel.metadata.tables}
            rows = connection.execute(text("SELECT code, name, region, income_group FROM country ORDER BY code")).all()
        return {**{t: (n, "") for t, n in counts.items()}, "country content": (len(rows), hashlib.sha256(repr(rows).encode()).hexdigest())}
    finally:
        engine.dispose()


@pytest.fixture
def restore_target(tmp_path):
    if not IS_POSTGRES:
        yield f"sqlite:///{tmp_path / 'restored.db'}"
        return
    admin = make_url(TEST_DATABASE_URL).set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS solutions_lab_restore_drill")
        connection.execute("CREATE DATABASE solutions_lab_restore_drill")
    yield make_url(TEST_DATABASE_URL).set(database="solutions_lab_restore_drill").render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute("DROP DATABASE IF EXISTS solutions_lab_restore_drill WITH (FORCE)")


def test_backup_and_restore_round_trip(migrated_database, tmp_path, restore_target):
    archive = backup(TEST_DATABASE_URL, tmp_path / "lab.backup")
    assert archive.stat().st_size > 0
    restore(restore_target, archive)
    original, restored = fingerprint(TEST_DATABASE_URL), fingerprint(restore_target)
    assert restored == original
    assert original["country"][0] >= 240


def test_restore_of_a_missing_file_fails_clearly(tmp_path):
    with pytest.raises(BackupFailed, match="no backup"):
        restore(TEST_DATABASE_URL, tmp_path / "missing.backup")
