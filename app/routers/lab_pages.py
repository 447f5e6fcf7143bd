"""The country office dashboard and the lab's flow map."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.deps import CurrentUser, SessionDep, require_role
from app.models.accounts import Role, User
from app.routers.web import render
from app.services import dashboard, flows

router = APIRouter(include_in_schema=False)
Office = require_role(Role.country_officer, Role.lab_manager)


@router.get("/dashboard", response_class=HTMLResponse)
def office_dashboard(request: Request, session: SessionDep, country: Annotated[str, Query(max_length=3)] = "",
                     user: User = Office):
    return render(request, "replications/dashboard.html",
                  {"page": dashboard.office_dashboard(session, viewer=user, country=country)})


@router.get("/map", response_class=HTMLResponse)
def flow_map(request: Request, session: SessionDep, user: CurrentUser):
    return render(request, "replications/map.html", {"page": flows.flow_map(session, viewer=user)})
