"""The services behind the country, replication, dashboard and map pages: who may propose, which
solutions are proven, the flows and their arcs, the dashboard's country and grouping, the lineage."""

from collections import Counter
from datetime import date

import pytest

from app.errors import Forbidden, NotFound, Unauthorized
from app.models.accounts import Role
from app.models.ideas import Stage, Status
from app.models.replication_schemas import IndicatorProgress, ProgressUpdatePublic, ReplicationCreate
from app.models.replications import ReplicationStatus as R
from app.services import dashboard, flows, lineage, replication_details, replications
from tests.factories import make_user
from tests.idea_factories import make_idea, make_pilot_plan
from tests.review_factories import give_review


@pytest.fixture
def lab(session):
    people = {
        "officer": make_user(session, roles=[Role.country_officer], country="BGD"),
        "origin_officer": make_user(session, roles=[Role.country_officer], country="UGA"),
        "homeless_officer": make_user(session, roles=[Role.country_officer]),
        "manager": make_user(session, roles=[Role.lab_manager]),
        "admin": make_user(session, roles=[Role.admin]),
        "submitter": make_user(session, roles=[Role.submitter], country="UGA"),
        "reviewer": make_user(session, roles=[Role.reviewer]),
    }
    people["solution"] = make_idea(session, owner=people["submitter"], stage=Stage.replicate, country="UGA")
    return people


@pytest.mark.parametrize(("who", "allowed"), [
    ("officer", True), ("manager", True), ("admin", True),
    ("origin_officer", False),    # the solution's own country
    ("homeless_officer", False),  # an officer without a country proposes nowhere
    ("submitter", False), ("reviewer", False), (None, False),
])
def test_can_propose(lab, who, allowed):
    assert replications.can_propose(lab[who] if who else None, lab["solution"]) is allowed


def test_proven_ids_checks_many_ideas_at_once(session, lab):
    reviewers = [make_user(session, roles=[Role.reviewer]) for _ in range(4)]
    strong = make_idea(session, owner=lab["submitter"], stage=Stage.evaluate)
    weak = make_idea(session, owner=lab["submitter"], stage=Stage.evaluate)
    for reviewer in reviewers[:2]:
        give_review(session, idea=strong, reviewer=reviewer, by=lab["manager"], score=5)
    for reviewer in reviewers[2:]:
        give_review(session, idea=weak, reviewer=reviewer, by=lab["manager"], score=2)
    piloted = make_idea(session, owner=lab["submitter"], stage=Stage.pilot)
    rejected = make_idea(session, owner=lab["submitter"], stage=Stage.replicate, status=Status.rejected)
    ideas = [lab["solution"], strong, weak, piloted, rejected]
    assert replications.proven_ids(session, ideas) == {lab["solution"].id, strong.id}
    assert [replications.is_proven(session, i) for i in ideas] == [True, True, False, False, False]


def test_flow_arcs_group_by_pair_and_status_and_bend_apart():
    where = {"UGA": (100.0, 200.0), "KEN": (300.0, 200.0), "BGD": (500.0, 100.0)}
    names = {"UGA": "Uganda", "KEN": "Kenya", "BGD": "Bangladesh"}
    counts = Counter({("UGA", "KEN", R.in_progress): 3, ("UGA", "KEN", R.planned): 1, ("UGA", "BGD", R.proposed): 1,
                      ("UGA", "XXX", R.planned): 1})  # a country off the map draws no arc
    arcs = flows.flow_arcs(counts, where, names)
    assert [(a.country, a.status, a.count, a.width) for a in arcs] == [
        ("KEN", R.in_progress, 3, 5.5), ("BGD", R.proposed, 1, 2.5), ("KEN", R.planned, 1, 2.5)]
    assert arcs[0].label == "Uganda to Kenya: 3 in progress"
    assert arcs[2].path == "M100 200 Q200 160 300 200"       # planned: first of its pair, bend 0.2
    assert arcs[0].path == "M100 200 Q200 136 300 200"       # in progress: second, bend 0.32
    assert arcs[1].path == "M100 200 Q280 70 500 100"       # bend 0.2 of a 412.31 px chord, up and to the left


