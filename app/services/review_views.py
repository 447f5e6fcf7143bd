"""What the reviewer pages show: a reviewer's assignments, the scoring page of one assignment,
and reviews laid out per criterion. Read-only: the actions are in assignments and reviews.

Blind review is kept by the services these views call: ideas.present_idea hides who submitted
an idea, reviews.reviews_for_idea leaves out what the viewer may not see of each review.
"""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlmodel import Session, select

from app.errors import Forbidden
from app.i18n import N_, _
from app.models.accounts import User
from app.models.base import utcnow
from app.models.idea_schemas import IdeaPublic
from app.models.ideas import STAGE_ORDER, Idea, Stage, Status
from app.models.review_schemas import ReviewView, ScorePublic
from app.models.reviews import OPEN_ASSIGNMENT, Assignment, AssignmentStatus, Recommendation, Review, Rubric, RubricCriterion
from app.services import assignments, ideas, reference, reviews, rules

LEVELS = (1, 2, 3, 4, 5)
RECOMMENDATIONS = (
    (Recommendation.advance.value, N_("Advance to the next stage")),
    (Recommendation.revise.value, N_("Revise and resubmit")),
    (Recommendation.reject.value, N_("Reject")),
)
MISSING_SCORE = N_("Choose a score from 1 to 5.")


def recommendation_choices() -> tuple[tuple[str, str], ...]:
    """The recommendations of the scoring form, (value, text) in the reader's language."""
    return tuple((value, _(text)) for value, text in RECOMMENDATIONS)


def is_overdue(assignment: Assignment, today: date) -> bool:
    return assignment.status in OPEN_ASSIGNMENT and assignment.due_on is not None and assignment.due_on < today


def user_names(session: Session, user_ids: set[int]) -> dict[int, str]:
    if not user_ids:
        return {}
    return dict(session.exec(select(User.id, User.name).where(User.id.in_(user_ids))).all())


# ---- /reviews: the assignments ----

@dataclass(frozen=True)
class AssignmentRow:
    assignment: Assignment
    idea_title: str
    reviewer_name: str | None  # lab managers see whose assignment it is
    overdue: bool
    can_respond: bool
    can_score: bool

    @property
    def is_open(self) -> bool:
        return self.assignment.status in OPEN_ASSIGNMENT


def assignment_rows(session: Session, *, viewer: User, today: date | None = None) -> list[AssignmentRow]:
    """The viewer's assignments (every one, for a lab manager), open ones first by due date."""
    rows = assignments.list_assignments(session, actor=viewer)
    found = list(session.exec(select(Idea).where(Idea.id.in_({a.idea_id for a in rows})))) if rows else []
    shown = {idea.id: idea for idea in ideas.present_ideas(session, found, viewer=viewer)}
    names = user_names(session, {a.reviewer_id for a in rows}) if rules.is_lab_manager(viewer) else {}
    today = today or utcnow().date()
    return [AssignmentRow(a, shown[a.idea_id].title, names.get(a.reviewer_id), is_overdue(a, today),
                          rules.can_respond_to_assignment(viewer, a), rules.can_write_review(viewer, a)) for a in rows]


# ---- reviews as the viewer may see them ----

@dataclass(frozen=True)
class ScoreLine:
    criterion: str
    score: int


@dataclass(frozen=True)
class ReviewCard:
    """One review as the viewer may see it; `lines` is None when its scores are hidden."""

    view: ReviewView
    lines: list[ScoreLine] | None


def review_cards(session: Session, views: list[ReviewView]) -> list[ReviewCard]:
    names = _criteria(session, {cid for v in views for cid in (v.scores or {})})
    cards = []
    for view in views:
        lines = None
        if view.scores is not None:
            ordered = sorted(view.scores, key=lambda cid: (names[cid].position, cid) if cid in names else (99, cid))
            lines = [ScoreLine(names[cid].name if cid in names else _("Criterion %(id)s") % {"id": cid}, view.scores[cid])
                     for cid in ordered]
        cards.append(ReviewCard(view, lines))
    return cards


def _criteria(session: Session, ids: set[int]) -> dict[int, RubricCriterion]:
    if not ids:
        return {}
    return {c.id: c for c in session.exec(select(RubricCriterion).where(RubricCriterion.id.in_(ids)))}


@dataclass(frozen=True)
class CriterionRow:
    name: str
    scores: list[int | None]  # one per review of the table, None where that review has no such criterion


@dataclass(frozen=True)
class ReviewTable:
    """The reviews of one stage side by side: a column per review, a row per criterion."""

    stage: Stage
    reviews: list[ReviewView]
    rows: list[CriterionRow]


