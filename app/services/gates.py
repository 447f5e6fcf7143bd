"""The stage gates: what an idea needs before it may move to the next stage.

Each condition is a small function; thresholds are settings. Review conditions may be
overridden by a lab manager with a written reason; pilot plan and report conditions not.
"""

from dataclasses import dataclass, field, replace

from sqlmodel import Session

from app.config import settings
from app.i18n import _, format_fixed, format_number, ngettext
from app.models.ideas import Idea, PilotPlan, Stage
from app.services.review_stats import ReviewStats, review_stats


@dataclass(frozen=True)
class Condition:
    key: str
    detail: str
    met: bool
    overridable: bool
    # The detail without its figures ("At least 2 submitted reviews"), when it has figures.
    requirement: str = field(default="", compare=False, repr=False)

    def as_dict(self) -> dict:
        return {"key": self.key, "detail": self.detail, "met": self.met, "overridable": self.overridable}

    def without_figures(self) -> "Condition":
        """The requirement alone: review figures are for lab managers (blind review)."""
        return replace(self, detail=self.requirement or self.detail) if self.overridable else self


def _with_figures(key: str, requirement: str, figures: str, met: bool, *, overridable: bool) -> Condition:
    detail = _("%(requirement)s (%(figures)s)") % {"requirement": requirement, "figures": figures}
    return Condition(key, detail, met, overridable, requirement=requirement)


REVIEW_GATED = (Stage.submit, Stage.evaluate)
PLAN_GATED = (Stage.incubate, Stage.pilot)


def gate_conditions(session: Session, idea: Idea) -> list[Condition]:
    """The conditions for moving `idea` out of its current stage (empty at the last stage)."""
    stats = review_stats(session, idea_id=idea.id, stage=idea.stage) if idea.stage in REVIEW_GATED else None
    plan = session.get(PilotPlan, idea.id) if idea.stage in PLAN_GATED else None
    return conditions_for(idea.stage, stats=stats, plan=plan)


def conditions_for(stage: Stage, *, stats: ReviewStats | None, plan: PilotPlan | None) -> list[Condition]:
    """The gate out of `stage` from figures loaded beforehand (lists load them in batches)."""
    if stage in REVIEW_GATED:
        return review_conditions(stage, stats)
    if stage == Stage.incubate:
        return plan_conditions(plan)
    if stage == Stage.pilot:
        return report_conditions(plan)
    return []


def review_conditions(stage: Stage, stats: ReviewStats) -> list[Condition]:
    if stage == Stage.submit:
        need, mean, spread = settings.gate_submit_min_reviews, settings.gate_submit_min_mean, None
    else:
        need, mean, spread = settings.gate_evaluate_min_reviews, settings.gate_evaluate_min_mean, settings.gate_evaluate_max_spread
    # The gates read the calibrated mean, so harsh and lenient reviewers weigh the same.
    shown_mean = _("none yet") if stats.calibrated_mean is None else format_fixed(stats.calibrated_mean, 2)
    conditions = [
        _with_figures("min_reviews",
                      ngettext("At least %(num)s submitted review", "At least %(num)s submitted reviews", need)
                      % {"num": format_number(need)},
                      _("has %(count)s") % {"count": format_number(stats.count)}, stats.count >= need, overridable=True),
        _with_figures("min_mean", _("Calibrated mean review score at least %(mean)s of 5") % {"mean": format_fixed(mean, 1)},
                      _("is %(value)s") % {"value": shown_mean},
                      stats.calibrated_mean is not None and stats.calibrated_mean >= mean - 1e-9, overridable=True),
    ]
    if spread is not None:
        shown = _("none yet") if stats.spread is None else format_fixed(stats.spread, 2)
        conditions.append(_with_figures("max_spread", _("Score spread at most %(spread)s") % {"spread": format_fixed(spread, 2)},
                                        _("is %(value)s") % {"value": shown},
                                        stats.spread is not None and stats.spread <= spread, overridable=True))
    return conditions


def plan_conditions(plan: PilotPlan | None) -> list[Condition]:
    indicators = plan.indicators if plan else []
    return [
        Condition("pilot_plan", _("A pilot plan with host country and start and end dates"), plan is not None, False),
        Condition("pilot_indicators", _("At least one pilot indicator with baseline and target"),
                  any(i.baseline is not None and i.target is not None for i in indicators), False),
    ]


def report_conditions(plan: PilotPlan | None) -> list[Condition]:
    indicators = plan.indicators if plan else []
    missing = [i.name for i in indicators if i.actual is None]
    requirement, met = _("An actual value for every pilot indicator"), bool(indicators) and not missing
    results = (_with_figures("pilot_results", requirement, _("missing: %(names)s") % {"names": ", ".join(missing)}, met,
                             overridable=False)
               if missing else Condition("pilot_results", requirement, met, False))
    return [
        results,
        Condition("pilot_summary", _("A pilot report summary"), bool(plan and plan.report_summary), False),
    ]
