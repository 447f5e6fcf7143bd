"""Pilot plans (host country, dates, indicators) and pilot reports (actual values, summary)."""

from sqlmodel import Session

from app.errors import Forbidden, NotFound, ValidationFailed
from app.i18n import _
from app.models.accounts import User
from app.models.base import utcnow
from app.models.idea_schemas import PilotPlanIn, PilotReportIn
from app.models.ideas import PilotIndicator, PilotPlan
from app.models.reference import Country
from app.services import rules
from app.services.idea_access import get_visible_idea


def get_pilot_plan(session: Session, *, idea_id: int, viewer: User | None) -> PilotPlan:
    get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    plan = session.get(PilotPlan, idea_id)
    if plan is None:
        raise NotFound(_("This idea has no pilot plan yet."))
    return plan


def save_pilot_plan(session: Session, *, idea_id: int, actor: User, data: PilotPlanIn) -> PilotPlan:
    """The submitter or a lab manager plans the pilot while the idea is incubated or piloted."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=actor)
    if not rules.can_edit_pilot_plan(actor, idea):
        raise Forbidden(_("The pilot plan is kept by the submitter and lab managers, at the incubate and pilot stages."))
    if session.get(Country, data.host_country) is None:
        raise ValidationFailed(_("Please check your input"), fields={"host_country": _("Choose a country from the list.")})
    plan = session.get(PilotPlan, idea_id) or PilotPlan(idea_id=idea_id, host_country=data.host_country,
                                                         starts_on=data.starts_on, ends_on=data.ends_on)
    plan.host_country, plan.starts_on, plan.ends_on = data.host_country, data.starts_on, data.ends_on
    plan.updated_at = utcnow()
    existing = {indicator.id: indicator for indicator in plan.indicators}
    unknown = [i.id for i in data.indicators if i.id is not None and i.id not in existing]
    if unknown:
        raise ValidationFailed(_("Please check your input"), fields={"indicators": _("Unknown indicator ids: %(ids)s") % {"ids": unknown}})
    plan.indicators = [_indicator(existing.get(item.id), item) for item in data.indicators]
    session.add(plan)
    session.commit()
    session.refresh(plan)
    return plan


def _indicator(current: PilotIndicator | None, item) -> PilotIndicator:
    indicator = current or PilotIndicator()
    indicator.name, indicator.unit, indicator.baseline, indicator.target = item.name, item.unit, item.baseline, item.target
    return indicator


def submit_pilot_report(session: Session, *, idea_id: int, actor: User, data: PilotReportIn) -> PilotPlan:
    """The pilot's results: an actual value per indicator of the plan, and a summary."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=actor)
    if not rules.can_report_pilot(actor, idea):
        raise Forbidden(_("The pilot report is written by the submitter or a lab manager while the idea is piloted."))
    plan = session.get(PilotPlan, idea_id)
    if plan is None:
        raise ValidationFailed(_("This idea has no pilot plan."), fields={"results": _("no pilot plan")})
    indicators = {indicator.id: indicator for indicator in plan.indicators}
    unknown = [r.indicator_id for r in data.results if r.indicator_id not in indicators]
    if unknown:
        raise ValidationFailed(_("Please check your input"), fields={"results": _("Unknown indicator ids: %(ids)s") % {"ids": unknown}})
    for result in data.results:
        indicators[result.indicator_id].actual = result.actual
    plan.report_summary = data.summary.strip()
    plan.reported_at = utcnow()
    session.add(plan)
    session.commit()
    session.refresh(plan)
    return plan
