"""Lists of ideas: the public catalogue and the API list, with filters and keyset pagination."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app.errors import ValidationFailed
from app.i18n import _
from app.models.accounts import User
from app.models.ideas import PUBLIC_STAGES, Idea, IdeaSdg, IdeaTheme, Stage, Status
from app.models.reference import Country
from app.services.idea_access import visibility_clause
from app.models.idea_schemas import IdeaPage
from app.services.ideas import MAX_PAGE_SIZE, decode_cursor, encode_cursor, present_ideas
from app.services.search import matching_ideas_clause


@dataclass(frozen=True)
class IdeaFilters:
    stage: Stage | None = None
    status: Status | None = None
    theme: str | None = None
    sdg: int | None = None
    country: str | None = None
    region: str | None = None
    q: str | None = None
    owner_id: int | None = None
    language: str | None = None


@dataclass
class IdeaList:
    items: list[Idea]
    next_cursor: str | None


def list_ideas(
    session: Session, *, viewer: User | None, filters: IdeaFilters, cursor: str | None = None, limit: int = 20
) -> IdeaList:
    """Ideas the viewer may see, newest first, a page at a time (keyset on id)."""
    if not 1 <= limit <= MAX_PAGE_SIZE:
        raise ValidationFailed(_("limit must be between 1 and %(max)s") % {"max": MAX_PAGE_SIZE}, fields={"limit": _("out of range")})
    statement = select(Idea).where(visibility_clause(viewer))
    for clause in _filter_clauses(session, filters):
        statement = statement.where(clause)
    after = decode_cursor(cursor)
    if after is not None:
        statement = statement.where(Idea.id < after)
    rows = list(session.exec(statement.order_by(Idea.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return IdeaList(items=rows[:limit], next_cursor=next_cursor)


def catalogue(session: Session, *, filters: IdeaFilters, cursor: str | None = None, limit: int = 20) -> IdeaList:
    """The public catalogue: active ideas at pilot or later, for everyone."""
    if filters.stage is not None and filters.stage not in PUBLIC_STAGES:
        return IdeaList(items=[], next_cursor=None)
    return list_ideas(session, viewer=None, filters=filters, cursor=cursor, limit=limit)


def _filter_clauses(session: Session, filters: IdeaFilters) -> list:
    clauses = []
    if filters.stage is not None:
        clauses.append(Idea.stage == filters.stage)
    if filters.status is not None:
        clauses.append(Idea.status == filters.status)
    if filters.theme:
        clauses.append(Idea.id.in_(select(IdeaTheme.idea_id).where(IdeaTheme.theme_code == filters.theme)))
    if filters.sdg is not None:
        clauses.append(Idea.id.in_(select(IdeaSdg.idea_id).where(IdeaSdg.sdg_number == filters.sdg)))
    if filters.country:
        clauses.append(Idea.origin_country == filters.country.upper())
    if filters.region:
        clauses.append(Idea.origin_country.in_(select(Country.code).where(Country.region == filters.region)))
    if filters.owner_id is not None:
        clauses.append(Idea.owner_id == filters.owner_id)
    if filters.language:
        clauses.append(Idea.language == filters.language.lower())
    if filters.q and (match := matching_ideas_clause(session, filters.q)) is not None:
        clauses.append(match)
    return clauses


def idea_page(
    session: Session, *, viewer: User | None, filters: IdeaFilters, cursor: str | None = None, limit: int = 20
) -> IdeaPage:
    """A page of the API list, each idea as the viewer may see it."""
    page = list_ideas(session, viewer=viewer, filters=filters, cursor=cursor, limit=limit)
    return IdeaPage(items=present_ideas(session, page.items, viewer=viewer), next_cursor=page.next_cursor)


def catalogue_languages(session: Session) -> list[str]:
    """The languages the catalogue's solutions are written in (for its language filter).

    A DISTINCT over the visible ideas would read every one of them (60 ms at 100,000 ideas).
    Instead a recursive query walks the (language, id) index from one language to the next, one
    seek each, and keeps the languages with a solution the public may see: one statement,
    whatever the number of ideas."""
    walk = select(func.min(Idea.language).label("code")).cte("languages", recursive=True)
    following = select(func.min(Idea.language)).where(Idea.language > walk.c.code).scalar_subquery()
    walk = walk.union_all(select(following).where(walk.c.code.is_not(None)))
    shown = select(Idea.id).where(Idea.language == walk.c.code, visibility_clause(None)).exists()
    return list(session.exec(select(walk.c.code).where(walk.c.code.is_not(None), shown).order_by(walk.c.code)))
