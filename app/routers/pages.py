"""Public pages: home and the countries list."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.services import reference
from app.routers.web import render

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep):
    figures = reference.reference_figures(session)
    return render(request, "home.html", {"figures": figures})


@router.get("/countries", response_class=HTMLResponse)
def countries(request: Request, session: SessionDep, region: str = ""):
    listing = reference.countries_by_region(session, region=region)
    return render(request, "countries/list.html", {"listing": listing, "region": region})
