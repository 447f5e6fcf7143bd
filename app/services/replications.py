"""Replications: proposing a proven solution for a country, planning it, moving its status,
recording progress. Officers of the adopting country and lab managers change it; everyone
signed in reads it."""

from datetime import date

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from app.config import settings
from app.errors import Conflict, Forbidden, InvalidTransition, NotFound, Unauthorized, ValidationFailed
from app.i18n import _
from app.models.accounts import Role, User
from app.models.base import utcnow
from app.models.ideas import Idea, Stage, Status
from app.models.replication_schemas import ProgressUpdateIn, ReplicationCreate, ReplicationUpdate
from app.models.replications import (
    ProgressUpdate, ProgressValue, Replication, ReplicationIndicator, ReplicationLead, ReplicationStatus,
    ReplicationTransition,
)
from app.services import audit, rules
from app.services.idea_access import get_visible_idea
from app.services.reference import get_country
from app.services.review_stats import ReviewStats, review_stats_for

S = ReplicationStatus
NEXT = {S.proposed: S.planned, S.planned: S.in_progress, S.in_progress: S.completed}
OPEN = (S.proposed, S.planned, S.in_progress)


def can_change(user: User | None, replication: Replication) -> bool:
    return rules.is_lab_manager(user) or rules.is_country_officer_of(user, replication.country_code)


def may_propose_in(user: User | None, country_code: str) -> bool:
    return rules.is_country_officer_of(user, country_code) or rules.is_lab_manager(user)


def can_propose(user: User | None, idea: Idea) -> bool:
    """Who may propose replicating `idea` somewhere: a lab manager, or an officer of a country
    other than the solution's own (whether the solution is proven is is_proven's question)."""
    if rules.is_lab_manager(user):
        return True
    return rules.has_role(user, Role.country_officer) and user.country_code not in (None, idea.origin_country)


def is_proven(session: Session, idea: Idea) -> bool:
    """Replicable: at the replicate stage, or at evaluate with a score that passes its gate."""
    return idea.id in proven_ids(session, [idea])


def proven_ids(session: Session, ideas: list[Idea]) -> set[int]:
    """is_proven for many ideas at once, in a fixed number of queries."""
    candidates = [i for i in ideas if i.status == Status.active and i.stage in (Stage.evaluate, Stage.replicate)]
    evaluated = [i.id for i in candidates if i.stage == Stage.evaluate]
    stats = review_stats_for(session, idea_ids=evaluated, stage=Stage.evaluate)
    return {i.id for i in candidates if i.stage == Stage.replicate or _passes(stats[i.id])}


def _passes(stats: ReviewStats) -> bool:
    return (stats.count >= settings.gate_evaluate_min_reviews and stats.calibrated_mean is not None
            and stats.calibrated_mean >= settings.gate_evaluate_min_mean)


def propose_replication(session: Session, *, actor: User, data: ReplicationCreate) -> Replication:
    """A country office (or a lab manager) proposes adapting a proven solution in its country."""
    country = get_country(session, data.country)
    if not may_propose_in(actor, country.code):
        raise Forbidden(_("Only the country's officers and lab managers propose replications in it."))
    idea = get_visible_idea(session, idea_id=data.idea_id, viewer=actor)
    if not is_proven(session, idea):
        raise ValidationFailed(_("Only proven solutions are replicated: at the replicate stage, or evaluated with a passing score."),
                               fields={"idea_id": _("not a proven solution")})
    if country.code == idea.origin_country:
        raise ValidationFailed(_("A solution is replicated in another country than its own."),
                               fields={"country": _("the origin country")})
    replication = Replication(
        idea_id=idea.id, country_code=country.code, adaptation_notes=data.adaptation_notes.strip(),
        starts_on=data.starts_on, ends_on=data.ends_on, budget=data.budget, partners=data.partners.strip(),
        created_by_id=actor.id,
    )
    replication.lead_rows = [ReplicationLead(user_id=actor.id)] if rules.is_country_officer_of(actor, country.code) else []
    replication.indicators = [ReplicationIndicator(**i.model_dump()) for i in data.indicators]
    session.add(replication)
    session.flush()
    _record(session, replication, actor=actor, from_status="new", to_status=S.proposed.value, reason="")
    session.commit()
    return replication


def get_replication(session: Session, *, viewer: User | None, replication_id: int) -> Replication:
    if viewer is None:
        raise Unauthorized(_("Please sign in."))
    replication = session.get(Replication, replication_id)
    if replication is None:
        raise NotFound(_("No such replication"))
    return replication


