"""The one place that changes an idea's stage and status.

Every change goes through `change_stage`: visibility (404), who may (403), the version the
request was made against (409), whether the move exists from here (422), the gate (422 with
every unmet condition), then the change and its transition record in one transaction.
"""

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value
from sqlmodel import Session, select

from app.errors import (
    Conflict,
    Forbidden,
    GateNotMet,
    InvalidTransition,
    ValidationFailed,
)
from app.i18n import N_, _, use_locale
from app.labels import sentence_name
from app.metrics import GATE_DECISIONS
from app.models.accounts import User
from app.models.base import utcnow
from app.models.ideas import STAGE_ORDER, Idea, Stage, Status, Transition
from app.services import audit, notifications, rules
from app.services.gates import gate_conditions
from app.services.idea_access import get_visible_idea


@dataclass(frozen=True)
class Move:
    """One kind of change, who may make it and from where."""

    kind: str
    actor_may: Callable[[User | None, Idea], bool]
    from_statuses: frozenset[Status]
    stages: frozenset[Stage]
    needs_reason: bool = False


def _manager(user: User | None, _idea: Idea) -> bool:
    return rules.is_lab_manager(user)


BEFORE_LAST = frozenset(STAGE_ORDER[:-1])
MOVES = {
    "submit": Move("submit", rules.is_owner, frozenset({Status.draft}), frozenset({Stage.submit})),
    "advance": Move("advance", _manager, frozenset({Status.active}), BEFORE_LAST),
    "reject": Move("reject", _manager, frozenset({Status.active}), frozenset(STAGE_ORDER), needs_reason=True),
    "withdraw": Move("withdraw", rules.is_owner, frozenset({Status.draft, Status.active}), BEFORE_LAST),
}
TARGET_STATUS = {"active": "submit", "rejected": "reject", "withdrawn": "withdraw"}
MAY_NOT = {"submit": N_("You may not submit this idea."), "advance": N_("You may not advance this idea."),
           "reject": N_("You may not reject this idea."), "withdraw": N_("You may not withdraw this idea.")}


def state_name(value: str) -> str:
    """A stage or status value as a sentence names it ("incubate", "rejected")."""
    return sentence_name(value, Stage, Status)


def move_for(target: str) -> Move:
    """The move a transition request names: a stage means advance, a status its own move."""
    if target in Stage._value2member_map_:
        return MOVES["advance"]
    if target in TARGET_STATUS:
        return MOVES[TARGET_STATUS[target]]
    allowed = ", ".join([s.value for s in Stage] + list(TARGET_STATUS))
    raise ValidationFailed(_("Unknown target %(target)s; use one of %(allowed)s.") % {"target": repr(target), "allowed": allowed},
                           fields={"to": _("unknown target")})


def move_possible(move: Move, idea: Idea, target: str) -> bool:
    if idea.status not in move.from_statuses or idea.stage not in move.stages:
        return False
    return move.kind != "advance" or idea.stage.next == Stage(target)


def available_moves(user: User | None, idea: Idea) -> list[str]:
    """The targets this user may request now (the gate may still refuse an advance)."""
    targets = ([idea.stage.next.value] if idea.stage.next else []) + list(TARGET_STATUS)
    return [t for t in targets if (m := move_for(t)).actor_may(user, idea) and move_possible(m, idea, t)]


def check_version(idea: Idea, expected_version: int) -> None:
    if idea.version != expected_version:
        raise Conflict(_("The idea changed meanwhile (version %(current)s, you had %(expected)s). Reload and retry.")
                       % {"current": idea.version, "expected": expected_version}, current_version=idea.version)


