from collections import Counter

from sqlmodel import select

from app.models.accounts import Role, User
from app.models.ideas import Idea, Stage, Status, Transition
from app.services.demo import seed_demo


def test_demo_seed_fills_every_stage_and_every_role(session):
    lines = seed_demo(session)
    assert lines[0] == "demo ideas: 12 across all stages"
    roles = {role for user in session.exec(select(User)) for role in user.roles}
    assert roles == set(Role)
    stages = Counter(idea.stage for idea in session.exec(select(Idea).where(Idea.status == Status.active)))
    assert set(stages) == set(Stage)
    # Ideas got where they are through the stage service, so each step is in the history.
    replicated = session.exec(select(Idea).where(Idea.stage == Stage.replicate)).first()
    steps = session.exec(select(Transition.to_state).where(Transition.idea_id == replicated.id).order_by(Transition.id)).all()
    assert steps == ["active", "incubate", "pilot", "evaluate", "replicate"]


def test_demo_seed_skips_a_database_with_accounts(session):
    seed_demo(session)
    assert seed_demo(session) == ["demo data: skipped (the database already has accounts)"]


def test_demo_ideas_passed_their_review_gates_with_real_reviews(session):
    from app.models.reviews import Review

    seed_demo(session)
    replicated = session.exec(select(Idea).where(Idea.stage == Stage.replicate)).all()
    for idea in replicated:
        stages_reviewed = {r.stage for r in session.exec(select(Review).where(Review.idea_id == idea.id))}
        assert stages_reviewed == {Stage.submit, Stage.evaluate}
