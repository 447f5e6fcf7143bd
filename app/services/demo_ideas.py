"""Demo ideas at every stage, moved there through the same services a lab manager uses, so
each carries a real history (app/data/demo_ideas.json holds the texts)."""

from datetime import date

from sqlmodel import Session

from app.errors import Conflict, GateNotMet
from app.models.accounts import User
from app.models.idea_schemas import IdeaCreate, IndicatorIn, PilotPlanIn, PilotReportIn, ResultIn
from app.models.ideas import STAGE_ORDER, Idea, Stage
from app.models.review_schemas import ReviewIn
from app.models.reviews import Recommendation
from app.services import assignments, ideas, pilots, reviews, stages
from app.services.reference import read_data_file
from app.services.rubrics import require_rubric

DEMO_REASON = "Demo data: decided before the lab went online."


def seed_demo_ideas(session: Session, *, users: dict[str, User], manager: User) -> list[Idea]:
    reviewers = [u for u in users.values() if u.email.startswith("reviewer")]
    seeded = []
    for entry in read_data_file("demo_ideas.json")["ideas"]:
        owner = users[entry["owner"]]
        data = IdeaCreate(
            title=entry["title"], summary=entry["summary"], problem=entry["problem"], solution=entry["solution"],
            origin_country=entry["country"], themes=entry["themes"], sdgs=entry["sdgs"],
            organisation=entry.get("organisation", owner.organisation), beneficiaries=entry.get("beneficiaries", ""),
            draft=entry.get("status") == "draft", language=entry.get("language", "en"),
        )
        idea = ideas.create_idea(session, owner=owner, data=data)
        _walk_to(session, idea, entry, manager=manager, reviewers=reviewers)
        seeded.append(idea)
    return seeded


def _walk_to(session: Session, idea: Idea, entry: dict, *, manager: User, reviewers: list[User]) -> None:
    target = Stage(entry["stage"])
    while idea.stage.index < target.index:
        if idea.stage in (Stage.submit, Stage.evaluate):
            _review(session, idea, manager=manager, reviewers=reviewers)
        if idea.stage == Stage.incubate:
            _plan_pilot(session, idea, entry, manager=manager)
        if idea.stage == Stage.pilot:
            _report_pilot(session, idea, entry, manager=manager)
        try:
            stages.change_stage(session, idea_id=idea.id, actor=manager, to=idea.stage.next.value, expected_version=idea.version)
        except GateNotMet:  # calibration of the few demo reviews fell short: decide as a manager would
            stages.change_stage(session, idea_id=idea.id, actor=manager, to=idea.stage.next.value,
                                expected_version=idea.version, reason=DEMO_REASON, override=True)
    if target == Stage.pilot and entry.get("indicator"):
        _plan_pilot(session, idea, entry, manager=manager)


def _review(session: Session, idea: Idea, *, manager: User, reviewers: list[User]) -> None:
    """Two reviews by reviewers without a conflict, through assignment and the scoring service."""
    rubric = require_rubric(session, stage=idea.stage)
    given = 0
    for n, reviewer in enumerate(reviewers):
        if given == 2:
            break
        try:
            assignment = assignments.assign_reviewer(session, actor=manager, idea_id=idea.id, reviewer_id=reviewer.id, due_on=None)
        except Conflict:
            continue
        scores = {c.id: 4 + (n + c.position + idea.id) % 2 for c in rubric.criteria}
        reviews.submit_review(session, actor=reviewer, assignment_id=assignment.id, data=ReviewIn(
            scores=scores, recommendation=Recommendation.advance,
            comment_to_submitter="A strong, well-evidenced idea; document the costs per household.",
            confidential_comment="Ready to move on."))
        given += 1


def _plan_pilot(session: Session, idea: Idea, entry: dict, *, manager: User) -> None:
    name, unit, baseline, target, _actual = entry["indicator"]
    year = 2025 - (len(STAGE_ORDER) - 1 - Stage(entry["stage"]).index)
    plan = PilotPlanIn(
        host_country=entry.get("host", entry["country"]), starts_on=date(year, 3, 1), ends_on=date(year + 1, 2, 28),
        indicators=[IndicatorIn(name=name, unit=unit, baseline=baseline, target=target)],
    )
    pilots.save_pilot_plan(session, idea_id=idea.id, actor=manager, data=plan)


def _report_pilot(session: Session, idea: Idea, entry: dict, *, manager: User) -> None:
    plan = pilots.get_pilot_plan(session, idea_id=idea.id, viewer=manager)
    actual = entry["indicator"][4]
    report = PilotReportIn(
        summary=f"The pilot of “{idea.title}” reached its target; the lab recommends evaluation.",
        results=[ResultIn(indicator_id=plan.indicators[0].id, actual=actual)],
    )
    pilots.submit_pilot_report(session, idea_id=idea.id, actor=manager, data=report)
