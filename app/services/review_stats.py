"""The review figures of an idea at a stage: count, mean, calibrated mean and spread.

Read by the gates and by the score endpoint; a few aggregate queries whatever the number
of reviews in the lab.
"""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app.models.ideas import Stage
from app.models.reviews import Review
from app.services import scoring


@dataclass(frozen=True)
class ReviewStats:
    count: int
    mean: float | None
    calibrated_mean: float | None
    spread: float | None
    totals: tuple[float, ...] = ()


def review_stats(session: Session, *, idea_id: int, stage: Stage) -> ReviewStats:
    return review_stats_for(session, idea_ids=[idea_id], stage=stage)[idea_id]


def review_stats_for(session: Session, *, idea_ids: list[int], stage: Stage) -> dict[int, ReviewStats]:
    """The figures of many ideas at one stage, in three queries whatever their number."""
    if not idea_ids:
        return {}
    rows = session.exec(select(Review.idea_id, Review.reviewer_id, Review.total).where(
        Review.idea_id.in_(idea_ids), Review.stage == stage, Review.submitted.is_(True)).order_by(Review.id)).all()
    by_idea: dict[int, list[tuple[int, float]]] = {idea_id: [] for idea_id in idea_ids}
    for idea_id, reviewer_id, total in rows:
        by_idea[idea_id].append((reviewer_id, total))
    histories = reviewer_histories(session, {reviewer for _, reviewer, _ in rows}) if rows else {}
    lab = lab_summary(session) if rows else scoring.Summary(0, 0.0, 0.0)
    return {idea_id: _stats(reviews, histories, lab) for idea_id, reviews in by_idea.items()}


def _stats(reviews: list[tuple[int, float]], histories: dict[int, scoring.Summary], lab: scoring.Summary) -> ReviewStats:
    if not reviews:
        return ReviewStats(count=0, mean=None, calibrated_mean=None, spread=None)
    totals = tuple(total for _, total in reviews)
    calibrated = scoring.calibrated_mean([(total, histories[reviewer]) for reviewer, total in reviews], lab)
    return ReviewStats(count=len(totals), mean=scoring.mean(totals), calibrated_mean=calibrated,
                       spread=scoring.spread(totals), totals=totals)


def reviewer_histories(session: Session, reviewer_ids: set[int]) -> dict[int, scoring.Summary]:
    """Each reviewer's history of submitted totals, summarised by the database."""
    statement = (
        select(Review.reviewer_id, func.count(), func.sum(Review.total), func.sum(Review.total * Review.total))
        .where(Review.reviewer_id.in_(reviewer_ids), Review.submitted.is_(True)).group_by(Review.reviewer_id)
    )
    found = {rid: scoring.Summary.from_sums(n, s, sq) for rid, n, s, sq in session.exec(statement).all()}
    return {rid: found.get(rid, scoring.Summary(0, 0.0, 0.0)) for rid in reviewer_ids}


def lab_summary(session: Session) -> scoring.Summary:
    statement = select(func.count(), func.sum(Review.total), func.sum(Review.total * Review.total)).where(
        Review.submitted.is_(True))
    count, total, squares = session.exec(statement).one()
    return scoring.Summary.from_sums(count, total or 0.0, squares or 0.0)
