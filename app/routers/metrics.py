"""Prometheus metrics of this app process."""

from fastapi import APIRouter
from fastapi.responses import Response

from app.deps import SessionDep
from app.observability import metrics_payload
from app.services.operations import backlog_lines

router = APIRouter(tags=["operations"])


@router.get("/metrics", response_class=Response, responses={200: {"content": {"text/plain": {}}}})
def metrics(session: SessionDep):
    payload, content_type = metrics_payload(backlog_lines(session))
    return Response(payload, media_type=content_type)
