"""The lab manager's board: active ideas by stage, each with the state of its gate.

Built in a fixed number of queries whatever the number of ideas: the counts per stage, the
newest ideas of every stage (at most PER_STAGE each, in one windowed query), then what the
gates read, loaded in batches (review figures, pilot plans with their indicators).
"""

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import joinedload, lazyload
from sqlmodel import Session, select

from app.errors import Forbidden
from app.i18n import _
from app.models.accounts import User
from app.models.ideas import STAGE_ORDER, Idea, PilotPlan, Stage, Status
from app.models.reviews import Rubric
from app.services import reference, rules
from app.services.gates import PLAN_GATED, REVIEW_GATED, Condition, conditions_for
from app.services.review_stats import ReviewStats, review_stats_for

PER_STAGE = 50


@dataclass(frozen=True)
class BoardCard:
    idea: Idea
    country_name: str
    gate: list[Condition]

    @property
    def met(self) -> int:
        return sum(c.met for c in self.gate)

    @property
    def unmet(self) -> int:
        return len(self.gate) - self.met


@dataclass(frozen=True)
class BoardColumn:
    stage: Stage
    cards: list[BoardCard]
    total: int
    has_rubric: bool = False  # its ideas can be assigned reviewers (automatically, from the board)

    @property
    def hidden(self) -> int:
        return self.total - len(self.cards)


def build_board(session: Session, *, viewer: User, per_stage: int = PER_STAGE) -> list[BoardColumn]:
    """The board is the lab managers' (and admins') view of the pipeline."""
    if not rules.is_lab_manager(viewer):
        raise Forbidden(_("The board is for lab managers."))
    totals = dict(session.exec(
        select(Idea.stage, func.count(Idea.id)).where(Idea.status == Status.active).group_by(Idea.stage)
    ).all())
    ideas = _newest_per_stage(session, per_stage)
    plans = _pilot_plans(session, [i.id for i in ideas if i.stage in PLAN_GATED])
    stats = {stage: review_stats_for(session, idea_ids=[i.id for i in ideas if i.stage == stage], stage=stage)
             for stage in REVIEW_GATED}
    countries = reference.country_names(session, [idea.origin_country for idea in ideas])
    cards: dict[Stage, list[BoardCard]] = {stage: [] for stage in STAGE_ORDER}
    for idea in ideas:
        gate = conditions_for(idea.stage, stats=_stats_of(stats, idea), plan=plans.get(idea.id))
        cards[idea.stage].append(BoardCard(idea, countries.get(idea.origin_country, idea.origin_country), gate))
    with_rubric = set(session.exec(select(Rubric.stage).distinct()).all())
    return [BoardColumn(stage, cards[stage], totals.get(stage, 0), stage in with_rubric) for stage in STAGE_ORDER]


def _newest_per_stage(session: Session, per_stage: int) -> list[Idea]:
    ranked = (
        select(Idea.id, func.row_number().over(partition_by=Idea.stage, order_by=Idea.id.desc()).label("rank"))
        .where(Idea.status == Status.active).subquery()
    )
    statement = (
        select(Idea).join(ranked, ranked.c.id == Idea.id).where(ranked.c.rank <= per_stage).order_by(Idea.id.desc())
        # The cards show no themes, SDGs or co-authors: leave them unloaded rather than load them for every idea.
        .options(lazyload(Idea.theme_rows), lazyload(Idea.sdg_rows), lazyload(Idea.coauthor_rows))
    )
    return list(session.exec(statement))


def _pilot_plans(session: Session, idea_ids: list[int]) -> dict[int, PilotPlan]:
    if not idea_ids:
        return {}
    statement = select(PilotPlan).where(PilotPlan.idea_id.in_(idea_ids)).options(joinedload(PilotPlan.indicators))
    return {plan.idea_id: plan for plan in session.exec(statement).unique()}


def _stats_of(stats: dict[Stage, dict[int, ReviewStats]], idea: Idea) -> ReviewStats | None:
    return stats[idea.stage][idea.id] if idea.stage in stats else None
