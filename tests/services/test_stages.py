"""The stage pipeline: every move allowed or refused, by stage, status and who asks."""

import pytest
from sqlmodel import select

from app.errors import Conflict, Forbidden, GateNotMet, InvalidTransition, NotFound, ValidationFailed
from app.models.accounts import Role
from app.models.ideas import Stage, Status, Transition
from app.services.stages import available_moves, change_stage
from tests.factories import make_user
from tests.idea_factories import make_idea, make_pilot_plan

S, A = Stage, Status
OK = "ok"


@pytest.fixture
def people(session):
    return {
        "owner": make_user(session, roles=[Role.submitter]),
        "other": make_user(session, roles=[Role.submitter]),
        "reviewer": make_user(session, roles=[Role.reviewer]),
        "manager": make_user(session, roles=[Role.lab_manager]),
        "admin": make_user(session, roles=[Role.admin]),
    }


def idea_in(session, people, stage, status, setup=""):
    idea = make_idea(session, owner=people["owner"], stage=stage, status=status)
    if setup in ("plan", "report"):
        make_pilot_plan(session, idea=idea, reported=setup == "report")
    if setup == "empty-plan":
        make_pilot_plan(session, idea=idea, indicators=0)
    return idea


# (stage, status, setup, actor, to, reason, override, expected)
CASES = [
    # submitting a draft: the owner alone; drafts are invisible to everyone else
    (S.submit, A.draft, "", "owner", "active", "", False, OK),
    (S.submit, A.draft, "", "other", "active", "", False, NotFound),
    (S.submit, A.draft, "", "manager", "active", "", False, NotFound),
    (S.submit, A.draft, "", "owner", "incubate", "", False, Forbidden),
    (S.submit, A.active, "", "owner", "active", "", False, InvalidTransition),
    # submit -> incubate: the review gate, which a lab manager may override with a reason
    (S.submit, A.active, "", "manager", "incubate", "", False, GateNotMet),
    (S.submit, A.active, "", "manager", "incubate", "Strong fit with the call", True, OK),
    (S.submit, A.active, "", "admin", "incubate", "Strong fit with the call", True, OK),
    (S.submit, A.active, "", "manager", "incubate", "", True, ValidationFailed),
    (S.submit, A.active, "", "owner", "incubate", "please", True, Forbidden),
    (S.submit, A.active, "", "reviewer", "incubate", "", False, NotFound),
    (S.submit, A.active, "", "manager", "pilot", "skip", True, InvalidTransition),
    (S.submit, A.active, "", "manager", "submit", "", False, InvalidTransition),
    (S.submit, A.active, "", "manager", "nowhere", "", False, ValidationFailed),
    # incubate -> pilot: a pilot plan with an indicator; never overridable
    (S.incubate, A.active, "", "manager", "pilot", "", False, GateNotMet),
    (S.incubate, A.active, "", "manager", "pilot", "trust me", True, GateNotMet),
    (S.incubate, A.active, "empty-plan", "manager", "pilot", "", False, GateNotMet),
    (S.incubate, A.active, "plan", "manager", "pilot", "", False, OK),
    (S.incubate, A.active, "plan", "manager", "submit", "", False, InvalidTransition),
    (S.incubate, A.active, "plan", "owner", "pilot", "", False, Forbidden),
    # pilot -> evaluate: a report with every actual value and a summary
    (S.pilot, A.active, "plan", "manager", "evaluate", "", False, GateNotMet),
    (S.pilot, A.active, "plan", "manager", "evaluate", "trust me", True, GateNotMet),
    (S.pilot, A.active, "report", "manager", "evaluate", "", False, OK),
    (S.pilot, A.active, "report", "reviewer", "evaluate", "", False, Forbidden),
    (S.pilot, A.active, "report", "other", "evaluate", "", False, Forbidden),
    # evaluate -> replicate: the evaluation review gate, overridable
    (S.evaluate, A.active, "report", "manager", "replicate", "", False, GateNotMet),
    (S.evaluate, A.active, "report", "manager", "replicate", "Evaluated off-platform", True, OK),
    (S.replicate, A.active, "report", "manager", "evaluate", "", False, InvalidTransition),
    (S.replicate, A.active, "report", "manager", "replicate", "", False, InvalidTransition),
    # reject: lab managers, any stage, with a reason
    (S.submit, A.active, "", "manager", "rejected", "Out of scope", False, OK),
    (S.pilot, A.active, "plan", "manager", "rejected", "The pilot failed", False, OK),
    (S.replicate, A.active, "report", "admin", "rejected", "Withdrawn by partner", False, OK),
    (S.submit, A.active, "", "manager", "rejected", "   ", False, ValidationFailed),
    (S.submit, A.active, "", "owner", "rejected", "no", False, Forbidden),
    (S.submit, A.rejected, "", "manager", "rejected", "again", False, InvalidTransition),
    (S.submit, A.rejected, "", "manager", "incubate", "", False, InvalidTransition),
    # withdraw: the owner, at any stage before replicate
    (S.submit, A.draft, "", "owner", "withdrawn", "", False, OK),
    (S.submit, A.active, "", "owner", "withdrawn", "", False, OK),
    (S.evaluate, A.active, "report", "owner", "withdrawn", "Funding ended", False, OK),
    (S.replicate, A.active, "report", "owner", "withdrawn", "", False, InvalidTransition),
    (S.submit, A.rejected, "", "owner", "withdrawn", "", False, InvalidTransition),
    (S.submit, A.withdrawn, "", "owner", "active", "", False, InvalidTransition),
    (S.submit, A.active, "", "manager", "withdrawn", "", False, Forbidden),
]


