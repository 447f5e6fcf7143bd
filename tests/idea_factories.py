"""Factories for ideas in any stage and status, for tests of the rules that act on them.

They set stage and status directly: a test of a rule starts from the state the rule acts on,
not from the path that led there (that path is tested on its own).
"""

from datetime import date

from sqlmodel import Session

from app.models.accounts import User
from app.models.ideas import Idea, IdeaSdg, IdeaTheme, PilotIndicator, PilotPlan, Stage, Status


def make_idea(
    session: Session,
    *,
    owner: User,
    stage: Stage = Stage.submit,
    status: Status = Status.active,
    title: str = "Solar-powered water kiosks",
    summary: str = "Community kiosks that sell clean water at cost.",
    problem: str = "Villages in arid areas walk hours for unsafe water.",
    solution: str = "Solar pumps and filters run by a local cooperative.",
    country: str = "KEN",
    themes: tuple[str, ...] = ("water-sanitation",),
    sdgs: tuple[int, ...] = (6,),
    organisation: str = "Water Makers",
) -> Idea:
    idea = Idea(
        owner_id=owner.id, title=title, summary=summary, problem=problem, solution=solution,
        origin_country=country, organisation=organisation, stage=stage, status=status,
    )
    idea.theme_rows = [IdeaTheme(theme_code=code) for code in themes]
    idea.sdg_rows = [IdeaSdg(sdg_number=n) for n in sdgs]
    session.add(idea)
    session.commit()
    return idea


def make_pilot_plan(session: Session, *, idea: Idea, indicators: int = 1, reported: bool = False) -> PilotPlan:
    plan = PilotPlan(idea_id=idea.id, host_country="UGA", starts_on=date(2026, 1, 1), ends_on=date(2026, 6, 30))
    plan.indicators = [
        PilotIndicator(name=f"Households served {n}", unit="households", baseline=0, target=500,
                       actual=620 if reported else None)
        for n in range(indicators)
    ]
    if reported:
        plan.report_summary = "The pilot served more households than planned."
    session.add(plan)
    session.commit()
    return plan
