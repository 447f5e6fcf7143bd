"""What the lab manager's decision pages show: one idea with every review side by side, its
figures, gate and assignments, and the outcome of an automatic assignment run.
Read-only: the actions are in stages, ideas and assignments."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from app.errors import Forbidden, ValidationFailed
from app.i18n import _, format_number
from app.models.accounts import User
from app.models.base import utcnow
from app.models.ideas import Idea, Stage, Status
from app.models.review_schemas import ConflictCheck, ScorePublic
from app.models.reviews import Assignment, AssignmentStatus
from app.services import assignments, idea_views, reviews, rules
from app.services.assignment import AUTOMATIC, rationale_reasons
from app.services.idea_views import IdeaView
from app.services.review_views import ReviewTable, is_overdue, review_tables, user_names
from app.services.reviewer_facts import active_reviewers, open_loads
from app.services.rubrics import current_rubric

MAX_UNCOVERED_SHOWN = 500


@dataclass(frozen=True)
class AssignmentLine:
    assignment: Assignment
    reviewer_name: str
    overdue: bool


@dataclass(frozen=True)
class ReviewerChoice:
    id: int
    name: str
    label: str  # the name and what helps to choose: organisation, country, open load


@dataclass
class DecisionView:
    page: IdeaView
    tables: list[ReviewTable]
    score: ScorePublic
    assignments: list[AssignmentLine]
    reviewers: list[ReviewerChoice]
    can_assign: bool
    check: ConflictCheck | None = None
    check_name: str = ""
    check_error: str = ""
    form: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)


def decision_view(session: Session, *, viewer: User, idea_id: int, check_reviewer_id: int | None = None,
                  form: dict | None = None, errors: dict | None = None, reasons: list[str] | None = None) -> DecisionView:
    """Everything a lab manager weighs before deciding on an idea, with names (no blind review here)."""
    if not rules.is_lab_manager(viewer):
        raise Forbidden(_("The decision view is for lab managers."))
    page = idea_views.idea_view(session, idea_id=idea_id, viewer=viewer)
    tables = review_tables(session, reviews.reviews_for_idea(session, viewer=viewer, idea_id=idea_id))
    rows = list(session.exec(select(Assignment).where(Assignment.idea_id == idea_id).order_by(Assignment.id)))
    choices = _reviewer_choices(session, assigned={a.reviewer_id for a in rows if a.stage == page.idea.stage})
    names = user_names(session, {a.reviewer_id for a in rows})
    today = utcnow().date()
    view = DecisionView(
        page=page, tables=tables, score=reviews.idea_score(session, viewer=viewer, idea_id=idea_id),
        assignments=[AssignmentLine(a, names[a.reviewer_id], is_overdue(a, today)) for a in rows],
        reviewers=choices,
        can_assign=page.idea.status == Status.active and current_rubric(session, stage=page.idea.stage) is not None,
        form=form or {"reviewer_id": str(check_reviewer_id or ""), "due_on": ""}, errors=errors or {}, reasons=reasons or [],
    )
    if check_reviewer_id is not None:
        _check(session, view, viewer=viewer, idea_id=idea_id, reviewer_id=check_reviewer_id)
    return view


def _check(session: Session, view: DecisionView, *, viewer: User, idea_id: int, reviewer_id: int) -> None:
    try:
        view.check = assignments.check_conflict(session, actor=viewer, reviewer_id=reviewer_id, idea_id=idea_id)
    except ValidationFailed as exc:
        view.check_error = exc.detail
        return
    view.check_name = next((c.name for c in view.reviewers if c.id == reviewer_id), "")


def _reviewer_choices(session: Session, *, assigned: set[int]) -> list[ReviewerChoice]:
    """Active reviewers, with what helps to choose: organisation, country, open load."""
    loads = open_loads(session)
    choices = []
    for reviewer in sorted(active_reviewers(session), key=lambda u: (u.name.casefold(), u.id)):
        parts = [reviewer.name, reviewer.organisation, reviewer.country_code or "",
                 _("%(num)s open") % {"num": format_number(loads.get(reviewer.id, 0))},
                 _("already assigned") if reviewer.id in assigned else ""]
        choices.append(ReviewerChoice(reviewer.id, reviewer.name, " · ".join(p for p in parts if p)))
    return choices


# ---- the outcome of an automatic assignment run ----

@dataclass(frozen=True)
class PairingLine:
    idea_id: int
    idea_title: str
    reviewer_name: str
    reasons: list[str]
    due_on: date | None


@dataclass(frozen=True)
class UncoveredLine:
    idea_id: int
    idea_title: str
    missing: int


@dataclass(frozen=True)
class AutoAssignReport:
    stage: Stage
    per_idea: int
    pairings: list[PairingLine]
    uncovered: list[UncoveredLine]
    uncovered_total: int


def auto_assign_report(session: Session, *, viewer: User, stage: Stage, first_id: int, last_id: int,
                       per_idea: int) -> AutoAssignReport:
    """The pairings of one automatic run (the viewer's automatic assignments with ids first_id..last_id),
    each with its reasons, and the ideas at the stage that still lack reviewers."""
    if not rules.is_lab_manager(viewer):
        raise Forbidden(_("Automatic assignment is for lab managers."))
    made = list(session.exec(select(Assignment).where(
        Assignment.stage == stage, Assignment.id >= first_id, Assignment.id <= last_id,
        Assignment.created_by_id == viewer.id, Assignment.rationale.startswith(AUTOMATIC),
    ).order_by(Assignment.idea_id, Assignment.id)))
    titles = dict(session.exec(select(Idea.id, Idea.title).where(Idea.id.in_({a.idea_id for a in made}))).all()) if made else {}
    names = user_names(session, {a.reviewer_id for a in made})
    pairings = [PairingLine(a.idea_id, titles[a.idea_id], names[a.reviewer_id], rationale_reasons(a.rationale), a.due_on) for a in made]
    uncovered = _uncovered(session, stage=stage, per_idea=per_idea)
    return AutoAssignReport(stage, per_idea, pairings, uncovered[:MAX_UNCOVERED_SHOWN], len(uncovered))


def _uncovered(session: Session, *, stage: Stage, per_idea: int) -> list[UncoveredLine]:
    """Active ideas at the stage with fewer than `per_idea` live (not declined) assignments."""
    live = dict(session.exec(select(Assignment.idea_id, func.count()).where(
        Assignment.stage == stage, Assignment.status != AssignmentStatus.declined).group_by(Assignment.idea_id)).all())
    at_stage = session.exec(select(Idea.id, Idea.title).where(Idea.stage == stage, Idea.status == Status.active)
                            .order_by(Idea.id)).all()
    return [UncoveredLine(idea_id, title, per_idea - live.get(idea_id, 0))
            for idea_id, title in at_stage if live.get(idea_id, 0) < per_idea]
