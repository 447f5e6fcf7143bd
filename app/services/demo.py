"""Demo data for a new installation: users of every role, ideas across all stages."""

from sqlmodel import Session


def seed_demo(session: Session) -> list[str]:
    """Add the demo data when the database has none; returns lines to print."""
    return []
