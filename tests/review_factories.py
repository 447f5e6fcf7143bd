"""Factories for reviews: assignments and submitted reviews on the seeded default rubrics."""

from sqlmodel import Session

from app.models.accounts import User
from app.models.ideas import Idea
from app.models.review_schemas import ReviewIn
from app.models.reviews import Assignment, Recommendation, Review
from app.services import reviews
from app.services.rubrics import current_rubric


def make_assignment(session: Session, *, idea: Idea, reviewer: User, by: User) -> Assignment:
    assignment = Assignment(idea_id=idea.id, reviewer_id=reviewer.id, stage=idea.stage, created_by_id=by.id)
    session.add(assignment)
    session.commit()
    return assignment


def give_review(session: Session, *, idea: Idea, reviewer: User, by: User, score: int, **fields) -> Review:
    """An assignment and a submitted review scoring every criterion `score`, through the service."""
    assignment = make_assignment(session, idea=idea, reviewer=reviewer, by=by)
    rubric = current_rubric(session, stage=idea.stage)
    data = ReviewIn(scores={c.id: score for c in rubric.criteria}, recommendation=fields.pop("recommendation", Recommendation.advance),
                    comment_to_submitter=fields.pop("comment_to_submitter", f"Comment {score}"),
                    confidential_comment=fields.pop("confidential_comment", f"Secret {score}"))
    return reviews.submit_review(session, actor=reviewer, assignment_id=assignment.id, data=data)