def transitions_of(session, idea) -> list[Transition]:
    return list(session.exec(select(Transition).where(Transition.idea_id == idea.id).order_by(Transition.id)))


@pytest.mark.parametrize(("stage", "status", "setup", "actor", "to", "reason", "override", "expected"), CASES)
def test_change_stage_table(session, people, stage, status, setup, actor, to, reason, override, expected):
    idea = idea_in(session, people, stage, status, setup)
    before = len(transitions_of(session, idea))
    kwargs = dict(idea_id=idea.id, actor=people[actor], to=to, expected_version=1, reason=reason, override=override)
    if expected == OK:
        changed = change_stage(session, **kwargs)
        assert changed.version == 2
        assert (changed.stage.value if to in Stage._value2member_map_ else changed.status.value) == to
        last = transitions_of(session, idea)[-1]
        assert (last.to_state, last.actor_id, last.override) == (to, people[actor].id, override and bool(reason.strip()))
    else:
        with pytest.raises(expected):
            change_stage(session, **kwargs)
        session.expire_all()
        assert (idea.stage, idea.status, idea.version) == (stage, status, 1)
    assert len(transitions_of(session, idea)) == before + (expected == OK)


def test_change_stage_stale_version_is_conflict(session, people):
    idea = idea_in(session, people, S.incubate, A.active, "plan")
    with pytest.raises(Conflict):
        change_stage(session, idea_id=idea.id, actor=people["manager"], to="pilot", expected_version=7)
    assert idea.stage == S.incubate


def test_gate_not_met_lists_every_unmet_condition(session, people):
    idea = idea_in(session, people, S.evaluate, A.active, "report")
    with pytest.raises(GateNotMet) as caught:
        change_stage(session, idea_id=idea.id, actor=people["manager"], to="replicate", expected_version=1)
    assert [c["key"] for c in caught.value.extra["unmet"]] == ["min_reviews", "min_mean", "max_spread"]
    assert all(c["overridable"] for c in caught.value.extra["unmet"])


@pytest.mark.parametrize(
    ("stage", "status", "actor", "expected"),
    [
        (S.submit, A.draft, "owner", ["active", "withdrawn"]),
        (S.submit, A.active, "owner", ["withdrawn"]),
        (S.submit, A.active, "manager", ["incubate", "rejected"]),
        (S.evaluate, A.active, "manager", ["replicate", "rejected"]),
        (S.replicate, A.active, "manager", ["rejected"]),
        (S.replicate, A.active, "owner", []),
        (S.pilot, A.rejected, "manager", []),
        (S.pilot, A.active, "reviewer", []),
    ],
)
def test_available_moves(session, people, stage, status, actor, expected):
    idea = idea_in(session, people, stage, status)
    assert available_moves(people[actor], idea) == expected