def review_tables(session: Session, views: list[ReviewView]) -> list[ReviewTable]:
    """Reviews grouped by stage, in stage order. Rubric versions may differ between reviews:
    criteria of the same name share a row."""
    criteria = _criteria(session, {cid for v in views for cid in (v.scores or {})})
    tables = []
    for stage in STAGE_ORDER:
        at_stage = [v for v in views if v.stage == stage]
        if not at_stage:
            continue
        used = sorted({cid for v in at_stage for cid in (v.scores or {}) if cid in criteria},
                      key=lambda cid: (criteria[cid].position, cid))
        names = list(dict.fromkeys(criteria[cid].name for cid in used))
        by_name = [{criteria[cid].name: score for cid, score in (v.scores or {}).items() if cid in criteria} for v in at_stage]
        rows = [CriterionRow(name, [scores.get(name) for scores in by_name]) for name in names]
        tables.append(ReviewTable(stage, at_stage, rows))
    return tables


# ---- /reviews/{assignment_id}: the scoring page ----

@dataclass(frozen=True)
class RubricRow:
    criterion: RubricCriterion
    levels: list[tuple[int, str]]  # (score, descriptor)
    chosen: int | None
    error: str | None


@dataclass
class ScoringPage:
    assignment: Assignment
    reviewer_name: str
    overdue: bool
    can_respond: bool
    idea: IdeaPublic | None = None  # None: a declined assignment no longer shows the idea
    country_name: str = ""
    theme_names: list[str] = field(default_factory=list)
    rubric: Rubric | None = None
    rows: list[RubricRow] = field(default_factory=list)
    form: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)
    own: ReviewCard | None = None
    others: list[ReviewCard] = field(default_factory=list)
    score: ScorePublic | None = None
    can_score: bool = False
    can_reopen: bool = False
    recommendations: tuple = field(default_factory=recommendation_choices)


def scoring_page(session: Session, *, viewer: User, assignment_id: int, form: dict | None = None,
                 errors: dict[str, str] | None = None) -> ScoringPage:
    """One assignment: the idea as blind review shows it, the rubric form while the review is open,
    the review once given, and the other reviews as far as the viewer may see them."""
    assignment = assignments.get_own_assignment(session, actor=viewer, assignment_id=assignment_id)
    page = ScoringPage(assignment=assignment, reviewer_name=user_names(session, {assignment.reviewer_id})[assignment.reviewer_id],
                       overdue=is_overdue(assignment, utcnow().date()),
                       can_respond=rules.can_respond_to_assignment(viewer, assignment))
    if assignment.status == AssignmentStatus.declined and not rules.is_lab_manager(viewer):
        return page
    page.idea = ideas.read_idea(session, idea_id=assignment.idea_id, viewer=viewer)
    page.country_name = reference.country_names(session, [page.idea.origin_country]).get(page.idea.origin_country, "")
    themes = reference.theme_names(session)
    page.theme_names = [themes.get(code, code) for code in page.idea.themes]
    page.rubric = reviews.rubric_for(session, assignment=assignment)
    review = session.exec(select(Review).where(Review.assignment_id == assignment.id)).first()
    views = [v for v in reviews.reviews_for_idea(session, viewer=viewer, idea_id=page.idea.id) if v.stage == assignment.stage]
    cards = review_cards(session, views)
    page.own = next((c for c in cards if review is not None and c.view.id == review.id), None)
    page.others = [c for c in cards if c is not page.own]
    page.can_score = (rules.can_write_review(viewer, assignment) and page.idea.status == Status.active
                      and page.idea.stage == assignment.stage)
    page.can_reopen = rules.is_lab_manager(viewer) and review is not None and review.submitted
    page.form = form if form is not None else _prefill(page.own)
    page.errors = errors or {}
    page.rows = _rubric_rows(page.rubric, page.form.get("scores", {}), show_missing=bool(errors))
    page.score = _score(session, viewer, page.idea.id)
    return page


def _prefill(own: ReviewCard | None) -> dict[str, Any]:
    """A reopened review's form starts from what its reviewer gave."""
    if own is None or own.view.scores is None:
        return {"scores": {}, "recommendation": "", "comment_to_submitter": "", "confidential_comment": ""}
    return {"scores": dict(own.view.scores), "recommendation": own.view.recommendation.value,
            "comment_to_submitter": own.view.comment_to_submitter, "confidential_comment": own.view.confidential_comment or ""}


def _rubric_rows(rubric: Rubric, chosen: dict, *, show_missing: bool) -> list[RubricRow]:
    rows = []
    for criterion in rubric.criteria:
        value = chosen.get(criterion.id)
        value = value if value in LEVELS else None
        rows.append(RubricRow(criterion, [(n, criterion.levels.get(str(n), "")) for n in LEVELS], value,
                              _(MISSING_SCORE) if show_missing and value is None else None))
    return rows


def _score(session: Session, viewer: User, idea_id: int) -> ScorePublic | None:
    try:
        return reviews.idea_score(session, viewer=viewer, idea_id=idea_id)
    except Forbidden:  # scores wait until the viewer has given their own review
        return None
