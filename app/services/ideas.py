"""Ideas: creating, editing, reading them as the viewer may see them, and listing them."""

import base64

from sqlmodel import Session, select

from app.config import settings
from app.errors import Forbidden, ValidationFailed
from app.i18n import _, use_locale
from app.models.accounts import User
from app.models.idea_schemas import IdeaCreate, IdeaFields, IdeaPublic, IdeaUpdate, PersonRef
from app.models.ideas import Idea, IdeaCoauthor, IdeaSdg, IdeaTheme, Revision, Status
from app.models.reference import Country, Theme
from app.services import notifications, reference, rules, stages
from app.services.accounts import normalise_email
from app.services.idea_access import get_visible_idea

MAX_PAGE_SIZE = 100
CATALOGUE_PAGE_SIZE = 20  # ideas per page of the catalogue and of My ideas


def create_idea(session: Session, *, owner: User, data: IdeaCreate) -> Idea:
    """A new idea, saved as a draft or submitted at once (which is its first transition)."""
    _check_references(session, data)
    idea = Idea(owner_id=owner.id, status=Status.draft, **_plain_fields(data))
    _set_links(idea, themes=data.themes, sdgs=data.sdgs, co_authors=data.co_authors)
    session.add(idea)
    session.flush()
    if not data.draft:
        stages.activate_new_idea(session, idea=idea, actor=owner)
    session.commit()
    return idea


def update_idea(session: Session, *, idea_id: int, actor: User, data: IdeaUpdate) -> Idea:
    """Only the owner edits, and only while the idea is at stage submit; stale versions get 409."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=actor)
    if not rules.can_edit_idea(actor, idea):
        raise Forbidden(_("Only the submitter can edit an idea, and only at the submit stage."))
    stages.check_version(idea, data.expected_version)
    changes = data.model_dump(exclude_unset=True, exclude={"expected_version", "themes", "sdgs", "co_authors"})
    merged = IdeaFields.model_validate({**_current_fields(idea), **changes, **_link_changes(data)})
    _check_references(session, merged)
    for name, value in _plain_fields(merged).items():
        setattr(idea, name, value)
    _set_links(idea, themes=merged.themes, sdgs=merged.sdgs, co_authors=merged.co_authors)
    stages.claim_version(session, idea, data.expected_version)
    session.add(idea)
    session.commit()
    return idea


def present_idea(idea: Idea, *, viewer: User | None, owner_name: str) -> IdeaPublic:
    """The idea as the viewer may see it: blind review hides who submitted it."""
    sees_submitter = rules.sees_submitter(viewer, idea, blind=settings.blind_review)
    sees_authors = rules.is_owner(viewer, idea) or rules.is_lab_manager(viewer)
    return IdeaPublic(
        id=idea.id, title=idea.title, summary=idea.summary, problem=idea.problem, solution=idea.solution,
        origin_country=idea.origin_country, language=idea.language, themes=idea.themes, sdgs=idea.sdgs,
        organisation=idea.organisation if sees_submitter else None, beneficiaries=idea.beneficiaries,
        stage=idea.stage, status=idea.status, version=idea.version, created_at=idea.created_at, updated_at=idea.updated_at,
        submitter=PersonRef(id=idea.owner_id, name=owner_name) if sees_submitter else None,
        co_authors=idea.coauthors if sees_authors else None,
    )


def owner_names(session: Session, ideas: list[Idea]) -> dict[int, str]:
    """The names of the ideas' owners, in one query."""
    ids = {idea.owner_id for idea in ideas}
    if not ids:
        return {}
    return dict(session.exec(select(User.id, User.name).where(User.id.in_(ids))).all())


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(str(last_id).encode()).decode().rstrip("=")


def decode_cursor(cursor: str | None) -> int | None:
    if not cursor:
        return None
    try:
        return int(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode())
    except ValueError as exc:
        raise ValidationFailed(_("The cursor is not valid."), fields={"cursor": _("invalid")}) from exc


