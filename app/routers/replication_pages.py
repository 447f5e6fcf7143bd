"""The replication pages: the proposal form, a replication with its charts, history and the forms
that change it (status, edit, progress update). Each form calls the service function the JSON API calls."""

import re
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from app.deps import CurrentUser, SessionDep, require_role
from app.errors import Conflict, DomainError, InvalidTransition, ValidationFailed
from app.i18n import N_, _
from app.models.accounts import Role, User
from app.models.replication_schemas import (
    IndicatorSpec, ProgressUpdateIn, ReplicationCreate, ReplicationTransitionIn, ReplicationUpdate, ValueIn,
)
from app.routers.web import parse_form, redirect, render
from app.services import replication_details, replications
from app.templating import format_number

router = APIRouter(include_in_schema=False)
Proposer = require_role(Role.country_officer, Role.lab_manager)

TEXT_FIELDS = ("adaptation_notes", "starts_on", "ends_on", "budget", "partners")
INDICATOR_FIELDS = ("name", "unit", "baseline", "target")
PROPOSAL_ROWS, EDIT_ROWS, MAX_ROWS = 5, 3, 20
VALUE = re.compile(r"value-(\d{1,12})")
DONE = {"planned": N_("The replication is planned."), "in_progress": N_("The replication is under way."),
        "completed": N_("The replication is completed."), "discontinued": N_("The replication is discontinued.")}


# ---- reading the forms ----

def _blank_rows(count: int) -> list[dict[str, str]]:
    return [dict.fromkeys(INDICATOR_FIELDS, "") for _ in range(count)]


def _indicators(form: FormData) -> tuple[list[dict[str, str]], list[dict], dict[str, str]]:
    """Indicator rows as typed, the indicators they hold and their errors; blank rows are skipped."""
    rows = [{name: str(form.get(f"indicator-{n}-{name}", "")).strip() for name in INDICATOR_FIELDS}
            for n in range(MAX_ROWS) if f"indicator-{n}-name" in form]
    specs, errors = [], {}
    for n, row in enumerate(rows):
        if not any(row.values()):
            continue
        given = {name: value for name, value in row.items() if value != "" or name in ("name", "unit")}
        parsed, row_errors = parse_form(IndicatorSpec, given)
        errors |= {f"indicator-{n}-{name}": message for name, message in row_errors.items()}
        if parsed is not None:
            specs.append(parsed.model_dump())
    return rows, specs, errors


