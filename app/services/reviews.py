"""Reviews: submitting one on the rubric, reopening it, and reading them as blind review allows."""

from sqlmodel import Session, select

from app.config import settings
from app.errors import Conflict, Forbidden, NotFound, ValidationFailed
from app.i18n import _
from app.labels import label
from app.models.accounts import User
from app.models.ideas import Idea, Status
from app.models.review_schemas import ReviewIn, ReviewView, ScorePublic
from app.models.base import utcnow
from app.models.reviews import Assignment, AssignmentStatus, Review, ReviewScore, Rubric
from app.services import audit, rules, scoring
from app.services.assignments import get_own_assignment
from app.services.idea_access import get_visible_idea
from app.services.review_stats import review_stats
from app.services.rubrics import require_rubric


def rubric_for(session: Session, *, assignment: Assignment) -> Rubric:
    """A reopened review keeps the rubric it was written on; a new one gets the current rubric."""
    review = session.exec(select(Review).where(Review.assignment_id == assignment.id)).first()
    return session.get(Rubric, review.rubric_id) if review else require_rubric(session, stage=assignment.stage)


def submit_review(session: Session, *, actor: User, assignment_id: int, data: ReviewIn) -> Review:
    """One score per criterion; submitting accepts a pending assignment; a submitted review is final
    until a lab manager reopens it."""
    assignment = get_own_assignment(session, actor=actor, assignment_id=assignment_id)
    if assignment.reviewer_id != actor.id:
        raise Forbidden(_("Only the assigned reviewer writes this review."))
    if assignment.status not in (AssignmentStatus.pending, AssignmentStatus.accepted):
        raise Conflict(_("This assignment is %(status)s; its review cannot be changed.")
                       % {"status": label(assignment.status).lower()})
    idea = session.get(Idea, assignment.idea_id)
    if idea.status != Status.active or idea.stage != assignment.stage:
        raise Conflict(_("The idea has moved on; this review can no longer be given."))
    rubric = rubric_for(session, assignment=assignment)
    weights = {c.id: c.weight for c in rubric.criteria}
    if set(data.scores) != set(weights) or any(not 1 <= s <= 5 for s in data.scores.values()):
        raise ValidationFailed(_("Give every criterion of the rubric a score from 1 to 5."),
                               fields={"scores": _("expected one score 1–5 for each of the criteria %(ids)s")
                                       % {"ids": sorted(weights)}})
    review = session.exec(select(Review).where(Review.assignment_id == assignment.id)).first() or Review(
        assignment_id=assignment.id, idea_id=idea.id, reviewer_id=actor.id, stage=assignment.stage,
        rubric_id=rubric.id, recommendation=data.recommendation, total=0)
    review.recommendation = data.recommendation
    review.comment_to_submitter = data.comment_to_submitter.strip()
    review.confidential_comment = data.confidential_comment.strip()
    review.total = scoring.review_total(data.scores, weights)
    review.scores = [ReviewScore(criterion_id=c, score=s) for c, s in sorted(data.scores.items())]
    review.submitted, review.submitted_at = True, utcnow()
    assignment.status = AssignmentStatus.submitted
    session.add_all([review, assignment])
    session.flush()
    audit.record(session, kind="review_submitted", actor_id=actor.id, subject=f"review:{review.id}",
                 data={"idea": idea.id, "stage": assignment.stage.value, "total": review.total})
    session.commit()
    return review


def reopen_review(session: Session, *, actor: User, review_id: int) -> Review:
    """A lab manager reopens a submitted review so that its reviewer can change it."""
    if not rules.is_lab_manager(actor):
        raise Forbidden(_("Only lab managers reopen reviews."))
    review = session.get(Review, review_id)
    if review is None:
        raise NotFound(_("No such review"))
    if not review.submitted:
        raise Conflict(_("This review is open already."))
    assignment = session.get(Assignment, review.assignment_id)
    review.submitted, review.reopened_at = False, utcnow()
    assignment.status = AssignmentStatus.accepted
    session.add_all([review, assignment])
    audit.record(session, kind="review_reopened", actor_id=actor.id, subject=f"review:{review.id}", data={"idea": review.idea_id})
    session.commit()
    return review


def _access(session: Session, *, viewer: User | None, idea: Idea) -> tuple[str, Assignment | None]:
    own = None
    if viewer is not None:
        own = session.exec(select(Assignment).where(Assignment.idea_id == idea.id, Assignment.reviewer_id == viewer.id,
                                                    Assignment.status != AssignmentStatus.declined)
                           .order_by(Assignment.id.desc())).first()
    submitted_own = own is not None and own.status == AssignmentStatus.submitted
    return rules.review_access(viewer, idea, assigned=own is not None, submitted_own=submitted_own), own


def reviews_for_idea(session: Session, *, viewer: User | None, idea_id: int) -> list[ReviewView]:
    """The idea's reviews with what blind review hides left out."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    access, _own = _access(session, viewer=viewer, idea=idea)
    if access == "none":
        return []
    reviews = list(session.exec(select(Review).where(Review.idea_id == idea.id).order_by(Review.id)))
    reviewer_ids = {r.reviewer_id for r in reviews}
    names = dict(session.exec(select(User.id, User.name).where(User.id.in_(reviewer_ids))).all()) if reviews else {}
    views = []
    for number, review in enumerate(reviews, start=1):
        mine = viewer is not None and review.reviewer_id == viewer.id
        if not review.submitted and not mine and access != "all":
            continue
        if access == "own" and not mine:
            continue
        views.append(_view(review, number, access="all" if mine else access, name=names.get(review.reviewer_id)))
    return views


def _view(review: Review, number: int, *, access: str, name: str | None) -> ReviewView:
    full, peer = access == "all", access in ("all", "peer")
    return ReviewView(
        id=review.id, stage=review.stage, label=_("Reviewer %(number)s") % {"number": number},
        reviewer_id=review.reviewer_id if full else None, reviewer_name=name if full else None,
        scores={s.criterion_id: s.score for s in review.scores} if peer else None,
        total=review.total if peer else None, recommendation=review.recommendation if peer else None,
        comment_to_submitter=review.comment_to_submitter, confidential_comment=review.confidential_comment if full else None,
        submitted=review.submitted, submitted_at=review.submitted_at,
    )


def idea_score(session: Session, *, viewer: User | None, idea_id: int) -> ScorePublic:
    """Mean, calibrated mean and spread at the idea's current stage, for those who may see scores."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    access, _own = _access(session, viewer=viewer, idea=idea)
    if not rules.can_see_score(access):
        raise Forbidden(_("Scores are shown to lab managers and to reviewers who have given their own review."))
    stats = review_stats(session, idea_id=idea.id, stage=idea.stage)
    return ScorePublic(stage=idea.stage, mean=stats.mean, calibrated_mean=stats.calibrated_mean, spread=stats.spread,
                       n_reviews=stats.count, flagged=scoring.flagged(stats.totals, settings.gate_evaluate_max_spread))
