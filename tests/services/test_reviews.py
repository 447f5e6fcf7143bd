"""Reviews in the database: submitting, reopening, rubric versions, blind visibility, gates."""

import pytest
from sqlmodel import select

from app.errors import Conflict, Forbidden, ValidationFailed
from app.models.accounts import Role
from app.models.ideas import Stage
from app.models.notifications import Notification
from app.models.review_schemas import CriterionIn, ReviewIn, RubricIn
from app.models.reviews import AssignmentStatus, Recommendation, Rubric
from app.services import assignments, reviews, rubrics
from app.services.stages import change_stage
from tests.factories import make_user
from tests.idea_factories import make_idea
from tests.review_factories import give_review, make_assignment


@pytest.fixture
def lab(session):
    people = {
        "owner": make_user(session, roles=[Role.submitter], country="KEN"),
        "manager": make_user(session, roles=[Role.lab_manager]),
        "r1": make_user(session, roles=[Role.reviewer], country="BRA"),
        "r2": make_user(session, roles=[Role.reviewer], country="IND"),
        "r3": make_user(session, roles=[Role.reviewer], country="PER"),
        "stranger": make_user(session, roles=[Role.submitter]),
    }
    people["idea"] = make_idea(session, owner=people["owner"])
    return people


def test_submitted_review_total_and_assignment_state(session, lab):
    review = give_review(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"], score=4)
    assert (review.total, review.submitted) == (4.0, True)
    assignment = assignments.get_own_assignment(session, actor=lab["r1"], assignment_id=review.assignment_id)
    assert assignment.status == AssignmentStatus.submitted


def test_submitted_review_cannot_be_changed_until_reopened(session, lab):
    review = give_review(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"], score=4)
    rubric = rubrics.current_rubric(session, stage=Stage.submit)
    again = ReviewIn(scores={c.id: 2 for c in rubric.criteria}, recommendation=Recommendation.reject)
    with pytest.raises(Conflict):
        reviews.submit_review(session, actor=lab["r1"], assignment_id=review.assignment_id, data=again)
    with pytest.raises(Forbidden):
        reviews.reopen_review(session, actor=lab["r1"], review_id=review.id)
    reviews.reopen_review(session, actor=lab["manager"], review_id=review.id)
    changed = reviews.submit_review(session, actor=lab["r1"], assignment_id=review.assignment_id, data=again)
    assert (changed.id, changed.total, changed.recommendation) == (review.id, 2.0, Recommendation.reject)


@pytest.mark.parametrize("scores", ["missing", "extra", "zero"])
def test_review_needs_one_score_1_to_5_per_criterion(session, lab, scores):
    assignment = make_assignment(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"])
    ids = [c.id for c in rubrics.current_rubric(session, stage=Stage.submit).criteria]
    given = {"missing": {i: 3 for i in ids[1:]}, "extra": {**{i: 3 for i in ids}, 99999: 3}, "zero": {i: 0 for i in ids}}[scores]
    with pytest.raises(ValidationFailed):
        reviews.submit_review(session, actor=lab["r1"], assignment_id=assignment.id,
                              data=ReviewIn(scores=given, recommendation=Recommendation.advance))


def test_used_rubric_gets_a_new_version_and_old_reviews_keep_theirs(session, lab):
    before = rubrics.current_rubric(session, stage=Stage.submit)
    review = give_review(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"], score=3)
    levels = {str(n): f"Level {n}" for n in range(1, 6)}
    edited = rubrics.save_rubric(session, actor=lab["manager"], stage=Stage.submit,
                                 data=RubricIn(criteria=[CriterionIn(name="Overall", weight=1, levels=levels)]))
    assert (edited.version, [c.name for c in edited.criteria]) == (before.version + 1, ["Overall"])
    kept = session.get(Rubric, review.rubric_id)
    assert kept.id == before.id and len(kept.criteria) == 4


def test_unused_rubric_is_edited_in_place(session, lab):
    before = rubrics.current_rubric(session, stage=Stage.evaluate)
    items = [CriterionIn(id=c.id, name=c.name + "!", weight=c.weight, levels=c.levels) for c in before.criteria]
    edited = rubrics.save_rubric(session, actor=lab["manager"], stage=Stage.evaluate, data=RubricIn(criteria=items))
    assert (edited.id, edited.version, edited.criteria[0].name) == (before.id, before.version, before.criteria[0].name)
    assert edited.criteria[0].name.endswith("!")


def test_only_lab_managers_edit_rubrics(session, lab):
    levels = {str(n): "x" for n in range(1, 6)}
    with pytest.raises(Forbidden):
        rubrics.save_rubric(session, actor=lab["r1"], stage=Stage.submit,
                            data=RubricIn(criteria=[CriterionIn(name="x", weight=1, levels=levels)]))


# What each viewer sees of the reviews: (viewer, reviews visible, names, scores, confidential)
VISIBILITY = [
    ("manager", 2, True, True, True),
    ("r1", 2, False, True, False),       # submitted their own: sees the others, blind
    ("r3", 0, False, False, False),      # assigned, not yet submitted: nothing of the others
    ("owner", 2, False, False, False),   # comments to the submitter only
    ("stranger", None, None, None, None),  # cannot see the idea at all (404)
]


@pytest.mark.parametrize(("viewer", "count", "names", "scores", "confidential"), VISIBILITY)
def test_review_visibility(session, lab, viewer, count, names, scores, confidential):
    from app.errors import NotFound

    give_review(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"], score=4)
    give_review(session, idea=lab["idea"], reviewer=lab["r2"], by=lab["manager"], score=2)
    make_assignment(session, idea=lab["idea"], reviewer=lab["r3"], by=lab["manager"])
    if count is None:
        with pytest.raises(NotFound):
            reviews.reviews_for_idea(session, viewer=lab[viewer], idea_id=lab["idea"].id)
        return
    seen = reviews.reviews_for_idea(session, viewer=lab[viewer], idea_id=lab["idea"].id)
    others = [v for v in seen if v.reviewer_id != lab[viewer].id or viewer == "manager"]
    assert len(seen) == count
    for view in others:
        if viewer == "r1" and view.total == 4.0:
            continue  # their own review, seen in full
        assert (view.reviewer_name is not None) == names
        assert (view.scores is not None and view.total is not None and view.recommendation is not None) == scores
        assert (view.confidential_comment is not None) == confidential
        assert view.comment_to_submitter.startswith("Comment")


@pytest.mark.parametrize(("viewer", "allowed"), [("manager", True), ("r1", True), ("r3", False), ("owner", False)])
def test_score_visibility(session, lab, viewer, allowed):
    give_review(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"], score=4)
    give_review(session, idea=lab["idea"], reviewer=lab["r2"], by=lab["manager"], score=2)
    make_assignment(session, idea=lab["idea"], reviewer=lab["r3"], by=lab["manager"])
    if allowed:
        score = reviews.idea_score(session, viewer=lab[viewer], idea_id=lab["idea"].id)
        assert (score.n_reviews, score.mean, score.spread, score.flagged) == (2, 3.0, 1.0, False)
    else:
        with pytest.raises(Forbidden):
            reviews.idea_score(session, viewer=lab[viewer], idea_id=lab["idea"].id)


def test_assigned_reviewer_sees_the_idea_but_blind(session, lab):
    from app.services.ideas import read_idea

    make_assignment(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"])
    seen = read_idea(session, idea_id=lab["idea"].id, viewer=lab["r1"])
    assert (seen.submitter, seen.organisation, seen.co_authors) == (None, None, None)


def test_gate_opens_on_reviews(session, lab):
    idea = lab["idea"]
    give_review(session, idea=idea, reviewer=lab["r1"], by=lab["manager"], score=4)
    give_review(session, idea=idea, reviewer=lab["r2"], by=lab["manager"], score=3)
    moved = change_stage(session, idea_id=idea.id, actor=lab["manager"], to="incubate", expected_version=1)
    assert moved.stage == Stage.incubate


def test_gate_stays_shut_on_low_scores(session, lab):
    from app.errors import GateNotMet

    give_review(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"], score=2)
    give_review(session, idea=lab["idea"], reviewer=lab["r2"], by=lab["manager"], score=3)
    with pytest.raises(GateNotMet) as caught:
        change_stage(session, idea_id=lab["idea"].id, actor=lab["manager"], to="incubate", expected_version=1)
    assert [c["key"] for c in caught.value.extra["unmet"]] == ["min_mean"]


def test_gate_uses_calibrated_means(session, lab):
    """Two harsh reviewers give the idea their best marks (2 of 5): raw it fails the 3.0 bar,
    calibrated against their own histories and the lab's scale it passes."""
    harsh1, harsh2, lenient = lab["r1"], lab["r2"], lab["r3"]
    for reviewer, scores in ((harsh1, (1, 1, 1)), (harsh2, (1, 2, 1)), (lenient, (4, 5, 4, 5))):
        for score in scores:
            give_review(session, idea=make_idea(session, owner=lab["stranger"]), reviewer=reviewer, by=lab["manager"], score=score)
    give_review(session, idea=lab["idea"], reviewer=harsh1, by=lab["manager"], score=2)
    give_review(session, idea=lab["idea"], reviewer=harsh2, by=lab["manager"], score=2)
    score = reviews.idea_score(session, viewer=lab["manager"], idea_id=lab["idea"].id)
    assert score.mean == 2.0 and round(score.calibrated_mean, 2) == 4.48
    assert change_stage(session, idea_id=lab["idea"].id, actor=lab["manager"], to="incubate", expected_version=1).stage == Stage.incubate


def test_assignment_refused_on_conflict_and_notifies_otherwise(session, lab):
    kenyan = make_user(session, roles=[Role.reviewer], country="KEN")
    with pytest.raises(Conflict) as caught:
        assignments.assign_reviewer(session, actor=lab["manager"], idea_id=lab["idea"].id, reviewer_id=kenyan.id, due_on=None)
    assert caught.value.extra["reasons"] == ["The reviewer's country is the idea's origin country."]
    made = assignments.assign_reviewer(session, actor=lab["manager"], idea_id=lab["idea"].id, reviewer_id=lab["r1"].id, due_on=None)
    inbox = session.exec(select(Notification).where(Notification.user_id == lab["r1"].id)).all()
    assert [(n.kind, n.link) for n in inbox] == [("assignment", f"/reviews/{made.id}")]
    with pytest.raises(Conflict):
        assignments.assign_reviewer(session, actor=lab["manager"], idea_id=lab["idea"].id, reviewer_id=lab["r1"].id, due_on=None)


def test_decline_needs_a_reason_and_is_final(session, lab):
    assignment = make_assignment(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"])
    with pytest.raises(ValidationFailed):
        assignments.respond(session, actor=lab["r1"], assignment_id=assignment.id, accept=False, reason=" ")
    declined = assignments.respond(session, actor=lab["r1"], assignment_id=assignment.id, accept=False, reason="Travelling")
    assert (declined.status, declined.decline_reason) == (AssignmentStatus.declined, "Travelling")
    with pytest.raises(Conflict):
        assignments.respond(session, actor=lab["r1"], assignment_id=assignment.id, accept=True)


def test_others_assignments_look_missing(session, lab):
    from app.errors import NotFound

    assignment = make_assignment(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"])
    with pytest.raises(NotFound):
        assignments.respond(session, actor=lab["r2"], assignment_id=assignment.id, accept=True)


def test_auto_assign_covers_ideas_without_conflicts_and_counts_existing(session, lab):
    second = make_idea(session, owner=lab["owner"], themes=("health",))
    make_assignment(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"])
    result = assignments.auto_assign(session, actor=lab["manager"], stage=Stage.submit, per_idea=2, due_on=None)
    pairs = {(p.idea_id, p.reviewer_id) for p in result.assigned}
    assert (lab["idea"].id, lab["r1"].id) not in pairs
    assert sum(1 for i, _ in pairs if i == lab["idea"].id) == 1  # one more to reach two
    assert sum(1 for i, _ in pairs if i == second.id) == 2
    assert all(p.reasons for p in result.assigned)
    assert result.uncovered == []


def test_gate_figures_are_for_lab_managers_only(session, lab):
    from app.services.stages import idea_gate

    give_review(session, idea=lab["idea"], reviewer=lab["r1"], by=lab["manager"], score=2)
    seen_by_owner = {c.key: c.detail for c in idea_gate(session, idea_id=lab["idea"].id, viewer=lab["owner"])}
    seen_by_manager = {c.key: c.detail for c in idea_gate(session, idea_id=lab["idea"].id, viewer=lab["manager"])}
    assert seen_by_owner["min_mean"] == "Calibrated mean review score at least 3.0 of 5"
    assert seen_by_manager["min_mean"] == "Calibrated mean review score at least 3.0 of 5 (is 2.00)"
