"""The lab manager's board: active ideas by stage with the state of their gates, automatic
reviewer assignment, and the decision view of one idea with its reviews and assignments."""

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from app.config import settings
from app.deps import SessionDep, require_role
from app.errors import Conflict, NotFound, ValidationFailed
from app.i18n import _, format_number, ngettext
from app.models.accounts import Role, User
from app.models.ideas import Stage
from app.models.review_schemas import AssignmentIn, AutoAssignIn
from app.routers.web import parse_form, redirect, render
from app.services import assignments, board, decision_views

router = APIRouter(prefix="/board", include_in_schema=False)
LabManager = require_role(Role.lab_manager)


def _board_page(request: Request, session, user: User, *, auto: dict | None = None, status_code: int = 200):
    columns = board.build_board(session, viewer=user)
    context = {"columns": columns, "per_stage": board.PER_STAGE, "default_per_idea": settings.reviewers_per_idea,
               "auto": auto or {"stage": "", "form": {}, "errors": {}}}
    return render(request, "board/board.html", context, status_code=status_code)


@router.get("", response_class=HTMLResponse)
def board_page(request: Request, session: SessionDep, user: User = LabManager):
    return _board_page(request, session, user)


# ---- automatic assignment ----

@router.post("/auto-assign", response_class=HTMLResponse)
async def auto_assign(request: Request, session: SessionDep, user: User = LabManager):
    form = await request.form()
    shown = {name: str(form.get(name, "")).strip() for name in ("stage", "reviewers_per_idea", "due_on")}
    data, errors = parse_form(AutoAssignIn, {"stage": shown["stage"], "reviewers_per_idea": shown["reviewers_per_idea"] or None,
                                             "due_on": shown["due_on"] or None})
    try:
        if data is None:
            raise ValidationFailed(_("Please correct the fields marked below."), fields=errors)
        result = assignments.auto_assign(session, actor=user, stage=data.stage, per_idea=data.reviewers_per_idea,
                                         due_on=data.due_on)
    except (ValidationFailed, NotFound) as exc:
        auto = {"stage": shown["stage"], "form": shown, "errors": {**exc.extra.get("fields", {}), "form": exc.detail}}
        return _board_page(request, session, user, auto=auto, status_code=422)
    ids = [pairing.assignment_id for pairing in result.assigned] or [0]
    per_idea = data.reviewers_per_idea or settings.reviewers_per_idea
    target = f"/board/auto-assign?stage={data.stage.value}&first={min(ids)}&last={max(ids)}&per_idea={per_idea}"
    made, short = len(result.assigned), len(result.uncovered)
    flash = _("%(assigned)s; %(uncovered)s") % {
        "assigned": ngettext("%(num)s new assignment", "%(num)s new assignments", made) % {"num": format_number(made)},
        "uncovered": ngettext("%(num)s idea still short of reviewers.", "%(num)s ideas still short of reviewers.", short)
        % {"num": format_number(short)},
    }
    return redirect(target, flash=flash)


@router.get("/auto-assign", response_class=HTMLResponse)
def auto_assign_result(
    request: Request, session: SessionDep, stage: Stage, first: Annotated[int, Query(ge=0)] = 0,
    last: Annotated[int, Query(ge=0)] = 0, per_idea: Annotated[int, Query(ge=1, le=10)] = settings.reviewers_per_idea,
    user: User = LabManager,
):
    report = decision_views.auto_assign_report(session, viewer=user, stage=stage, first_id=first, last_id=last, per_idea=per_idea)
    return render(request, "board/auto_assign.html", {"report": report})


# ---- the decision view ----

def _decision_page(request: Request, session, user: User, idea_id: int, *, status_code: int = 200, **shown):
    view = decision_views.decision_view(session, viewer=user, idea_id=idea_id, **shown)
    return render(request, "board/decision.html", {"d": view, "view": view.page, "idea": view.page.idea}, status_code=status_code)


@router.get("/ideas/{idea_id}", response_class=HTMLResponse)
def decision_view(idea_id: int, request: Request, session: SessionDep, user: User = LabManager,
                  reviewer_id: Annotated[int | None, Query(ge=1)] = None):
    return _decision_page(request, session, user, idea_id, check_reviewer_id=reviewer_id)


@router.post("/ideas/{idea_id}/assignments", response_class=HTMLResponse)
async def assign_reviewer(idea_id: int, request: Request, session: SessionDep, user: User = LabManager):
    form = await request.form()
    shown = {name: str(form.get(name, "")).strip() for name in ("reviewer_id", "due_on")}
    data, errors = parse_form(AssignmentIn, {"reviewer_id": shown["reviewer_id"] or None, "due_on": shown["due_on"] or None})
    if "reviewer_id" in errors:
        errors["reviewer_id"] = _("Choose a reviewer.")
    try:
        if data is None:
            raise ValidationFailed(_("Please correct the fields marked below."), fields=errors)
        assignments.assign_reviewer(session, actor=user, idea_id=idea_id, reviewer_id=data.reviewer_id, due_on=data.due_on)
    except ValidationFailed as exc:
        errors = {**exc.extra.get("fields", {}), "form": exc.detail}
        return _decision_page(request, session, user, idea_id, status_code=exc.status_code, form=shown, errors=errors)
    except Conflict as exc:  # a conflict of interest lists its reasons under the reviewer
        reasons = exc.extra.get("reasons", [])
        errors = {"reviewer_id": _("This reviewer has a conflict of interest:") if reasons else exc.detail}
        return _decision_page(request, session, user, idea_id, status_code=exc.status_code, form=shown, errors=errors,
                              reasons=reasons)
    return redirect(f"/board/ideas/{idea_id}#assignments", flash=_("The reviewer is assigned and told so in their inbox."))
