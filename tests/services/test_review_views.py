"""The read-only views of the reviewer pages, declared conflicts, and who answers an assignment."""

from datetime import UTC, datetime

import pytest
from sqlmodel import Session

from app.errors import Forbidden, NotFound, ValidationFailed
from app.models.accounts import Role
from app.models.ideas import Stage
from app.models.review_schemas import CriterionIn, DeclaredConflictIn, ReviewView, RubricIn
from app.models.reviews import AssignmentStatus
from app.services import assignments, declared_conflicts, rubrics
from app.services.assignment import IdeaNeed, ReviewerOffer, fit
from app.services.assignment import automatic_rationale, rationale_reasons
from app.services.review_views import review_tables
from app.services.rubrics import current_rubric
from tests.factories import make_user
from tests.review_factories import give_review, make_assignment
from tests.routers.idea_data import make_idea

LEVELS = {str(n): f"Level {n}" for n in range(1, 6)}


@pytest.fixture
def people(session: Session):
    return {"manager": make_user(session, roles=[Role.lab_manager]), "owner": make_user(session),
            "r1": make_user(session, roles=[Role.reviewer]), "r2": make_user(session, roles=[Role.reviewer])}


def test_rationale_reasons_read_back_as_written():
    plain = fit(IdeaNeed(1, frozenset(), frozenset(), 1), ReviewerOffer(2, frozenset(), frozenset(), 1))[1]
    rich = fit(IdeaNeed(1, frozenset({"energy", "health"}), frozenset({"fr"}), 1),
               ReviewerOffer(2, frozenset({"energy", "health"}), frozenset({"fr"}), 1))[1]
    for reasons in (plain, rich):
        assert rationale_reasons(automatic_rationale(reasons)) == list(reasons)
    assert rich == ("shares expertise in energy, health", "works in fr, a language of the idea's country")


def test_review_tables_put_criteria_of_the_same_name_on_one_row_across_versions(session, people):
    idea = make_idea(session, owner=people["owner"])
    first = give_review(session, idea=idea, reviewer=people["r1"], by=people["manager"], score=4)
    old = current_rubric(session, stage=Stage.submit)
    items = [CriterionIn(name=c.name, weight=c.weight, levels=c.levels) for c in old.criteria[:3]]
    items.append(CriterionIn(name="Cost", weight=1, levels=LEVELS))
    rubrics.save_rubric(session, actor=people["manager"], stage=Stage.submit, data=RubricIn(criteria=items))
    second = give_review(session, idea=idea, reviewer=people["r2"], by=people["manager"], score=2)
    at = datetime(2026, 1, 1, tzinfo=UTC)
    views = [ReviewView(id=r.id, stage=Stage.submit, label=f"Reviewer {n}", reviewer_id=r.reviewer_id, reviewer_name=None,
                        scores={s.criterion_id: s.score for s in r.scores}, total=r.total, recommendation=r.recommendation,
                        comment_to_submitter="", confidential_comment=None, submitted=True, submitted_at=at)
             for n, r in enumerate((first, second), start=1)]
    [table] = review_tables(session, views)
    assert [(row.name, row.scores) for row in table.rows] == [
        ("Relevance to the challenge", [4, 2]), ("Feasibility", [4, 2]), ("South-South transferability", [4, 2]),
        ("Innovation", [4, None]), ("Cost", [None, 2])]


def test_declared_conflicts_belong_to_their_reviewer(session, people):
    row = declared_conflicts.add_declared_conflict(session, actor=people["r1"], data=DeclaredConflictIn(email="A@B.org"))
    assert row.email == "a@b.org"
    assert [c.id for c in declared_conflicts.list_declared_conflicts(session, actor=people["r1"])] == [row.id]
    assert declared_conflicts.list_declared_conflicts(session, actor=people["r2"]) == []
    with pytest.raises(NotFound):
        declared_conflicts.remove_declared_conflict(session, actor=people["r2"], conflict_id=row.id)
    declared_conflicts.remove_declared_conflict(session, actor=people["r1"], conflict_id=row.id)
    assert declared_conflicts.list_declared_conflicts(session, actor=people["r1"]) == []


@pytest.mark.parametrize(("who", "data", "error"), [
    ("owner", DeclaredConflictIn(email="a@b.org"), Forbidden),  # a submitter declares no conflicts
    ("r1", DeclaredConflictIn(note="only a note"), ValidationFailed),
])
def test_declaring_a_conflict_is_refused(session, people, who, data, error):
    with pytest.raises(error):
        declared_conflicts.add_declared_conflict(session, actor=people[who], data=data)


@pytest.mark.parametrize(("who", "allowed"), [("r1", True), ("manager", False)])
def test_only_the_assigned_reviewer_answers_an_assignment(session, people, who, allowed):
    assignment = make_assignment(session, idea=make_idea(session, owner=people["owner"]), reviewer=people["r1"], by=people["manager"])
    if allowed:
        answered = assignments.respond(session, actor=people[who], assignment_id=assignment.id, accept=True)
        assert answered.status == AssignmentStatus.accepted
    else:
        with pytest.raises(Forbidden):
            assignments.respond(session, actor=people[who], assignment_id=assignment.id, accept=True)
