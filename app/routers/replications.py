"""The replications API: list, propose, read, edit, status changes, progress, exports."""

from typing import Annotated

from fastapi import APIRouter, Query, status
from fastapi.responses import Response

from app.deps import CurrentUser, SessionDep
from app.models.replication_schemas import (
    ProgressUpdateIn, ProgressUpdatePublic, ReplicationCreate, ReplicationHistoryEntry, ReplicationPage,
    ReplicationPublic, ReplicationTransitionIn, ReplicationUpdate,
)
from app.models.replications import ReplicationStatus
from app.routers.responses import errors
from app.services import replication_exports, replication_views, replications

router = APIRouter(prefix="/api/v1", tags=["replications"])


@router.get("/replications", response_model=ReplicationPage, responses=errors(401, 422))
def list_replications(
    session: SessionDep, user: CurrentUser, country: Annotated[str | None, Query(max_length=3)] = None,
    status: ReplicationStatus | None = None, idea_id: int | None = None,
    cursor: Annotated[str | None, Query(max_length=40)] = None, limit: Annotated[int, Query(ge=1, le=200)] = 50,
):
    return replication_views.list_replications(session, viewer=user, country=country, status=status, idea_id=idea_id,
                                               cursor=cursor, limit=limit)


@router.get("/replications/export.csv", response_class=Response, responses={200: {"content": {"text/csv": {}}}, **errors(401)})
def export_csv(session: SessionDep, user: CurrentUser):
    return Response(replication_exports.export_csv(session, viewer=user), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": 'attachment; filename="replications.csv"'})


@router.get("/replications/export.xml", response_class=Response,
            responses={200: {"content": {"application/xml": {}}}, **errors(401)})
def export_xml(session: SessionDep, user: CurrentUser):
    return Response(replication_exports.export_iati(session, viewer=user), media_type="application/xml",
                    headers={"Content-Disposition": 'attachment; filename="replications-iati.xml"'})


@router.post("/replications", response_model=ReplicationPublic, status_code=status.HTTP_201_CREATED,
             responses=errors(401, 403, 404, 422))
def propose(data: ReplicationCreate, session: SessionDep, user: CurrentUser):
    replication = replications.propose_replication(session, actor=user, data=data)
    return replication_views.read_replication(session, viewer=user, replication_id=replication.id)


@router.get("/replications/{replication_id}", response_model=ReplicationPublic, responses=errors(401, 404))
def read(replication_id: int, session: SessionDep, user: CurrentUser):
    return replication_views.read_replication(session, viewer=user, replication_id=replication_id)


@router.patch("/replications/{replication_id}", response_model=ReplicationPublic, responses=errors(401, 404, 409, 422))
def edit(replication_id: int, data: ReplicationUpdate, session: SessionDep, user: CurrentUser):
    replications.update_replication(session, actor=user, replication_id=replication_id, data=data)
    return replication_views.read_replication(session, viewer=user, replication_id=replication_id)


@router.post("/replications/{replication_id}/transitions", response_model=ReplicationPublic,
             responses=errors(401, 404, 409, 422))
def transition(replication_id: int, data: ReplicationTransitionIn, session: SessionDep, user: CurrentUser):
    replications.change_status(session, actor=user, replication_id=replication_id, to=data.to,
                               expected_version=data.expected_version, reason=data.reason)
    return replication_views.read_replication(session, viewer=user, replication_id=replication_id)


@router.get("/replications/{replication_id}/history", response_model=list[ReplicationHistoryEntry], responses=errors(401, 404))
def replication_history(replication_id: int, session: SessionDep, user: CurrentUser):
    return [ReplicationHistoryEntry(from_=t.from_status, to=t.to_status, actor_id=t.actor_id, reason=t.reason, at=t.at)
            for t in replications.history(session, viewer=user, replication_id=replication_id)]


@router.post("/replications/{replication_id}/updates", response_model=ProgressUpdatePublic,
             status_code=status.HTTP_201_CREATED, responses=errors(401, 404, 422))
def add_update(replication_id: int, data: ProgressUpdateIn, session: SessionDep, user: CurrentUser):
    update = replications.add_progress_update(session, actor=user, replication_id=replication_id, data=data)
    return ProgressUpdatePublic(id=update.id, note=update.note, happened_on=update.happened_on, author_id=update.author_id,
                                values={v.indicator_id: v.value for v in update.values})


@router.get("/replications/{replication_id}/updates", response_model=list[ProgressUpdatePublic], responses=errors(401, 404))
def list_updates(replication_id: int, session: SessionDep, user: CurrentUser):
    return replication_views.progress_updates(session, viewer=user, replication_id=replication_id)
