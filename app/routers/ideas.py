"""The ideas API: list, create, read, edit, move through the stages, history, pilots."""

from typing import Annotated

from fastapi import APIRouter, Query, status

from app.deps import CurrentUser, OptionalUser, SessionDep, require_role
from app.models.accounts import Role, User
from app.models.idea_schemas import (
    HistoryEntry, IdeaCreate, IdeaPage, IdeaPublic, IdeaUpdate, PilotPlanIn, PilotPlanPublic, PilotReportIn,
    RevisionRequestIn, TransitionRequest,
)
from app.models.ideas import Stage, Status
from app.routers.responses import errors
from app.services import catalogue, ideas, pilots, stages

router = APIRouter(prefix="/api/v1", tags=["ideas"])
Submitter = require_role(Role.submitter)


@router.get("/ideas", response_model=IdeaPage, responses=errors(401, 422))
def list_ideas(
    session: SessionDep, viewer: OptionalUser,
    stage: Stage | None = None, status: Status | None = None,
    theme: Annotated[str | None, Query(max_length=40)] = None, country: Annotated[str | None, Query(max_length=3)] = None,
    region: Annotated[str | None, Query(max_length=60)] = None, sdg: Annotated[int | None, Query(ge=1, le=17)] = None,
    q: Annotated[str | None, Query(max_length=200, description="full-text search")] = None,
    language: Annotated[str | None, Query(max_length=8, description="the language ideas are written in (ISO 639)")] = None,
    cursor: Annotated[str | None, Query(max_length=40)] = None, limit: Annotated[int, Query(ge=1, le=100)] = 20,
):
    filters = catalogue.IdeaFilters(stage=stage, status=status, theme=theme, sdg=sdg, country=country, region=region, q=q,
                                    language=language)
    return catalogue.idea_page(session, viewer=viewer, filters=filters, cursor=cursor, limit=limit)


@router.post("/ideas", response_model=IdeaPublic, status_code=status.HTTP_201_CREATED, responses=errors(401, 403, 422))
def create_idea(data: IdeaCreate, session: SessionDep, user: User = Submitter):
    idea = ideas.create_idea(session, owner=user, data=data)
    return ideas.read_idea(session, idea_id=idea.id, viewer=user)


@router.get("/ideas/{idea_id}", response_model=IdeaPublic, responses=errors(401, 404))
def read_idea(idea_id: int, session: SessionDep, viewer: OptionalUser):
    return ideas.read_idea(session, idea_id=idea_id, viewer=viewer)


@router.patch("/ideas/{idea_id}", response_model=IdeaPublic, responses=errors(401, 403, 404, 409, 422))
def edit_idea(idea_id: int, data: IdeaUpdate, session: SessionDep, user: CurrentUser):
    ideas.update_idea(session, idea_id=idea_id, actor=user, data=data)
    return ideas.read_idea(session, idea_id=idea_id, viewer=user)


@router.post("/ideas/{idea_id}/transitions", response_model=IdeaPublic, responses=errors(401, 403, 404, 409, 422))
def transition(idea_id: int, data: TransitionRequest, session: SessionDep, user: CurrentUser):
    stages.change_stage(session, idea_id=idea_id, actor=user, to=data.to, expected_version=data.expected_version,
                        reason=data.reason, override=data.override)
    return ideas.read_idea(session, idea_id=idea_id, viewer=user)


@router.post("/ideas/{idea_id}/revision-requests", response_model=IdeaPublic, responses=errors(401, 403, 404, 409, 422))
def request_revision(idea_id: int, data: RevisionRequestIn, session: SessionDep, user: CurrentUser):
    ideas.request_revision(session, idea_id=idea_id, actor=user, expected_version=data.expected_version, message=data.message)
    return ideas.read_idea(session, idea_id=idea_id, viewer=user)


@router.get("/ideas/{idea_id}/history", response_model=list[HistoryEntry], responses=errors(401, 404))
def history(idea_id: int, session: SessionDep, viewer: OptionalUser):
    return [
        HistoryEntry(from_=t.from_state, to=t.to_state, stage=t.stage, actor_id=t.actor_id, reason=t.reason,
                     override=t.override, at=t.at)
        for t in stages.idea_history(session, idea_id=idea_id, viewer=viewer)
    ]


@router.get("/ideas/{idea_id}/gate", responses=errors(401, 404))
def gate(idea_id: int, session: SessionDep, viewer: OptionalUser) -> list[dict]:
    """The conditions for leaving the idea's current stage, each met or not."""
    return [c.as_dict() for c in stages.idea_gate(session, idea_id=idea_id, viewer=viewer)]


@router.get("/ideas/{idea_id}/pilot", response_model=PilotPlanPublic, responses=errors(401, 404))
def read_pilot(idea_id: int, session: SessionDep, viewer: OptionalUser):
    return pilots.get_pilot_plan(session, idea_id=idea_id, viewer=viewer)


@router.put("/ideas/{idea_id}/pilot", response_model=PilotPlanPublic, responses=errors(401, 403, 404, 422))
def save_pilot(idea_id: int, data: PilotPlanIn, session: SessionDep, user: CurrentUser):
    return pilots.save_pilot_plan(session, idea_id=idea_id, actor=user, data=data)


@router.post("/ideas/{idea_id}/pilot/report", response_model=PilotPlanPublic, responses=errors(401, 403, 404, 422))
def pilot_report(idea_id: int, data: PilotReportIn, session: SessionDep, user: CurrentUser):
    return pilots.submit_pilot_report(session, idea_id=idea_id, actor=user, data=data)