def claim_version(session: Session, idea: Idea, expected_version: int) -> None:
    """Bump the version only if it is still the expected one; the database decides the race."""
    result = session.exec(
        update(Idea).where(Idea.id == idea.id, Idea.version == expected_version)
        .values(version=Idea.version + 1, updated_at=utcnow()).execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        session.rollback()
        raise Conflict(_("The idea changed meanwhile. Reload and retry."))
    set_committed_value(idea, "version", expected_version + 1)


def change_stage(
    session: Session, *, idea_id: int, actor: User, to: str, expected_version: int, reason: str = "", override: bool = False
) -> Idea:
    """Move an idea one step forward, or set its status, under the gates and the version check."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=actor)
    move = move_for(to)
    if not move.actor_may(actor, idea):
        raise Forbidden(_(MAY_NOT[move.kind]))
    check_version(idea, expected_version)
    if not move_possible(move, idea, to):
        raise InvalidTransition(_("An idea at %(stage)s (%(status)s) cannot move to %(target)s.") % {
            "stage": state_name(idea.stage.value), "status": state_name(idea.status.value), "target": state_name(to)})
    reason = reason.strip()
    if move.needs_reason and not reason:
        raise ValidationFailed(_("A reason is required."), fields={"reason": _("Give a reason.")})
    overridden = _check_gate(session, idea, override=override, reason=reason) if move.kind == "advance" else False
    from_state = idea.stage.value if move.kind == "advance" else idea.status.value
    claim_version(session, idea, expected_version)
    if move.kind == "advance":
        idea.stage = Stage(to)
    else:
        idea.status = Status(to)
    record_transition(session, idea=idea, actor=actor, from_state=from_state, to_state=to, reason=reason, override=overridden)
    _tell_authors(session, idea, actor=actor, to=to, reason=reason)
    audit.record(session, kind="transition", actor_id=actor.id, subject=f"idea:{idea.id}",
                 data={"from": from_state, "to": to, "override": overridden, "reason": reason})
    session.commit()
    return idea


def _tell_authors(session: Session, idea: Idea, *, actor: User, to: str, reason: str) -> None:
    """Submitter and co-authors hear of every stage change and decision (not of their own acts)."""
    if rules.is_owner(actor, idea):
        return
    owner = session.get(User, idea.owner_id)
    with use_locale(owner.interface_language if owner else None):  # written in the submitter's language
        values = {"title": idea.title, "state": state_name(to), "reason": reason}
        if to in Stage._value2member_map_:
            subject = _("Your idea moved to the %(state)s stage") % values
            body = _("“%(title)s” moved to the %(state)s stage.") % values
        else:
            subject = _("Decision on your idea: %(state)s") % values
            body = (_("“%(title)s” was %(state)s. Reason: %(reason)s") if reason else _("“%(title)s” was %(state)s.")) % values
        notifications.notify(session, users=[owner], kind="stage_change", subject=subject, body=body,
                             link=f"/ideas/{idea.id}", extra_addresses=idea.coauthors)


def _check_gate(session: Session, idea: Idea, *, override: bool, reason: str) -> bool:
    """True when a lab manager overrides unmet review conditions; raises when the gate holds."""
    unmet = [c for c in gate_conditions(session, idea) if not c.met]
    if not unmet:
        GATE_DECISIONS.labels(idea.stage.value, "met").inc()
        return False
    if override and all(c.overridable for c in unmet):
        if not reason:
            raise ValidationFailed(_("An override needs a written reason."), fields={"reason": _("Explain the override.")})
        GATE_DECISIONS.labels(idea.stage.value, "overridden").inc()
        return True
    GATE_DECISIONS.labels(idea.stage.value, "refused").inc()
    raise GateNotMet(
        _("The gate to the next stage is not met: %(conditions)s.") % {"conditions": "; ".join(c.detail for c in unmet)},
        unmet=[c.as_dict() for c in unmet],
    )


def activate_new_idea(session: Session, *, idea: Idea, actor: User) -> None:
    """An idea submitted as it is created: its first transition, draft to active."""
    idea.status = Status.active
    record_transition(session, idea=idea, actor=actor, from_state=Status.draft.value, to_state=Status.active.value)


def record_transition(
    session: Session, *, idea: Idea, actor: User, from_state: str, to_state: str, reason: str = "", override: bool = False
) -> Transition:
    transition = Transition(
        idea_id=idea.id, from_state=from_state, to_state=to_state, stage=idea.stage,
        actor_id=actor.id, reason=reason, override=override,
    )
    session.add(transition)
    session.flush()
    return transition


def history(session: Session, *, idea: Idea) -> list[Transition]:
    statement = select(Transition).where(Transition.idea_id == idea.id).order_by(Transition.at, Transition.id)
    return list(session.exec(statement))


def idea_history(session: Session, *, idea_id: int, viewer: User | None) -> list[Transition]:
    return history(session, idea=get_visible_idea(session, idea_id=idea_id, viewer=viewer))


def idea_gate(session: Session, *, idea_id: int, viewer: User | None) -> list:
    """The gate as the viewer may see it: review figures only for lab managers."""
    conditions = gate_conditions(session, get_visible_idea(session, idea_id=idea_id, viewer=viewer))
    return conditions if rules.is_lab_manager(viewer) else [c.without_figures() for c in conditions]
