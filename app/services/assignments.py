"""Reviewer assignments: the conflict check, assigning by hand and automatically,
accepting and declining."""

from datetime import date

from sqlmodel import Session, select

from app.config import settings
from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.i18n import _, format_date, use_locale
from app.labels import label
from app.models.accounts import Role, User
from app.models.base import utcnow
from app.models.ideas import Idea, Stage, Status
from app.models.review_schemas import AutoAssignResult, AutoPairing, ConflictCheck, Uncovered
from app.models.reviews import OPEN_ASSIGNMENT, Assignment, AssignmentStatus
from app.services import notifications, rules
from app.services.assignment import IdeaNeed, ReviewerOffer, automatic_rationale, plan_assignments, reason_text
from app.services.conflicts import conflict_reasons, conflicted_pairs
from app.services.idea_access import get_visible_idea
from app.services.reviewer_facts import (
    active_reviewers, country_languages, expertise_of, idea_facts, open_loads, reviewer_facts,
)
from app.services.rubrics import require_rubric


def check_conflict(session: Session, *, actor: User, reviewer_id: int, idea_id: int) -> ConflictCheck:
    """The conflict check on its own, so a manager can test a pair before assigning."""
    if not rules.is_lab_manager(actor):
        raise Forbidden(_("Only lab managers check conflicts."))
    idea = get_visible_idea(session, idea_id=idea_id, viewer=actor)
    reviewer = _reviewer(session, reviewer_id)
    reasons = _reasons(session, reviewer, idea)
    return ConflictCheck(reviewer_id=reviewer.id, idea_id=idea.id, conflicted=bool(reasons), reasons=reasons)


def assign_reviewer(session: Session, *, actor: User, idea_id: int, reviewer_id: int, due_on: date | None) -> Assignment:
    """A lab manager assigns a reviewer to an idea at its current stage; conflicts refuse it."""
    if not rules.is_lab_manager(actor):
        raise Forbidden(_("Only lab managers assign reviewers."))
    idea = get_visible_idea(session, idea_id=idea_id, viewer=actor)
    _check_reviewable(session, idea)
    reviewer = _reviewer(session, reviewer_id)
    if reasons := _reasons(session, reviewer, idea):
        raise Conflict(_("Conflict of interest: %(reasons)s") % {"reasons": " ".join(reasons)}, reasons=reasons)
    existing = session.exec(select(Assignment).where(
        Assignment.idea_id == idea.id, Assignment.reviewer_id == reviewer.id, Assignment.stage == idea.stage)).first()
    if existing is not None:
        raise Conflict(_("This reviewer already has an assignment for this idea at this stage."))
    assignment = _create(session, idea=idea, reviewer=reviewer, actor=actor, due_on=due_on, rationale="Assigned by a lab manager.")
    session.commit()
    return assignment


def auto_assign(session: Session, *, actor: User, stage: Stage, per_idea: int | None, due_on: date | None) -> AutoAssignResult:
    """Every active idea at `stage` gets up to k reviewers: best fit, no conflict, load caps held."""
    if not rules.is_lab_manager(actor):
        raise Forbidden(_("Only lab managers assign reviewers."))
    require_rubric(session, stage=stage)
    k = per_idea or settings.reviewers_per_idea
    ideas = list(session.exec(select(Idea).where(Idea.stage == stage, Idea.status == Status.active).order_by(Idea.id)))
    reviewers = active_reviewers(session)
    excluded, counts = _existing_pairs(session, stage, [i.id for i in ideas])
    excluded |= conflicted_pairs(reviewer_facts(session, reviewers), idea_facts(session, ideas),
                                 same_country_rule=settings.conflict_same_country)
    plan = plan_assignments(_needs(session, ideas, counts, k), _offers(session, reviewers), excluded=excluded)
    by_id = {i.id: i for i in ideas}
    people = {r.id: r for r in reviewers}
    assigned = []
    for pairing in plan.pairings:
        made = _create(session, idea=by_id[pairing.idea_id], reviewer=people[pairing.reviewer_id], actor=actor,
                       due_on=due_on, rationale=automatic_rationale(pairing.reasons))
        assigned.append(AutoPairing(assignment_id=made.id, idea_id=pairing.idea_id, reviewer_id=pairing.reviewer_id,
                                    fit=pairing.fit, reasons=[reason_text(r) for r in pairing.reasons]))
    session.commit()
    uncovered = [Uncovered(idea_id=i, missing=n) for i, n in sorted(plan.uncovered.items())]
    return AutoAssignResult(stage=stage, assigned=assigned, uncovered=uncovered)


def respond(session: Session, *, actor: User, assignment_id: int, accept: bool, reason: str = "") -> Assignment:
    """The reviewer accepts or declines (with a reason) a pending assignment."""
    assignment = get_own_assignment(session, actor=actor, assignment_id=assignment_id)
    if not rules.is_assigned_reviewer(actor, assignment):
        raise Forbidden(_("Only the assigned reviewer accepts or declines an assignment."))
    if assignment.status != AssignmentStatus.pending:
        raise Conflict(_("This assignment is %(status)s already.") % {"status": label(assignment.status).lower()})
    if not accept and not reason.strip():
        raise ValidationFailed(_("Say why you decline."), fields={"reason": _("This field is required.")})
    assignment.status = AssignmentStatus.accepted if accept else AssignmentStatus.declined
    assignment.decline_reason = "" if accept else reason.strip()
    session.add(assignment)
    session.commit()
    return assignment


