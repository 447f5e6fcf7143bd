"""Personal data: a user downloads what the lab holds about them; an admin erases a user.

Erasing keeps the user's ideas, reviews and history (the lab's record) but removes what
identifies the person: name, email, organisation, country, languages, expertise, declared
conflicts, sessions, tokens, inbox and queued email. The ideas then show "Deleted user".
"""

import secrets
from datetime import date, datetime

from sqlalchemy import delete
from sqlmodel import Session, select

from app.errors import Forbidden, ValidationFailed
from app.i18n import _
from app.models.accounts import ApiToken, SigninAttempt, User, UserExpertise, WebSession
from app.models.ideas import Idea, IdeaCoauthor
from app.models.notifications import Notification, OutboxEmail
from app.models.replications import ReplicationLead
from app.models.reviews import Assignment, DeclaredConflict, Review
from app.services import audit, rules
from app.services.accounts import get_user
from app.services.passwords import hash_password

DELETED_NAME = "Deleted user"


def export_user_data(session: Session, *, user: User) -> dict:
    """Everything the lab holds about the user, as plain JSON-ready data."""
    def rows(model, *where):
        return [_plain(row) for row in session.exec(select(model).where(*where))]

    account = _plain(user, skip={"password_hash"}) | {"roles": sorted(r.value for r in user.roles), "expertise": user.expertise}
    return {
        "exported_at": datetime.now().astimezone().isoformat(),
        "account": account,
        "ideas": rows(Idea, Idea.owner_id == user.id),
        "co_authored_idea_ids": [r.idea_id for r in session.exec(select(IdeaCoauthor).where(IdeaCoauthor.email == user.email))],
        "assignments": rows(Assignment, Assignment.reviewer_id == user.id),
        "reviews": rows(Review, Review.reviewer_id == user.id),
        "declared_conflicts": rows(DeclaredConflict, DeclaredConflict.reviewer_id == user.id),
        "notifications": rows(Notification, Notification.user_id == user.id),
        "api_tokens": rows(ApiToken, ApiToken.user_id == user.id),
    }


def _plain(row, skip: set[str] = frozenset()) -> dict:
    values = {}
    for column in row.__table__.columns:
        if column.name in skip or column.name == "token_hash":
            continue
        value = getattr(row, column.name)
        values[column.name] = value.isoformat() if isinstance(value, (date, datetime)) else getattr(value, "value", value)
    return values


def erase_user(session: Session, *, actor: User, user_id: int) -> User:
    """An admin erases a person from the lab; their contributions stay, anonymous."""
    if not rules.can_manage_users(actor):
        raise Forbidden(_("Only an admin erases accounts."))
    user = get_user(session, user_id=user_id)
    if user.id == actor.id:
        raise ValidationFailed(_("You cannot erase your own account."), fields={"user": _("yourself")})
    old_email = user.email
    for model, column in ((WebSession, WebSession.user_id), (ApiToken, ApiToken.user_id), (UserExpertise, UserExpertise.user_id),
                          (DeclaredConflict, DeclaredConflict.reviewer_id), (Notification, Notification.user_id),
                          (ReplicationLead, ReplicationLead.user_id)):
        session.exec(delete(model).where(column == user.id))
    session.exec(delete(OutboxEmail).where(OutboxEmail.to_address == old_email))
    session.exec(delete(SigninAttempt).where(SigninAttempt.email == old_email))
    session.exec(delete(IdeaCoauthor).where(IdeaCoauthor.email == old_email))
    session.expire(user)
    user.name, user.email, user.organisation = DELETED_NAME, f"deleted-{user.id}@erased.invalid", ""
    user.country_code, user.languages, user.is_active = None, [], False
    user.password_hash = hash_password(secrets.token_urlsafe(32))
    user.role_rows = []
    session.add(user)
    audit.record(session, kind="user_erased", actor_id=actor.id, subject=f"user:{user.id}")
    session.commit()
    return user
