"""The stage gates: what an idea needs before it may move to the next stage.

Each condition is a small function; thresholds are settings. Review conditions may be
overridden by a lab manager with a written reason; pilot plan and report conditions not.
"""

from dataclasses import asdict, dataclass, replace

from sqlmodel import Session

from app.config import settings
from app.models.ideas import Idea, PilotPlan, Stage
from app.services.review_stats import ReviewStats, review_stats


@dataclass(frozen=True)
class Condition:
    key: str
    detail: str
    met: bool
    overridable: bool

    def as_dict(self) -> dict:
        return asdict(self)

    def without_figures(self) -> "Condition":
        """The requirement alone: review figures are for lab managers (blind review)."""
        return replace(self, detail=self.detail.split(" (")[0]) if self.overridable else self


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
    shown_mean = "none yet" if stats.calibrated_mean is None else f"{stats.calibrated_mean:.2f}"
    conditions = [
        Condition("min_reviews", f"At least {need} submitted reviews (has {stats.count})", stats.count >= need, True),
        Condition("min_mean", f"Calibrated mean review score at least {mean:.1f} of 5 (is {shown_mean})",
                  stats.calibrated_mean is not None and stats.calibrated_mean >= mean - 1e-9, True),
    ]
    if spread is not None:
        shown = "none yet" if stats.spread is None else f"{stats.spread:.2f}"
        conditions.append(Condition("max_spread", f"Score spread at most {spread:.2f} (is {shown})",
                                    stats.spread is not None and stats.spread <= spread, True))
    return conditions


def plan_conditions(plan: PilotPlan | None) -> list[Condition]:
    indicators = plan.indicators if plan else []
    return [
        Condition("pilot_plan", "A pilot plan with host country and start and end dates", plan is not None, False),
        Condition("pilot_indicators", "At least one pilot indicator with baseline and target",
                  any(i.baseline is not None and i.target is not None for i in indicators), False),
    ]


def report_conditions(plan: PilotPlan | None) -> list[Condition]:
    indicators = plan.indicators if plan else []
    missing = [i.name for i in indicators if i.actual is None]
    detail = "An actual value for every pilot indicator" + (f" (missing: {', '.join(missing)})" if missing else "")
    return [
        Condition("pilot_results", detail, bool(indicators) and not missing, False),
        Condition("pilot_summary", "A pilot report summary", bool(plan and plan.report_summary), False),
    ]
