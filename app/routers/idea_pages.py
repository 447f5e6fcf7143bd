"""The idea pages: the idea form, the idea page with its history, gate and actions, editing,
and the signed-in user's own ideas. Each action calls the service function the JSON API calls."""

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from app import i18n
from app.deps import CurrentUser, OptionalUser, SessionDep, require_role
from app.errors import Conflict, DomainError, InvalidTransition, ValidationFailed
from app.i18n import N_, _
from app.models.accounts import Role, User
from app.models.idea_schemas import IdeaCreate, IdeaUpdate, RevisionRequestIn, TransitionRequest
from app.routers.web import parse_form, redirect, render, safe_next
from app.services import idea_cards, idea_views, ideas, stages

router = APIRouter(include_in_schema=False)
Submitter = require_role(Role.submitter)

TEXT_FIELDS = ("title", "summary", "problem", "solution", "origin_country", "organisation", "beneficiaries", "language")
EMAIL_SEPARATORS = re.compile(r"[\s,;]+")
DONE = {"active": N_("Your idea is submitted. The lab will review it."), "rejected": N_("The idea is rejected."),
        "withdrawn": N_("The idea is withdrawn.")}


def _done(to: str) -> str:
    """The flash after a transition to `to` (a status, or the stage the idea moved to)."""
    if to in DONE:
        return _(DONE[to])
    return _("The idea moved to the %(stage)s stage.") % {"stage": stages.state_name(to)}


# ---- the idea form: new and edit ----

def _idea_input(form: FormData) -> tuple[dict[str, Any], dict[str, Any]]:
    """The form as typed (to show it again) and as the request models read it."""
    shown: dict[str, Any] = {name: str(form.get(name, "")) for name in TEXT_FIELDS}
    shown |= {"themes": form.getlist("themes"), "sdgs": form.getlist("sdgs"), "co_authors": str(form.get("co_authors", ""))}
    data = {**shown, "co_authors": [email for email in EMAIL_SEPARATORS.split(shown["co_authors"]) if email]}
    if not data["language"]:
        del data["language"]  # not chosen: the idea keeps (or starts with) its current language
    return shown, data


def _shown_errors(errors: dict[str, str]) -> dict[str, str]:
    if "origin_country" in errors:  # an empty or tampered choice: say what to do, not the length rule
        errors = {**errors, "origin_country": _("Choose a country from the list.")}
    return errors


def _form_page(request: Request, session, *, form: dict, errors: dict, idea_id: int | None = None,
               status_code: int = 200, conflict: bool = False):
    context = {"form": form, "errors": _shown_errors(errors), "idea_id": idea_id, "conflict": conflict,
               "choices": idea_views.idea_form_choices(session)}
    return render(request, "ideas/form.html", context, status_code=status_code)


@router.get("/ideas/new", response_class=HTMLResponse)
def new_idea(request: Request, session: SessionDep, user: User = Submitter):
    # Most people write in the language they read the site in.
    return _form_page(request, session, form={"origin_country": user.country_code or "", "language": i18n.current()}, errors={})


@router.post("/ideas/new", response_class=HTMLResponse)
async def create_idea(request: Request, session: SessionDep, user: User = Submitter):
    form = await request.form()
    shown, data = _idea_input(form)
    parsed, errors = parse_form(IdeaCreate, {**data, "draft": form.get("action") == "draft"})
    try:
        if parsed is not None:
            idea = ideas.create_idea(session, owner=user, data=parsed)
            flash = _("Your draft is saved. Submit it when it is ready.") if parsed.draft else _(DONE["active"])
            return redirect(f"/ideas/{idea.id}", flash=flash)
    except ValidationFailed as exc:
        errors = exc.extra.get("fields", {})
    return _form_page(request, session, form=shown, errors=errors, status_code=422)


@router.get("/ideas/{idea_id}/edit", response_class=HTMLResponse)
def edit_idea_form(idea_id: int, request: Request, session: SessionDep, user: CurrentUser):
    page = idea_views.idea_edit_form(session, idea_id=idea_id, viewer=user)
    idea = page.idea
    form = {name: getattr(idea, name) for name in TEXT_FIELDS} | {
        "themes": idea.themes, "sdgs": [str(n) for n in idea.sdgs], "co_authors": "\n".join(idea.coauthors),
        "expected_version": idea.version,
    }
    context = {"form": form, "errors": {}, "idea_id": idea_id, "conflict": False, "choices": page.choices}
    return render(request, "ideas/form.html", context)