def _plan_input(form: FormData, *names: str) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The fields as typed (rows included), the data for the request model, and the rows' errors.
    An empty date or budget means none."""
    shown: dict[str, Any] = {name: str(form.get(name, "")) for name in (*TEXT_FIELDS, *names)}
    rows, specs, errors = _indicators(form)
    data = {name: (value.strip() or None) if name in ("starts_on", "ends_on", "budget") else value
            for name, value in shown.items()}
    return shown | {"rows": rows}, data | {"indicators": specs}, errors


def _model_errors(errors: dict[str, str]) -> dict[str, str]:
    if "form" in errors:  # the one check across fields: the dates' order
        message = errors.pop("form")
        errors["ends_on"] = message[:1].upper() + message[1:]
    if "country" in errors:  # an empty or tampered choice: say what to do, not the length rule
        errors["country"] = _("Choose a country from the list.")
    return errors


# ---- proposing ----

def _proposal_page(request: Request, page: replication_details.ProposalForm, *, form: dict, errors: dict,
                   status_code: int = 200):
    return render(request, "replications/new.html", {"page": page, "form": form, "errors": errors}, status_code=status_code)


@router.get("/replications/new", response_class=HTMLResponse)
def proposal_form(request: Request, session: SessionDep, idea_id: int,
                  country: Annotated[str, Query(max_length=3)] = "", user: User = Proposer):
    page = replication_details.proposal_form(session, viewer=user, idea_id=idea_id, country=country)
    form = {"country": page.country, "rows": _blank_rows(PROPOSAL_ROWS)}
    return _proposal_page(request, page, form=form, errors={})


@router.post("/replications/new", response_class=HTMLResponse)
async def propose(request: Request, session: SessionDep, user: User = Proposer):
    form = await request.form()
    shown, data, errors = _plan_input(form, "country", "idea_id")
    parsed, model_errors = parse_form(ReplicationCreate, data)
    errors |= _model_errors(model_errors)
    try:
        if not errors:
            replication = replications.propose_replication(session, actor=user, data=parsed)
            return redirect(f"/replications/{replication.id}", flash=_("The replication is proposed. Plan it when it is ready."))
    except ValidationFailed as exc:
        errors = {**exc.extra.get("fields", {}), "form": exc.detail}
    if "idea_id" in errors:  # no form to show again: the page of a solution that cannot be proposed
        raise ValidationFailed(errors["form"] if "form" in errors else _("Choose a proven solution to replicate."), fields=errors)
    page = replication_details.proposal_form(session, viewer=user, idea_id=int(shown["idea_id"]), country=shown["country"])
    return _proposal_page(request, page, form=shown, errors=errors, status_code=422)


# ---- the replication page and its actions ----

@dataclass
class FailedAction:
    """A form of the replication page the service refused: shown again with its input and errors."""

    form: str  # "status", "discontinue", "edit" or "progress"
    message: str
    values: dict[str, Any]
    fields: dict[str, str] = field(default_factory=dict)
    conflict: bool = False

    @classmethod
    def of(cls, form: str, error: DomainError, values: dict[str, Any]) -> "FailedAction":
        return cls(form=form, message=error.detail, values=values, fields=error.extra.get("fields", {}),
                   conflict=isinstance(error, Conflict))


def _edit_fields(page: replication_details.ReplicationPage) -> dict[str, Any]:
    r = page.replication
    return {"adaptation_notes": r.adaptation_notes, "starts_on": r.starts_on.isoformat() if r.starts_on else "",
            "ends_on": r.ends_on.isoformat() if r.ends_on else "", "budget": format_number(r.budget),
            "partners": r.partners, "rows": _blank_rows(EDIT_ROWS)}


def _replication_page(request: Request, session, viewer: User, replication_id: int, *,
                      failed: FailedAction | None = None, status_code: int = 200):
    page = replication_details.replication_page(session, viewer=viewer, replication_id=replication_id,
                                                changing=failed is not None)
    forms = {"edit": _edit_fields(page), "progress": {"happened_on": page.today.isoformat()}, "discontinue": {}}
    if failed is not None and failed.form in forms:
        forms[failed.form] = failed.values
    context = {"page": page, "r": page.replication, "failed": failed, "forms": forms,
               "errors": {failed.form: failed.fields} if failed else {}}
    return render(request, "replications/replication.html", context, status_code=status_code)


@router.get("/replications/{replication_id}", response_class=HTMLResponse)
def replication(replication_id: int, request: Request, session: SessionDep, user: CurrentUser):
    return _replication_page(request, session, user, replication_id)


@router.post("/replications/{replication_id}/status", response_class=HTMLResponse)
async def change_status(replication_id: int, request: Request, session: SessionDep, user: CurrentUser):
    form = await request.form()
    values = {name: str(form.get(name, "")) for name in ("to", "expected_version", "reason")}
    which = "discontinue" if values["to"] == "discontinued" else "status"
    data, errors = parse_form(ReplicationTransitionIn, values)
    try:
        if data is None:
            raise ValidationFailed(_("Please check your input."), fields=errors)
        replications.change_status(session, actor=user, replication_id=replication_id, to=data.to,
                                   expected_version=data.expected_version, reason=data.reason)
    except (Conflict, InvalidTransition, ValidationFailed) as exc:
        failed = FailedAction.of(which, exc, values)
        return _replication_page(request, session, user, replication_id, failed=failed, status_code=exc.status_code)
    return redirect(f"/replications/{replication_id}", flash=_(DONE[data.to.value]) if data.to.value in DONE else _("The status is changed."))


@router.post("/replications/{replication_id}/edit", response_class=HTMLResponse)
async def edit(replication_id: int, request: Request, session: SessionDep, user: CurrentUser):
    form = await request.form()
    shown, data, errors = _plan_input(form, "expected_version")
    parsed, model_errors = parse_form(ReplicationUpdate, data)
    errors |= _model_errors(model_errors)
    try:
        if errors:
            raise ValidationFailed(_("Please correct the fields marked below."), fields=errors)
        replications.update_replication(session, actor=user, replication_id=replication_id, data=parsed)
    except (Conflict, ValidationFailed) as exc:
        failed = FailedAction.of("edit", exc, shown)
        return _replication_page(request, session, user, replication_id, failed=failed, status_code=exc.status_code)
    return redirect(f"/replications/{replication_id}", flash=_("The replication is saved."))


def _update_input(form: FormData) -> tuple[dict[str, str], dict[str, Any], dict[str, str]]:
    """The progress form as typed, the update as ProgressUpdateIn reads it, and the values' errors.
    A value left blank is not reported."""
    shown = {name: str(value).strip() for name, value in form.items() if VALUE.fullmatch(name)}
    shown |= {"note": str(form.get("note", "")), "happened_on": str(form.get("happened_on", ""))}
    values, errors = [], {}
    for name, value in shown.items():
        if (found := VALUE.fullmatch(name)) and value:
            parsed, value_errors = parse_form(ValueIn, {"indicator_id": found.group(1), "value": value})
            if value_errors:
                errors[name] = next(iter(value_errors.values()))
            else:
                values.append(parsed.model_dump())
    return shown, {"note": shown["note"], "happened_on": shown["happened_on"] or None, "values": values}, errors


@router.post("/replications/{replication_id}/updates", response_class=HTMLResponse)
async def add_update(replication_id: int, request: Request, session: SessionDep, user: CurrentUser):
    shown, data, errors = _update_input(await request.form())
    parsed, model_errors = parse_form(ProgressUpdateIn, data)
    errors |= model_errors
    try:
        if errors:
            raise ValidationFailed(_("Please correct the fields marked below."), fields=errors)
        replications.add_progress_update(session, actor=user, replication_id=replication_id, data=parsed)
    except ValidationFailed as exc:
        failed = FailedAction.of("progress", exc, shown)
        return _replication_page(request, session, user, replication_id, failed=failed, status_code=exc.status_code)
    return redirect(f"/replications/{replication_id}#updates", flash=_("The progress update is recorded."))
