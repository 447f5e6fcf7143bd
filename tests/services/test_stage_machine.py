"""A Hypothesis state machine drives one idea with random requests from its owner and a lab
manager: the stage never moves backward, the version grows by exactly one per change, and
every change writes exactly one transition."""

from hypothesis import HealthCheck, settings, strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule, run_state_machine_as_test
from sqlmodel import select

from app.errors import DomainError
from app.models.accounts import Role
from app.models.ideas import STAGE_ORDER, Stage, Status, Transition
from app.models.idea_schemas import IndicatorIn, PilotPlanIn, PilotReportIn, ResultIn
from app.services import pilots
from app.services.stages import change_stage
from tests.factories import make_user
from tests.idea_factories import make_idea

REACHED: set = set()
TARGETS = [s.value for s in Stage] + ["active", "rejected", "withdrawn", "bogus"]


def test_pipeline_state_machine(session):
    owner = make_user(session, roles=[Role.submitter])
    manager = make_user(session, roles=[Role.lab_manager])

    class Pipeline(RuleBasedStateMachine):
        @initialize(draft=st.booleans())
        def new_idea(self, draft):
            self.idea = make_idea(session, owner=owner, status=Status.draft if draft else Status.active)
            self.changes = 0
            self.highest_stage = 0

        @rule(actor=st.sampled_from(["owner", "manager"]), to=st.sampled_from(TARGETS),
              stale=st.booleans(), override=st.booleans(), reason=st.sampled_from(["", "A written reason"]))
        def request_change(self, actor, to, stale, override, reason):
            user = owner if actor == "owner" else manager
            version = self.idea.version - 1 if stale else self.idea.version
            try:
                change_stage(session, idea_id=self.idea.id, actor=user, to=to, expected_version=version,
                             reason=reason, override=override)
                self.changes += 1
            except DomainError:
                pass
            session.expire_all()

        @rule()
        def manager_advances(self):
            """A well-formed advance, so that random runs walk the whole pipeline."""
            target = self.idea.stage.next.value if self.idea.stage.next else "replicate"
            self.request_change("manager", target, stale=False, override=True, reason="Reviewed off-platform")

        @rule()
        def plan_and_report_pilot(self):
            indicator = IndicatorIn(name="Households", unit="households", baseline=0, target=100)
            plan = PilotPlanIn(host_country="UGA", starts_on="2026-01-01", ends_on="2026-03-01", indicators=[indicator])
            try:
                saved = pilots.save_pilot_plan(session, idea_id=self.idea.id, actor=manager, data=plan)
                report = PilotReportIn(summary="Done", results=[ResultIn(indicator_id=saved.indicators[0].id, actual=90)])
                pilots.submit_pilot_report(session, idea_id=self.idea.id, actor=manager, data=report)
            except DomainError:
                pass
            session.expire_all()

        @invariant()
        def stage_never_moves_backward(self):
            position = STAGE_ORDER.index(self.idea.stage)
            assert position >= self.highest_stage
            self.highest_stage = position
            REACHED.add(self.idea.stage)

        @invariant()
        def one_version_and_one_transition_per_change(self):
            # Factory-made ideas start at version 1 with no history; each change adds one of each.
            transitions = session.exec(select(Transition).where(Transition.idea_id == self.idea.id)).all()
            assert self.idea.version == 1 + self.changes
            assert len(transitions) == self.changes

    run_state_machine_as_test(
        Pipeline,
        settings=settings(max_examples=40, stateful_step_count=50, deadline=None, derandomize=True, database=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]),
    )
    # The machine must actually walk the pipeline, or the invariants above prove little.
    assert REACHED == set(Stage)
