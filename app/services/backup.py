"""Backups: SQLite's online backup API (a consistent copy while the app keeps serving), and
pg_dump / pg_restore for PostgreSQL."""

import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url


class BackupFailed(Exception):
    pass


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _sqlite_path(url: str) -> str:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupFailed("an in-memory database cannot be backed up")
    return database


def backup(url: str, path: Path) -> Path:
    """Write a backup of the database at `url` to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    if make_url(url).get_backend_name() == "sqlite":
        source, target = sqlite3.connect(_sqlite_path(url)), sqlite3.connect(path)
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        _run(["pg_dump", "--format=custom", "--no-owner", f"--file={path}", _libpq_url(url)])
    return path


def restore(url: str, path: Path) -> None:
    """Replace the database at `url` with the backup at `path`."""
    if not path.exists():
        raise BackupFailed(f"no backup at {path}")
    if make_url(url).get_backend_name() == "sqlite":
        source, target = sqlite3.connect(path), sqlite3.connect(_sqlite_path(url))
        try:
            with target:
                source.backup(target)
        finally:
            source.close()
            target.close()
    else:
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", f"--dbname={_libpq_url(url)}", str(path)])


def _run(command: list[str]) -> None:
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=3600)
    except FileNotFoundError as exc:
        raise BackupFailed(f"{command[0]} is not installed (PostgreSQL client tools are needed)") from exc
    if result.returncode != 0:
        raise BackupFailed(f"{command[0]} failed: {result.stderr.strip()[:500]}")
