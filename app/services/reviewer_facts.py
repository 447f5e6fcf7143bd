"""Plain facts about reviewers and ideas, loaded in a few queries, for the pure conflict
and assignment functions."""

from collections import defaultdict

from sqlalchemy import func
from sqlmodel import Session, select

from app.models.accounts import Role, User, UserExpertise, UserRole
from app.models.ideas import Idea
from app.models.reference import Country
from app.models.reviews import OPEN_ASSIGNMENT, Assignment, DeclaredConflict
from app.services.conflicts import IdeaFacts, ReviewerFacts


def reviewer_facts(session: Session, users: list[User]) -> list[ReviewerFacts]:
    ids = [u.id for u in users]
    declared = defaultdict(list)
    if ids:
        for row in session.exec(select(DeclaredConflict).where(DeclaredConflict.reviewer_id.in_(ids))):
            declared[row.reviewer_id].append(row)
    return [
        ReviewerFacts(
            id=u.id, email=u.email, organisation=u.organisation, country=u.country_code,
            declared_emails=frozenset(d.email for d in declared[u.id] if d.email),
            declared_organisations=frozenset(d.organisation for d in declared[u.id] if d.organisation),
        )
        for u in users
    ]


def idea_facts(session: Session, ideas: list[Idea]) -> list[IdeaFacts]:
    owners = {}
    owner_ids = {idea.owner_id for idea in ideas}
    if owner_ids:
        owners = {u.id: u for u in session.exec(select(User).where(User.id.in_(owner_ids)))}
    return [
        IdeaFacts(
            id=idea.id, owner_id=idea.owner_id, owner_email=owners[idea.owner_id].email,
            coauthor_emails=frozenset(idea.coauthors), organisation=idea.organisation,
            owner_organisation=owners[idea.owner_id].organisation, origin_country=idea.origin_country,
        )
        for idea in ideas
    ]


def active_reviewers(session: Session) -> list[User]:
    statement = (
        select(User).join(UserRole, UserRole.user_id == User.id)
        .where(UserRole.role == Role.reviewer, User.is_active.is_(True)).order_by(User.id)
    )
    return list(session.exec(statement))


def open_loads(session: Session) -> dict[int, int]:
    """Open (pending or accepted) assignments per reviewer."""
    statement = (
        select(Assignment.reviewer_id, func.count()).where(Assignment.status.in_(OPEN_ASSIGNMENT))
        .group_by(Assignment.reviewer_id)
    )
    return dict(session.exec(statement).all())


def expertise_of(session: Session, user_ids: list[int]) -> dict[int, frozenset[str]]:
    themes = defaultdict(set)
    if user_ids:
        for row in session.exec(select(UserExpertise).where(UserExpertise.user_id.in_(user_ids))):
            themes[row.user_id].add(row.theme_code)
    return {uid: frozenset(themes[uid]) for uid in user_ids}


def country_languages(session: Session, codes: set[str]) -> dict[str, frozenset[str]]:
    if not codes:
        return {}
    return {c.code: frozenset(c.languages) for c in session.exec(select(Country).where(Country.code.in_(codes)))}
