"""Whether a reviewer holds an assignment for an idea: it lets them see the idea."""

from sqlalchemy import exists
from sqlmodel import Session, select

from app.models.accounts import User
from app.models.ideas import Idea
from app.models.reviews import Assignment, AssignmentStatus


def reviewer_assigned(session: Session, viewer: User | None, idea) -> bool:
    if viewer is None:
        return False
    statement = select(exists().where(Assignment.idea_id == idea.id, Assignment.reviewer_id == viewer.id,
                                      Assignment.status != AssignmentStatus.declined))
    return session.exec(statement).one()


def assigned_ideas_clause(viewer: User):
    return Idea.id.in_(select(Assignment.idea_id).where(
        Assignment.reviewer_id == viewer.id, Assignment.status != AssignmentStatus.declined))