def test_flow_map_draws_replications_as_arcs_between_country_dots(session, lab):
    data = ReplicationCreate(idea_id=lab["solution"].id, country="BGD")
    replication = replications.propose_replication(session, actor=lab["officer"], data=data)
    found = flows.flow_map(session, viewer=lab["reviewer"])
    assert [(r.replication_id, r.origin, r.country, r.status) for r in found.rows] == [(replication.id, "UGA", "BGD", R.proposed)]
    assert [(a.origin, a.country, a.count) for a in found.arcs] == [("UGA", "BGD", 1)]
    active = {d.code: d for d in found.dots if d.active}
    assert sorted(active) == ["BGD", "UGA"] and active["BGD"].region == "asia" and active["UGA"].region == "africa"
    assert all(0 <= d.x <= 960 and 0 <= d.y <= 384 for d in found.dots) and len(found.dots) > 200
    assert "ATA" not in {d.code for d in found.dots}  # Antarctica lies south of the frame
    assert dict(found.legend) == {R.proposed: 1, R.planned: 0, R.in_progress: 0, R.completed: 0, R.discontinued: 0}


def test_flows_are_for_signed_in_users(session):
    with pytest.raises(Unauthorized):
        flows.replication_flows(session, viewer=None)


@pytest.mark.parametrize(("who", "requested", "country"), [
    ("officer", "", "BGD"), ("officer", "KEN", "BGD"),   # an officer sees their own office
    ("manager", "", None), ("manager", "ken", "KEN"),    # a lab manager chooses
    ("homeless_officer", "", None),
])
def test_dashboard_country(lab, who, requested, country):
    assert dashboard.dashboard_country(lab[who], requested) == country


def test_dashboard_refuses_other_roles(session, lab):
    with pytest.raises(Forbidden):
        dashboard.office_dashboard(session, viewer=lab["submitter"])


def test_dashboard_of_an_unknown_country_is_not_found(session, lab):
    with pytest.raises(NotFound):
        dashboard.office_dashboard(session, viewer=lab["manager"], country="XYZ")


def test_indicator_views_chart_values_in_date_order():
    indicator = IndicatorProgress(id=7, name="Wells", unit="wells", baseline=0, target=10, latest=6, progress=0.6)
    updates = [ProgressUpdatePublic(id=2, note="", happened_on=date(2026, 3, 1), author_id=1, values={7: 6}),
               ProgressUpdatePublic(id=1, note="", happened_on=date(2026, 1, 1), author_id=1, values={7: 2}),
               ProgressUpdatePublic(id=3, note="", happened_on=date(2026, 2, 1), author_id=1, values={})]
    [view] = replication_details.indicator_views([indicator], updates, bar_width=100)
    assert (view.bar.fill, view.bar.percent) == (60.0, 60)
    assert [(p.day, p.value) for p in view.chart.points] == [(date(2026, 1, 1), 2), (date(2026, 3, 1), 6)]
    assert replication_details.indicator_views([indicator], [])[0].chart is None


def test_lineage_tells_origin_pilot_and_replications(session, lab):
    plan = make_pilot_plan(session, idea=lab["solution"], reported=True)
    data = ReplicationCreate(idea_id=lab["solution"].id, country="BGD")
    replications.propose_replication(session, actor=lab["officer"], data=data)
    found = lineage.solution_lineage(session, idea=lab["solution"], viewer=lab["officer"], plan=plan)
    assert found.origin_name == "Uganda" and found.proven
    assert [(s.replication.country, s.country_name, s.bar.known) for s in found.replications] == [("BGD", "Bangladesh", False)]
    assert found.propose_url == f"/replications/new?idea_id={lab['solution'].id}&country=BGD"
    assert lineage.solution_lineage(session, idea=lab["solution"], viewer=None, plan=None).replications is None


def test_lineage_of_a_pilot_shows_its_results(session, lab):
    piloted = make_idea(session, owner=lab["submitter"], stage=Stage.pilot, country="UGA")
    plan = make_pilot_plan(session, idea=piloted, indicators=2, reported=True)
    found = lineage.solution_lineage(session, idea=piloted, viewer=lab["officer"], plan=plan)
    assert (found.pilot.country_name, found.pilot.summary) == ("Uganda", "The pilot served more households than planned.")
    assert [(r.actual, r.target, r.bar.percent) for r in found.pilot.results] == [(620, 500, 124), (620, 500, 124)]
    assert (found.proven, found.propose_url, found.replications) == (False, None, [])


def test_no_lineage_before_the_pilot(session, lab):
    early = make_idea(session, owner=lab["submitter"], stage=Stage.incubate)
    assert lineage.solution_lineage(session, idea=early, viewer=lab["manager"], plan=None) is None
