"""Rubrics per stage. A rubric already used by a review is never changed under it: saving
it creates the next version, and the reviews keep pointing at the one they used."""

from sqlalchemy import exists, func
from sqlmodel import Session, select

from app.errors import Forbidden, NotFound, ValidationFailed
from app.i18n import _
from app.labels import label
from app.models.accounts import User
from app.models.ideas import Stage
from app.models.review_schemas import CriterionIn, RubricIn
from app.models.reviews import Review, Rubric, RubricCriterion
from app.services import rules
from app.services.reference import read_data_file


def current_rubric(session: Session, *, stage: Stage) -> Rubric | None:
    statement = select(Rubric).where(Rubric.stage == stage).order_by(Rubric.version.desc()).limit(1)
    return session.exec(statement).first()


def require_rubric(session: Session, *, stage: Stage) -> Rubric:
    rubric = current_rubric(session, stage=stage)
    if rubric is None:
        raise NotFound(_("No rubric for the %(stage)s stage") % {"stage": label(stage).lower()})
    return rubric


def list_rubrics(session: Session) -> list[Rubric]:
    """The current version of each stage's rubric."""
    latest = select(Rubric.stage, func.max(Rubric.version).label("version")).group_by(Rubric.stage).subquery()
    statement = select(Rubric).join(latest, (Rubric.stage == latest.c.stage) & (Rubric.version == latest.c.version))
    return sorted(session.exec(statement), key=lambda r: r.stage.index)


def save_rubric(session: Session, *, actor: User, stage: Stage, data: RubricIn) -> Rubric:
    """Lab managers edit rubrics; a used rubric becomes a new version instead."""
    if not rules.is_lab_manager(actor):
        raise Forbidden(_("Only lab managers edit rubrics."))
    if data.stage is not None and data.stage != stage:
        raise ValidationFailed(_("The body's stage differs from the path's."), fields={"stage": _("must match the path")})
    rubric = current_rubric(session, stage=stage)
    if rubric is None or is_used(session, rubric):
        rubric = Rubric(stage=stage, version=(rubric.version + 1) if rubric else 1)
        rubric.criteria = [_criterion(None, item, position) for position, item in enumerate(data.criteria)]
    else:
        existing = {c.id: c for c in rubric.criteria}
        unknown = [item.id for item in data.criteria if item.id is not None and item.id not in existing]
        if unknown:
            raise ValidationFailed(_("Please check your input"),
                                   fields={"criteria": _("Unknown criterion ids: %(ids)s") % {"ids": unknown}})
        rubric.criteria = [_criterion(existing.get(item.id), item, n) for n, item in enumerate(data.criteria)]
    session.add(rubric)
    session.commit()
    session.refresh(rubric)
    return rubric


def is_used(session: Session, rubric: Rubric) -> bool:
    """Whether a review was written on this rubric (then saving it makes a new version)."""
    return session.exec(select(exists().where(Review.rubric_id == rubric.id))).one()


def _criterion(current: RubricCriterion | None, item: CriterionIn, position: int) -> RubricCriterion:
    criterion = current or RubricCriterion(position=position, name=item.name, weight=item.weight)
    criterion.position, criterion.name, criterion.description = position, item.name, item.description
    criterion.weight, criterion.levels = item.weight, item.levels
    return criterion


def seed_default_rubrics(session: Session) -> int:
    """The default screening and evaluation rubrics, for stages that have none yet."""
    added = 0
    for stage, criteria in read_data_file("rubrics.json")["rubrics"].items():
        if current_rubric(session, stage=Stage(stage)) is None:
            rubric = Rubric(stage=Stage(stage), version=1)
            rubric.criteria = [_criterion(None, CriterionIn(**c), n) for n, c in enumerate(criteria)]
            session.add(rubric)
            added += 1
    session.commit()
    return added
