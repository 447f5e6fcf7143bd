"""The lab manager's board: active ideas by stage with the state of their gates."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep, require_role
from app.models.accounts import Role, User
from app.routers.web import redirect, render
from app.services import board

router = APIRouter(prefix="/board", include_in_schema=False)
LabManager = require_role(Role.lab_manager)


@router.get("", response_class=HTMLResponse)
def board_page(request: Request, session: SessionDep, user: User = LabManager):
    columns = board.build_board(session, viewer=user)
    return render(request, "board/board.html", {"columns": columns, "per_stage": board.PER_STAGE})


@router.get("/ideas/{idea_id}")
def decision_view(idea_id: int, user: User = LabManager):
    """The decision view comes with the reviews; until then the idea page holds the decisions."""
    return redirect(f"/ideas/{idea_id}#decide")
