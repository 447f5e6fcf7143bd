"""Conflicts of interest a reviewer declares: a person (by email) or an organisation.

The conflict check reads them (services/reviewer_facts.py); here a reviewer keeps their own.
"""

from sqlmodel import Session, select

from app.errors import Forbidden, NotFound, ValidationFailed
from app.i18n import _, ngettext
from app.models.accounts import User
from app.models.review_schemas import DeclaredConflictIn
from app.models.reviews import DeclaredConflict
from app.services import rules

MAX_DECLARED = 100


def list_declared_conflicts(session: Session, *, actor: User) -> list[DeclaredConflict]:
    """The actor's own declarations, oldest first."""
    statement = select(DeclaredConflict).where(DeclaredConflict.reviewer_id == actor.id).order_by(DeclaredConflict.id)
    return list(session.exec(statement))


def add_declared_conflict(session: Session, *, actor: User, data: DeclaredConflictIn) -> DeclaredConflict:
    """Reviewers declare conflicts; each names a person's email, an organisation or both."""
    if not rules.can_declare_conflicts(actor):
        raise Forbidden(_("Only reviewers declare conflicts of interest."))
    if not data.email and not data.organisation:
        raise ValidationFailed(_("Name a person or an organisation."),
                               fields={"email": _("Give an email address or an organisation.")})
    if len(list_declared_conflicts(session, actor=actor)) >= MAX_DECLARED:
        raise ValidationFailed(ngettext("You can declare up to %(num)s conflict.", "You can declare up to %(num)s conflicts.",
                                        MAX_DECLARED) % {"num": MAX_DECLARED},
                               fields={"form": _("Too many declarations.")})
    row = DeclaredConflict(reviewer_id=actor.id, email=data.email, organisation=data.organisation, note=data.note)
    session.add(row)
    session.commit()
    return row


def remove_declared_conflict(session: Session, *, actor: User, conflict_id: int) -> None:
    """A reviewer removes one of their own declarations; anyone else's answers 404, like a missing one."""
    row = session.get(DeclaredConflict, conflict_id)
    if row is None or row.reviewer_id != actor.id:
        raise NotFound(_("No such declared conflict"))
    session.delete(row)
    session.commit()
