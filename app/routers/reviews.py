"""The reviews API: rubrics, conflicts, assignments, reviews and scores."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.deps import CurrentUser, OptionalUser, SessionDep, require_role
from app.models.accounts import Role, User
from app.models.ideas import Stage
from app.models.review_schemas import (
    AssignmentIn, AssignmentPage, AssignmentPublic, AutoAssignIn, AutoAssignResult, ConflictCheck, DeclineIn,
    ReviewIn, ReviewPage, RubricIn, RubricPublic, ScorePublic,
)
from app.routers.responses import errors
from app.services import assignments, reviews, rubrics

router = APIRouter(prefix="/api/v1", tags=["reviews"])
LabManager = require_role(Role.lab_manager)


@router.get("/rubrics", response_model=list[RubricPublic])
def list_rubrics(session: SessionDep):
    return rubrics.list_rubrics(session)


@router.put("/rubrics/{stage}", response_model=RubricPublic, responses=errors(401, 403, 422))
def save_rubric(stage: Stage, data: RubricIn, session: SessionDep, user: User = LabManager):
    return rubrics.save_rubric(session, actor=user, stage=stage, data=data)


@router.get("/conflicts", response_model=ConflictCheck, responses=errors(401, 403, 404, 422))
def check_conflict(reviewer_id: int, idea_id: int, session: SessionDep, user: User = LabManager):
    return assignments.check_conflict(session, actor=user, reviewer_id=reviewer_id, idea_id=idea_id)


@router.post("/ideas/{idea_id}/assignments", response_model=AssignmentPublic, status_code=status.HTTP_201_CREATED,
             responses=errors(401, 403, 404, 409, 422))
def assign(idea_id: int, data: AssignmentIn, session: SessionDep, user: User = LabManager):
    return assignments.assign_reviewer(session, actor=user, idea_id=idea_id, reviewer_id=data.reviewer_id, due_on=data.due_on)


@router.post("/assignments/auto", response_model=AutoAssignResult, responses=errors(401, 403, 404, 422))
def auto_assign(data: AutoAssignIn, session: SessionDep, user: User = LabManager):
    return assignments.auto_assign(session, actor=user, stage=data.stage, per_idea=data.reviewers_per_idea, due_on=data.due_on)


@router.get("/assignments", response_model=AssignmentPage, responses=errors(401))
def list_assignments(session: SessionDep, user: CurrentUser, limit: Annotated[int, Query(ge=1, le=200)] = 200):
    return AssignmentPage(items=assignments.list_assignments(session, actor=user, limit=limit), next_cursor=None)


@router.post("/assignments/{assignment_id}/accept", response_model=AssignmentPublic, responses=errors(401, 404, 409))
def accept(assignment_id: int, session: SessionDep, user: CurrentUser):
    return assignments.respond(session, actor=user, assignment_id=assignment_id, accept=True)


@router.post("/assignments/{assignment_id}/decline", response_model=AssignmentPublic, responses=errors(401, 404, 409, 422))
def decline(assignment_id: int, data: DeclineIn, session: SessionDep, user: CurrentUser):
    return assignments.respond(session, actor=user, assignment_id=assignment_id, accept=False, reason=data.reason)


@router.post("/assignments/{assignment_id}/review", status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 404, 409, 422))
def submit_review(assignment_id: int, data: ReviewIn, session: SessionDep, user: CurrentUser) -> dict:
    review = reviews.submit_review(session, actor=user, assignment_id=assignment_id, data=data)
    return {"id": review.id, "assignment_id": review.assignment_id, "idea_id": review.idea_id, "total": review.total,
            "recommendation": review.recommendation.value, "submitted": review.submitted}


@router.post("/reviews/{review_id}/reopen", responses=errors(401, 403, 404, 409))
def reopen(review_id: int, session: SessionDep, user: User = LabManager) -> dict:
    review = reviews.reopen_review(session, actor=user, review_id=review_id)
    return {"id": review.id, "submitted": review.submitted}


@router.get("/ideas/{idea_id}/reviews", response_model=ReviewPage, responses=errors(401, 404))
def idea_reviews(idea_id: int, session: SessionDep, viewer: OptionalUser):
    return ReviewPage(items=reviews.reviews_for_idea(session, viewer=viewer, idea_id=idea_id))


@router.get("/ideas/{idea_id}/score", response_model=ScorePublic, responses=errors(401, 403, 404))
def idea_score(idea_id: int, session: SessionDep, viewer: CurrentUser):
    return reviews.idea_score(session, viewer=viewer, idea_id=idea_id)