def _plain_fields(data: IdeaFields) -> dict:
    return data.model_dump(exclude={"themes", "sdgs", "co_authors", "draft"})


def _current_fields(idea: Idea) -> dict:
    names = ("title", "summary", "problem", "solution", "origin_country", "organisation", "beneficiaries", "language")
    return {name: getattr(idea, name) for name in names} | {
        "themes": idea.themes, "sdgs": idea.sdgs, "co_authors": idea.coauthors,
    }


def _link_changes(data: IdeaUpdate) -> dict:
    return {name: getattr(data, name) for name in ("themes", "sdgs", "co_authors") if getattr(data, name) is not None}


def _check_references(session: Session, data: IdeaFields) -> None:
    problems = {}
    if session.get(Country, data.origin_country) is None:
        problems["origin_country"] = _("Choose a country from the list.")
    if data.language not in reference.written_language_codes(session):
        problems["language"] = _("Choose a language from the list.")
    known = set(session.exec(select(Theme.code).where(Theme.code.in_(data.themes))))
    if set(data.themes) - known:
        problems["themes"] = _("Choose themes from the list.")
    if problems:
        raise ValidationFailed(_("Please check your input"), fields=problems)


def _set_links(idea: Idea, *, themes: list[str], sdgs: list[int], co_authors: list[str]) -> None:
    """Replace the idea's link rows, keeping those that stay (no delete and re-insert of a key)."""
    idea.theme_rows = _keep(idea.theme_rows, "theme_code", sorted(set(themes)), IdeaTheme)
    idea.sdg_rows = _keep(idea.sdg_rows, "sdg_number", sorted(set(sdgs)), IdeaSdg)
    emails = sorted({normalise_email(e) for e in co_authors})
    idea.coauthor_rows = _keep(idea.coauthor_rows, "email", emails, IdeaCoauthor)


def _keep(rows: list, attribute: str, wanted: list, model) -> list:
    existing = {getattr(row, attribute): row for row in rows}
    return [existing.get(value) or model(**{attribute: value}) for value in wanted]


def read_idea(session: Session, *, idea_id: int, viewer: User | None) -> IdeaPublic:
    idea = get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    return present_idea(idea, viewer=viewer, owner_name=owner_names(session, [idea])[idea.owner_id])


def present_ideas(session: Session, ideas: list[Idea], *, viewer: User | None) -> list[IdeaPublic]:
    names = owner_names(session, ideas)
    return [present_idea(idea, viewer=viewer, owner_name=names[idea.owner_id]) for idea in ideas]


def request_revision(session: Session, *, idea_id: int, actor: User, expected_version: int, message: str) -> Idea:
    """A lab manager sends an idea back for revision within its stage (status stays active)."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=actor)
    if not rules.can_decide_idea(actor, idea):
        raise Forbidden(_("Only a lab manager asks for a revision of an active idea."))
    stages.check_version(idea, expected_version)
    if not message.strip():
        raise ValidationFailed(_("Say what should be revised."), fields={"message": _("This field is required.")})
    stages.claim_version(session, idea, expected_version)
    session.add(Revision(idea_id=idea.id, stage=idea.stage, actor_id=actor.id, message=message.strip()))
    owner = session.get(User, idea.owner_id)
    with use_locale(owner.interface_language if owner else None):  # written in the submitter's language
        notifications.notify(session, users=[owner], kind="revision",
                             subject=(_("Please revise your idea: %(title)s") % {"title": idea.title})[:200],
                             body=message.strip(), link=f"/ideas/{idea.id}", extra_addresses=idea.coauthors)
    session.commit()
    return idea


def revision_requests(session: Session, *, idea: Idea) -> list[Revision]:
    statement = select(Revision).where(Revision.idea_id == idea.id).order_by(Revision.id)
    return list(session.exec(statement))
