"""The rubric editor: each stage's rubric as rows of a form (lab managers). Saving calls the
service function the JSON API calls; a used rubric is saved as a new version."""

import re

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse
from starlette.datastructures import FormData

from app.deps import SessionDep, require_role
from app.errors import ValidationFailed
from app.i18n import _
from app.labels import label
from app.models.accounts import Role, User
from app.models.ideas import Stage
from app.models.review_schemas import CriterionIn, RubricIn
from app.routers.web import parse_form, redirect, render
from app.services import rubric_views, rubrics

router = APIRouter(include_in_schema=False)
LabManager = require_role(Role.lab_manager)
ROW_FIELD = re.compile(r"^c(\d{1,2})-(id|name|description|weight|level-[1-5])$")


def _editor(request: Request, session, user: User, *, stage: Stage | None = None, rows=None, errors=None, status_code=200):
    sections = rubric_views.rubric_editor(session, viewer=user, stage=stage, rows=rows, errors=errors)
    return render(request, "rubrics/editor.html", {"sections": sections}, status_code=status_code)


@router.get("/rubrics", response_class=HTMLResponse)
def rubric_editor(request: Request, session: SessionDep, user: User = LabManager):
    return _editor(request, session, user)


def _rows(form: FormData) -> list[dict]:
    """Every row the form sent, blank ones included (to show them again): `c<n>-<field>`."""
    rows: dict[int, dict] = {}
    for key, value in form.multi_items():
        if found := ROW_FIELD.match(key):
            row = rows.setdefault(int(found.group(1)), rubric_views.blank_row())
            name = found.group(2)
            if name.startswith("level-"):
                row["levels"][name.removeprefix("level-")] = str(value)
            else:
                row[name] = str(value)
    return [rows[n] for n in sorted(rows)]


def _criteria(rows: list[dict]) -> tuple[list[CriterionIn], dict[str, str]]:
    """The rows with a name, validated one by one so that each error shows in its own row."""
    items, errors = [], {}
    for n, row in enumerate(rows):
        if not row["name"].strip():
            continue  # a row without a name is dropped: that is how a criterion is removed
        data = {"id": row["id"] or None, "name": row["name"].strip(), "description": row["description"].strip(),
                "weight": row["weight"].strip() or None, "levels": row["levels"]}
        item, problems = parse_form(CriterionIn, data)
        errors |= {f"{n}-{field}": message for field, message in problems.items()}
        if item is not None:
            items.append(item)
    if not items and not errors:
        errors["form"] = _("Give the rubric at least one criterion: a row with a name.")
    return items, errors


@router.post("/rubrics/{stage}", response_class=HTMLResponse)
async def save_rubric(stage: Stage, request: Request, session: SessionDep, user: User = LabManager):
    rows = _rows(await request.form())
    items, errors = _criteria(rows)
    try:
        data, problems = (None, errors) if errors else parse_form(RubricIn, {"criteria": items})
        if data is None:
            raise ValidationFailed(_("Please correct the rows marked below."), fields=problems)
        rubric = rubrics.save_rubric(session, actor=user, stage=stage, data=data)
    except ValidationFailed as exc:
        fields = exc.extra.get("fields", {})
        shown = {**fields, "form": fields.get("form") or fields.get("criteria") or exc.detail}
        return _editor(request, session, user, stage=stage, rows=rows, errors=shown, status_code=422)
    flash = _("The %(stage)s rubric is saved as version %(version)s.") % {"stage": label(stage).lower(), "version": rubric.version}
    return redirect(f"/rubrics#rubric-{stage.value}", flash=flash)