def get_changeable(session: Session, *, actor: User, replication_id: int) -> Replication:
    """For changes, a replication the actor may not change looks missing (404)."""
    replication = get_replication(session, viewer=actor, replication_id=replication_id)
    if not can_change(actor, replication):
        raise NotFound(_("No such replication"))
    return replication


def update_replication(session: Session, *, actor: User, replication_id: int, data: ReplicationUpdate) -> Replication:
    replication = get_changeable(session, actor=actor, replication_id=replication_id)
    _claim_version(session, replication, data.expected_version)
    changes = data.model_dump(exclude_unset=True, exclude={"expected_version", "indicators"})
    for name, value in changes.items():
        setattr(replication, name, value.strip() if isinstance(value, str) else value)
    if replication.starts_on and replication.ends_on and replication.ends_on < replication.starts_on:
        session.rollback()
        raise ValidationFailed(_("The replication must end after it starts."), fields={"ends_on": _("before the start")})
    for item in data.indicators or []:
        replication.indicators.append(ReplicationIndicator(**item.model_dump()))
    session.add(replication)
    session.commit()
    return replication


def change_status(session: Session, *, actor: User, replication_id: int, to: ReplicationStatus,
                  expected_version: int, reason: str = "") -> Replication:
    """proposed → planned → in_progress → completed, or discontinued (with a reason) from any open status."""
    replication = get_changeable(session, actor=actor, replication_id=replication_id)
    if replication.version != expected_version:
        raise Conflict(_("The replication changed meanwhile. Reload and retry."), current_version=replication.version)
    allowed = (NEXT.get(replication.status) == to) or (to == S.discontinued and replication.status in OPEN)
    if not allowed:
        # The statuses as the API writes them (the values a client sends).
        raise InvalidTransition(_("A replication that is %(status)s cannot become %(to)s.")
                                % {"status": replication.status.value, "to": to.value})
    if to == S.discontinued and not reason.strip():
        raise ValidationFailed(_("Say why the replication is discontinued."), fields={"reason": _("This field is required.")})
    from_status = replication.status.value
    _claim_version(session, replication, expected_version)
    replication.status = to
    if to == S.discontinued:
        replication.discontinued_reason = reason.strip()
    _record(session, replication, actor=actor, from_status=from_status, to_status=to.value, reason=reason.strip())
    audit.record(session, kind="replication_status", actor_id=actor.id, subject=f"replication:{replication.id}",
                 data={"from": from_status, "to": to.value})
    session.commit()
    return replication


def add_progress_update(session: Session, *, actor: User, replication_id: int, data: ProgressUpdateIn,
                        today: date | None = None) -> ProgressUpdate:
    """A dated narrative with a value per indicator; never dated in the future."""
    replication = get_changeable(session, actor=actor, replication_id=replication_id)
    if data.happened_on > (today or date.today()):
        raise ValidationFailed(_("A progress update cannot be dated in the future."), fields={"happened_on": _("in the future")})
    known = {i.id for i in replication.indicators}
    unknown = sorted({v.indicator_id for v in data.values} - known)
    if unknown or len({v.indicator_id for v in data.values}) != len(data.values):
        raise ValidationFailed(_("Please check the values."),
                               fields={"values": _("unknown or repeated indicators %(ids)s") % {"ids": unknown}})
    progress = ProgressUpdate(replication_id=replication.id, note=data.note.strip(), happened_on=data.happened_on, author_id=actor.id)
    progress.values = [ProgressValue(indicator_id=v.indicator_id, value=v.value) for v in data.values]
    replication.updated_at = utcnow()
    session.add_all([progress, replication])
    session.commit()
    return progress


def _claim_version(session: Session, replication: Replication, expected: int) -> None:
    result = session.exec(update(Replication).where(Replication.id == replication.id, Replication.version == expected)
                          .values(version=Replication.version + 1, updated_at=utcnow()).execution_options(synchronize_session=False))
    if result.rowcount != 1:
        session.rollback()
        raise Conflict(_("The replication changed meanwhile. Reload and retry."))
    set_committed_value(replication, "version", expected + 1)


def _record(session: Session, replication: Replication, *, actor: User, from_status: str, to_status: str, reason: str) -> None:
    session.add(ReplicationTransition(replication_id=replication.id, from_status=from_status, to_status=to_status,
                                      actor_id=actor.id, reason=reason))
    session.flush()


def history(session: Session, *, viewer: User | None, replication_id: int) -> list[ReplicationTransition]:
    replication = get_replication(session, viewer=viewer, replication_id=replication_id)
    statement = select(ReplicationTransition).where(ReplicationTransition.replication_id == replication.id)
    return list(session.exec(statement.order_by(ReplicationTransition.id)))
