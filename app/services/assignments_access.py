"""Whether a reviewer holds an assignment for an idea: it lets them see the idea.

Assignments arrive with the reviewer workflows; until then no one is assigned.
"""

from sqlalchemy import false
from sqlmodel import Session

from app.models.accounts import User


def reviewer_assigned(session: Session, viewer: User | None, idea) -> bool:
    return False


def assigned_ideas_clause(viewer: User):
    return false()
