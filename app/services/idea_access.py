"""Who sees which idea, as one predicate for a single idea and one SQL clause for lists."""

from sqlalchemy import or_
from sqlmodel import Session, select

from app.errors import NotFound
from app.i18n import _
from app.models.accounts import User
from app.models.ideas import PUBLIC_STAGES, Idea, IdeaCoauthor, Status
from app.services import rules
from app.services.assignments_access import assigned_ideas_clause, reviewer_assigned


def get_visible_idea(session: Session, *, idea_id: int, viewer: User | None) -> Idea:
    """The idea, or NotFound when it does not exist or the viewer may not see it (the same answer)."""
    idea = session.get(Idea, idea_id)
    if idea is None or not rules.can_view_idea(viewer, idea, assigned=reviewer_assigned(session, viewer, idea)):
        raise NotFound(_("No such idea"))
    return idea


def visibility_clause(viewer: User | None):
    """The SQL form of rules.can_view_idea, for lists."""
    public = (Idea.status == Status.active) & Idea.stage.in_(PUBLIC_STAGES)
    if viewer is None:
        return public
    own = Idea.owner_id == viewer.id
    if rules.is_lab_manager(viewer):
        return own | (Idea.status != Status.draft)
    coauthored = Idea.id.in_(select(IdeaCoauthor.idea_id).where(IdeaCoauthor.email == viewer.email))
    assigned = assigned_ideas_clause(viewer)
    return or_(public, own, (Idea.status != Status.draft) & or_(coauthored, assigned))
