"""Public pages: home and the countries list."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep
from app.routers.web import render
from app.services import home as home_service
from app.services import reference

router = APIRouter(include_in_schema=False)


@router.get("/", response_class=HTMLResponse)
def home(request: Request, session: SessionDep):
    page = home_service.home_page(session)
    return render(request, "home.html", {"figures": page.figures, "newest": page.newest})


@router.get("/countries", response_class=HTMLResponse)
def countries(request: Request, session: SessionDep, region: str = ""):
    listing = reference.countries_by_region(session, region=region)
    return render(request, "countries/list.html", {"listing": listing, "region": region})