def get_own_assignment(session: Session, *, actor: User, assignment_id: int) -> Assignment:
    """A reviewer's own assignment; anyone else's answers 404, like a missing one."""
    assignment = session.get(Assignment, assignment_id)
    if assignment is None or (assignment.reviewer_id != actor.id and not rules.is_lab_manager(actor)):
        raise NotFound(_("No such assignment"))
    return assignment


def list_assignments(session: Session, *, actor: User, limit: int = 200) -> list[Assignment]:
    """The caller's assignments (every assignment, for a lab manager): open ones by due date first."""
    statement = select(Assignment)
    if not rules.is_lab_manager(actor):
        statement = statement.where(Assignment.reviewer_id == actor.id)
    rows = list(session.exec(statement.order_by(Assignment.id.desc()).limit(limit)))
    return sorted(rows, key=lambda a: (a.status not in OPEN_ASSIGNMENT, a.due_on or date.max, a.id))


def _check_reviewable(session: Session, idea: Idea) -> None:
    if idea.status != Status.active:
        raise ValidationFailed(_("Only active ideas are reviewed."), fields={"idea_id": _("not active")})
    require_rubric(session, stage=idea.stage)


def _reviewer(session: Session, reviewer_id: int) -> User:
    reviewer = session.get(User, reviewer_id)
    if reviewer is None or not rules.has_role(reviewer, Role.reviewer):
        raise ValidationFailed(_("Choose an active reviewer."), fields={"reviewer_id": _("not an active reviewer")})
    return reviewer


def _reasons(session: Session, reviewer: User, idea: Idea) -> list[str]:
    """The conflict reasons of a pair, in the reader's language."""
    [reviewer_fact] = reviewer_facts(session, [reviewer])
    [idea_fact] = idea_facts(session, [idea])
    return [_(reason) for reason in conflict_reasons(reviewer_fact, idea_fact, same_country_rule=settings.conflict_same_country)]


def _create(session: Session, *, idea: Idea, reviewer: User, actor: User, due_on: date | None, rationale: str) -> Assignment:
    assignment = Assignment(idea_id=idea.id, reviewer_id=reviewer.id, stage=idea.stage, due_on=due_on,
                            rationale=rationale, created_by_id=actor.id)
    session.add(assignment)
    session.flush()
    with use_locale(reviewer.interface_language):
        stage = label(idea.stage).lower()
        body = (_("You are asked to review an idea at the %(stage)s stage, due %(date)s. Please accept or decline it.")
                % {"stage": stage, "date": format_date(due_on)} if due_on else
                _("You are asked to review an idea at the %(stage)s stage. Please accept or decline it.") % {"stage": stage})
        notifications.notify(
            session, users=[reviewer], kind="assignment", link=f"/reviews/{assignment.id}",
            subject=(_("New review assignment: %(title)s") % {"title": idea.title})[:200], body=body,
        )
    return assignment


def _existing_pairs(session: Session, stage: Stage, idea_ids: list[int]) -> tuple[set, dict[int, int]]:
    """Pairs already made at this stage (never again, declined or not), and live ones per idea."""
    excluded, counts = set(), {}
    if idea_ids:
        rows = session.exec(select(Assignment).where(Assignment.stage == stage, Assignment.idea_id.in_(idea_ids)))
        for row in rows:
            excluded.add((row.idea_id, row.reviewer_id))
            if row.status != AssignmentStatus.declined:
                counts[row.idea_id] = counts.get(row.idea_id, 0) + 1
    return excluded, counts


def _needs(session: Session, ideas: list[Idea], counts: dict[int, int], k: int) -> list[IdeaNeed]:
    languages = country_languages(session, {i.origin_country for i in ideas})
    return [IdeaNeed(id=i.id, themes=frozenset(i.themes), languages=languages.get(i.origin_country, frozenset()),
                     needed=max(0, k - counts.get(i.id, 0))) for i in ideas]


def _offers(session: Session, reviewers: list[User]) -> list[ReviewerOffer]:
    loads = open_loads(session)
    themes = expertise_of(session, [r.id for r in reviewers])
    return [ReviewerOffer(id=r.id, themes=themes[r.id], languages=frozenset(r.languages),
                          capacity=max(0, settings.reviewer_load_cap - loads.get(r.id, 0))) for r in reviewers]


def remind_overdue(session: Session, *, today: date) -> int:
    """One reminder per open assignment past its due date; returns how many were sent."""
    overdue = session.exec(select(Assignment).where(
        Assignment.status.in_(OPEN_ASSIGNMENT), Assignment.due_on < today, Assignment.reminded_at.is_(None))).all()
    reviewers = {u.id: u for u in session.exec(select(User).where(User.id.in_({a.reviewer_id for a in overdue})))} if overdue else {}
    for assignment in overdue:
        reviewer = reviewers[assignment.reviewer_id]
        with use_locale(reviewer.interface_language):
            notifications.notify(
                session, users=[reviewer], kind="reminder", link=f"/reviews/{assignment.id}",
                subject=_("Reminder: a review is overdue"),
                body=_("Your review was due on %(date)s. Please submit it or tell the lab.")
                % {"date": format_date(assignment.due_on)},
            )
        assignment.reminded_at = utcnow()
        session.add(assignment)
    session.commit()
    return len(overdue)
