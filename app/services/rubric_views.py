"""What the rubric editor shows: each stage's current rubric as rows of a form, with blank rows
to add criteria. Saving is rubrics.save_rubric."""

from dataclasses import dataclass

from sqlmodel import Session

from app.errors import Forbidden
from app.i18n import N_, _
from app.labels import label
from app.models.accounts import User
from app.models.ideas import Stage
from app.models.review_schemas import LEVELS
from app.models.reviews import Rubric
from app.services import rubrics, rules

EDITED_STAGES = (Stage.submit, Stage.evaluate)  # the stages whose gates read reviews
BLANK_ROWS = 2
STAGE_PURPOSE = {Stage.submit: N_("Screening of submitted ideas"), Stage.evaluate: N_("Evaluation of piloted ideas")}


@dataclass(frozen=True)
class RubricSection:
    stage: Stage
    purpose: str
    version: int | None  # None: the stage has no rubric yet
    used: bool  # reviews were written on it: saving makes a new version
    rows: list[dict]  # form values: id, name, description, weight, levels {"1": …, "5": …}
    errors: dict[str, str]  # "{row}-{field}" or "form" → message


def blank_row() -> dict:
    return {"id": "", "name": "", "description": "", "weight": "", "levels": {level: "" for level in LEVELS}}


def rubric_editor(session: Session, *, viewer: User, stage: Stage | None = None, rows: list[dict] | None = None,
                  errors: dict[str, str] | None = None) -> list[RubricSection]:
    """Every rubric stage; for `stage`, the rows and errors of a refused save are shown again."""
    if not rules.is_lab_manager(viewer):
        raise Forbidden(_("Only lab managers edit rubrics."))
    current = {rubric.stage: rubric for rubric in rubrics.list_rubrics(session)}
    sections = []
    for each in sorted(set(EDITED_STAGES) | set(current), key=lambda s: s.index):
        rubric = current.get(each)
        refused = each == stage and rows is not None
        shown = rows if refused else [_row(rubric, n) for n in range(len(rubric.criteria))] if rubric else []
        if not refused:
            shown = shown + [blank_row() for _ in range(BLANK_ROWS)]
        sections.append(RubricSection(
            stage=each, purpose=_purpose(each),
            version=rubric.version if rubric else None, used=bool(rubric) and rubrics.is_used(session, rubric),
            rows=shown, errors=(errors or {}) if refused else {},
        ))
    return sections


def _purpose(stage: Stage) -> str:
    if stage in STAGE_PURPOSE:
        return _(STAGE_PURPOSE[stage])
    return _("Reviews at the %(stage)s stage") % {"stage": label(stage).lower()}


def _row(rubric: Rubric, n: int) -> dict:
    criterion = rubric.criteria[n]
    return {"id": str(criterion.id), "name": criterion.name, "description": criterion.description,
            "weight": f"{criterion.weight:g}", "levels": {level: criterion.levels.get(level, "") for level in LEVELS}}
