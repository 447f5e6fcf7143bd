"""Liveness and readiness."""

from fastapi import APIRouter

from app.deps import SessionDep
from app.routers.responses import errors
from app.services.health import check_database

router = APIRouter(tags=["operations"])


@router.get("/healthz", responses=errors(503))
def healthz(session: SessionDep) -> dict[str, str]:
    check_database(session)
    return {"status": "ok", "database": "ok"}


@router.get("/livez")
def livez() -> dict[str, str]:
    """The process answers; no database work (the framework's own speed limit in load tests)."""
    return {"status": "ok"}
