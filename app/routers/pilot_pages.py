"""The pilot pages of an idea: the pilot plan form and the pilot report form."""

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from app.deps import CurrentUser, SessionDep
from app.errors import ValidationFailed
from app.i18n import _
from app.models.idea_schemas import IndicatorIn, PilotPlanIn, PilotReportIn, ResultIn
from app.models.ideas import PilotPlan
from app.routers.web import parse_form, redirect, render
from app.services import idea_views, pilots
from app.templating import format_number

router = APIRouter(include_in_schema=False)

ROW_FIELDS = ("id", "name", "unit", "baseline", "target")
BLANK_ROWS = 5
MAX_ROWS = 40
ACTUAL = re.compile(r"actual-(\d{1,12})")


# ---- the plan ----

def _plan_fields(plan: PilotPlan | None) -> dict[str, Any]:
    """The form of a saved plan, with blank rows to add indicators."""
    rows = [{"id": str(i.id), "name": i.name, "unit": i.unit, "baseline": format_number(i.baseline),
             "target": format_number(i.target)} for i in (plan.indicators if plan else [])]
    rows += [dict.fromkeys(ROW_FIELDS, "") for _ in range(BLANK_ROWS)]
    if plan is None:
        return {"host_country": "", "starts_on": "", "ends_on": "", "rows": rows}
    return {"host_country": plan.host_country, "starts_on": plan.starts_on.isoformat(),
            "ends_on": plan.ends_on.isoformat(), "rows": rows}


def _plan_input(form: FormData) -> tuple[dict[str, Any], dict[str, Any], dict[str, str]]:
    """The form as typed, the plan as PilotPlanIn reads it, and the errors of its indicator rows.

    Rows left blank are ignored: a saved indicator whose row is emptied is removed from the plan.
    """
    rows = [{name: str(form.get(f"indicator-{i}-{name}", "")).strip() for name in ROW_FIELDS}
            for i in range(MAX_ROWS) if f"indicator-{i}-name" in form]
    shown = {name: str(form.get(name, "")) for name in ("host_country", "starts_on", "ends_on")} | {"rows": rows}
    indicators, errors = [], {}
    for number, row in enumerate(rows):
        if not any(row[name] for name in ROW_FIELDS[1:]):
            continue
        given = {name: value for name, value in row.items() if value != "" or name in ("name", "unit")}
        parsed, row_errors = parse_form(IndicatorIn, given)
        errors |= {f"indicator-{number}-{name}": message for name, message in row_errors.items()}
        if parsed is not None:
            indicators.append(parsed.model_dump())
    data = {name: value for name, value in shown.items() if name != "rows" and value != ""}
    return shown, data | {"indicators": indicators}, errors


def _plan_page(request: Request, page: idea_views.PilotForm, *, form: dict, errors: dict, status_code: int = 200):
    context = {"idea": page.idea, "countries": page.countries, "form": form, "errors": errors}
    return render(request, "ideas/pilot_plan.html", context, status_code=status_code)


@router.get("/ideas/{idea_id}/pilot", response_class=HTMLResponse)
def pilot_plan_form(idea_id: int, request: Request, session: SessionDep, user: CurrentUser):
    page = idea_views.pilot_plan_form(session, idea_id=idea_id, viewer=user)
    return _plan_page(request, page, form=_plan_fields(page.plan), errors={})


@router.post("/ideas/{idea_id}/pilot", response_class=HTMLResponse)
async def save_pilot_plan(idea_id: int, request: Request, session: SessionDep, user: CurrentUser):
    shown, data, errors = _plan_input(await request.form())
    parsed, plan_errors = parse_form(PilotPlanIn, data)
    if "form" in plan_errors:  # the one check across fields: the dates' order
        message = plan_errors.pop("form")
        plan_errors["ends_on"] = message[:1].upper() + message[1:]
    errors |= plan_errors
    try:
        if not errors:
            pilots.save_pilot_plan(session, idea_id=idea_id, actor=user, data=parsed)
            return redirect(f"/ideas/{idea_id}", flash=_("The pilot plan is saved."))
    except ValidationFailed as exc:
        errors = exc.extra.get("fields", {})
    page = idea_views.pilot_plan_form(session, idea_id=idea_id, viewer=user)
    return _plan_page(request, page, form=shown, errors=errors, status_code=422)


# ---- the report ----

def _report_fields(plan: PilotPlan | None) -> dict[str, str]:
    actuals = {f"actual-{i.id}": format_number(i.actual) for i in (plan.indicators if plan else [])}
    return {"summary": (plan.report_summary or "") if plan else ""} | actuals


def _report_input(form: FormData) -> tuple[dict[str, str], dict[str, Any], dict[str, str]]:
    """The form as typed, the report as PilotReportIn reads it, and the errors of the actual values.

    An actual value left blank is not reported (a value reported earlier stays).
    """
    shown = {name: str(value).strip() for name, value in form.items() if ACTUAL.fullmatch(name)}
    shown["summary"] = str(form.get("summary", ""))
    results, errors = [], {}
    for name, value in shown.items():
        if (found := ACTUAL.fullmatch(name)) and value:
            parsed, result_errors = parse_form(ResultIn, {"indicator_id": found.group(1), "actual": value})
            if result_errors:
                errors[name] = next(iter(result_errors.values()))
            else:
                results.append(parsed.model_dump())
    return shown, {"summary": shown["summary"], "results": results}, errors


def _report_page(request: Request, page: idea_views.PilotForm, *, form: dict, errors: dict, status_code: int = 200):
    context = {"idea": page.idea, "plan": page.plan, "form": form, "errors": errors}
    return render(request, "ideas/pilot_report.html", context, status_code=status_code)


@router.get("/ideas/{idea_id}/pilot/report", response_class=HTMLResponse)
def pilot_report_form(idea_id: int, request: Request, session: SessionDep, user: CurrentUser):
    page = idea_views.pilot_report_form(session, idea_id=idea_id, viewer=user)
    return _report_page(request, page, form=_report_fields(page.plan), errors={})


@router.post("/ideas/{idea_id}/pilot/report", response_class=HTMLResponse)
async def submit_pilot_report(idea_id: int, request: Request, session: SessionDep, user: CurrentUser):
    shown, data, errors = _report_input(await request.form())
    parsed, report_errors = parse_form(PilotReportIn, data)
    errors |= report_errors
    try:
        if not errors:
            pilots.submit_pilot_report(session, idea_id=idea_id, actor=user, data=parsed)
            return redirect(f"/ideas/{idea_id}", flash=_("The pilot report is saved."))
    except ValidationFailed as exc:
        errors = exc.extra.get("fields", {})
    page = idea_views.pilot_report_form(session, idea_id=idea_id, viewer=user)
    return _report_page(request, page, form=shown, errors=errors, status_code=422)
