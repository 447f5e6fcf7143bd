"""Reference data API: countries and challenge themes."""

from fastapi import APIRouter

from app.deps import SessionDep
from app.models.reference import CountryPublic, ThemePublic
from app.routers.responses import errors
from app.services import reference

router = APIRouter(prefix="/api/v1", tags=["reference data"])


@router.get("/countries", response_model=list[CountryPublic])
def list_countries(session: SessionDep):
    return reference.list_countries(session)


@router.get("/countries/{code}", response_model=CountryPublic, responses=errors(404))
def get_country(code: str, session: SessionDep):
    return reference.get_country(session, code)


@router.get("/themes", response_model=list[ThemePublic])
def list_themes(session: SessionDep):
    return reference.list_themes(session)
