"""The reviewer's pages: the assignments, accepting and declining them, the scoring form, and
a lab manager reopening a review. Each action calls the service function the JSON API calls."""

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from app.deps import CurrentUser, SessionDep, require_role
from app.errors import Conflict, ValidationFailed
from app.i18n import _, format_fixed
from app.models.accounts import Role, User
from app.models.review_schemas import ReviewIn
from app.routers.web import parse_form, redirect, render
from app.services import assignments, review_views, reviews

router = APIRouter(include_in_schema=False)
LabManager = require_role(Role.lab_manager)
SCORE_PREFIX = "score-"


def _list_page(request: Request, session, user: User, *, decline: dict | None = None, status_code: int = 200):
    rows = review_views.assignment_rows(session, viewer=user)
    return render(request, "reviews/assignments.html", {"rows": rows, "decline": decline or {}}, status_code=status_code)


@router.get("/reviews", response_class=HTMLResponse)
def assignments_page(request: Request, session: SessionDep, user: CurrentUser):
    return _list_page(request, session, user)


@router.post("/reviews/{assignment_id}/accept")
def accept(assignment_id: int, session: SessionDep, user: CurrentUser):
    assignments.respond(session, actor=user, assignment_id=assignment_id, accept=True)
    return redirect(f"/reviews/{assignment_id}", flash=_("You accepted the assignment. The scoring form is below."))


@router.post("/reviews/{assignment_id}/decline", response_class=HTMLResponse)
async def decline(assignment_id: int, request: Request, session: SessionDep, user: CurrentUser):
    reason = str((await request.form()).get("reason", ""))[:1000]
    try:
        assignments.respond(session, actor=user, assignment_id=assignment_id, accept=False, reason=reason)
    except ValidationFailed as exc:
        shown = {"id": assignment_id, "reason": reason, "error": exc.extra.get("fields", {}).get("reason", exc.detail)}
        return _list_page(request, session, user, decline=shown, status_code=exc.status_code)
    return redirect("/reviews", flash=_("You declined the assignment. Thank you for saying why."))


# ---- the scoring page ----

def _scoring_page(request: Request, session, user: User, assignment_id: int, *, form: dict | None = None,
                  errors: dict | None = None, status_code: int = 200):
    page = review_views.scoring_page(session, viewer=user, assignment_id=assignment_id, form=form, errors=errors)
    return render(request, "reviews/scoring.html", {"page": page}, status_code=status_code)


@router.get("/reviews/{assignment_id}", response_class=HTMLResponse)
def scoring_page(assignment_id: int, request: Request, session: SessionDep, user: CurrentUser):
    return _scoring_page(request, session, user, assignment_id)


def _review_input(form: FormData) -> dict[str, Any]:
    """The form as the reviewer filled it: a radio group `score-<criterion id>` per criterion."""
    scores = {}
    for key, value in form.multi_items():
        if key.startswith(SCORE_PREFIX) and key[len(SCORE_PREFIX):].isdigit() and str(value).isdigit():
            scores[int(key[len(SCORE_PREFIX):])] = int(value)
    texts = ("recommendation", "comment_to_submitter", "confidential_comment")
    return {"scores": scores, **{name: str(form.get(name, "")) for name in texts}}


@router.post("/reviews/{assignment_id}", response_class=HTMLResponse)
async def submit_review(assignment_id: int, request: Request, session: SessionDep, user: CurrentUser):
    values = _review_input(await request.form())
    data, errors = parse_form(ReviewIn, values)
    if "recommendation" in errors:
        errors["recommendation"] = _("Choose a recommendation.")
    try:
        if data is None:
            raise ValidationFailed(_("Please correct the fields marked below."), fields=errors)
        review = reviews.submit_review(session, actor=user, assignment_id=assignment_id, data=data)
    except (ValidationFailed, Conflict) as exc:
        errors = {**exc.extra.get("fields", {}), "form": exc.detail}
        return _scoring_page(request, session, user, assignment_id, form=values, errors=errors, status_code=exc.status_code)
    flash = _("Your review is submitted. Its weighted total is %(total)s of 5.") % {"total": format_fixed(review.total)}
    return redirect(f"/reviews/{assignment_id}", flash=flash)


@router.post("/reviews/{review_id}/reopen")
def reopen(review_id: int, session: SessionDep, user: User = LabManager):
    review = reviews.reopen_review(session, actor=user, review_id=review_id)
    flash = _("The review is reopened: its reviewer can change it and submit it again.")
    return redirect(f"/reviews/{review.assignment_id}", flash=flash)