@router.post("/ideas/{idea_id}/edit", response_class=HTMLResponse)
async def edit_idea(idea_id: int, request: Request, session: SessionDep, user: CurrentUser):
    form = await request.form()
    shown, data = _idea_input(form)
    shown["expected_version"] = str(form.get("expected_version", ""))
    parsed, errors = parse_form(IdeaUpdate, {**data, "expected_version": shown["expected_version"]})
    try:
        if parsed is not None:
            ideas.update_idea(session, idea_id=idea_id, actor=user, data=parsed)
            return redirect(f"/ideas/{idea_id}", flash=_("Your changes are saved."))
    except Conflict as exc:
        errors = {"form": exc.detail}
        return _form_page(request, session, form=shown, errors=errors, idea_id=idea_id, status_code=409, conflict=True)
    except ValidationFailed as exc:
        errors = exc.extra.get("fields", {})
    return _form_page(request, session, form=shown, errors=errors, idea_id=idea_id, status_code=422)


# ---- the idea page and its actions ----

@dataclass
class FailedAction:
    """An action of the idea page that the service refused: shown next to its form."""

    form: str  # the transition's target ("rejected", "pilot", …) or "revision"
    message: str
    values: dict[str, Any]
    fields: dict[str, str] = field(default_factory=dict)
    unmet: list[dict] = field(default_factory=list)
    conflict: bool = False

    @classmethod
    def of(cls, form: str, error: DomainError, values: dict[str, Any]) -> "FailedAction":
        return cls(form=form, message=error.detail, values=values, fields=error.extra.get("fields", {}),
                   unmet=error.extra.get("unmet", []), conflict=isinstance(error, Conflict))


def _idea_page(request: Request, session, viewer: User | None, idea_id: int, *,
               failed: FailedAction | None = None, status_code: int = 200):
    view = idea_views.idea_view(session, idea_id=idea_id, viewer=viewer)
    return render(request, "ideas/idea.html", {"view": view, "idea": view.idea, "failed": failed}, status_code=status_code)


@router.get("/ideas/{idea_id}", response_class=HTMLResponse)
def idea_page(idea_id: int, request: Request, session: SessionDep, viewer: OptionalUser):
    return _idea_page(request, session, viewer, idea_id)


@router.post("/ideas/{idea_id}/transitions", response_class=HTMLResponse)
async def change_stage(idea_id: int, request: Request, session: SessionDep, user: CurrentUser):
    form = await request.form()
    values = {"to": str(form.get("to", "")), "expected_version": str(form.get("expected_version", "")),
              "reason": str(form.get("reason", "")), "override": form.get("override") == "on"}
    data, errors = parse_form(TransitionRequest, values)
    try:
        if data is None:
            raise ValidationFailed(_("Please check your input."), fields=errors)
        stages.change_stage(session, idea_id=idea_id, actor=user, to=data.to, expected_version=data.expected_version,
                            reason=data.reason, override=data.override)
    except (Conflict, InvalidTransition, ValidationFailed) as exc:
        failed = FailedAction.of(values["to"], exc, values)
        return _idea_page(request, session, user, idea_id, failed=failed, status_code=exc.status_code)
    back = safe_next(str(form.get("next", "")), f"/ideas/{idea_id}")  # the decision view posts here too
    return redirect(back, flash=_done(data.to))


@router.post("/ideas/{idea_id}/revision", response_class=HTMLResponse)
async def request_revision(idea_id: int, request: Request, session: SessionDep, user: CurrentUser):
    form = await request.form()
    values = {"expected_version": str(form.get("expected_version", "")), "message": str(form.get("message", ""))}
    data, errors = parse_form(RevisionRequestIn, values)
    try:
        if data is None:
            raise ValidationFailed(_("Please check your input."), fields=errors)
        ideas.request_revision(session, idea_id=idea_id, actor=user, expected_version=data.expected_version,
                               message=data.message)
    except (Conflict, ValidationFailed) as exc:
        failed = FailedAction.of("revision", exc, values)
        return _idea_page(request, session, user, idea_id, failed=failed, status_code=exc.status_code)
    return redirect(safe_next(str(form.get("next", "")), f"/ideas/{idea_id}"), flash=_("The submitter is asked to revise the idea."))


# ---- my ideas ----

@router.get("/my/ideas", response_class=HTMLResponse)
def my_ideas(request: Request, session: SessionDep, user: CurrentUser,
             cursor: Annotated[str | None, Query(max_length=40)] = None):
    page = idea_cards.my_ideas(session, user=user, cursor=cursor)
    next_url = f"/my/ideas?cursor={page.next_cursor}" if page.next_cursor else None
    return render(request, "ideas/mine.html", {"page": page, "next_url": next_url, "first_page": cursor is None})
