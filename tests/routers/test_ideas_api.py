"""The ideas API: status codes of the contract, visibility, filters and pagination."""

import pytest
from sqlalchemy import event

from app.models.accounts import Role
from app.models.ideas import Stage, Status
from tests.factories import make_token, make_user
from tests.idea_factories import make_idea, make_pilot_plan

NEW_IDEA = {
    "title": "Clay water filters made by local potters", "summary": "Potters make ceramic filters.",
    "problem": "Unsafe drinking water in peri-urban settlements.", "solution": "Silver-lined clay filters sold at cost.",
    "origin_country": "NIC", "themes": ["water-sanitation", "health"], "sdgs": [6, 3],
}


def bearer(session, *roles, **kwargs):
    user = make_user(session, roles=roles, **kwargs)
    value, _ = make_token(session, user=user)
    return user, {"Authorization": f"Bearer {value}"}


@pytest.fixture
def owner(session):
    return bearer(session, Role.submitter)


@pytest.fixture
def manager(session):
    return bearer(session, Role.lab_manager)


def test_create_idea_returns_201_and_the_idea(client, owner):
    response = client.post("/api/v1/ideas", json=NEW_IDEA, headers=owner[1])
    assert response.status_code == 201
    body = response.json()
    assert (body["stage"], body["status"], body["version"], body["origin_country"]) == ("submit", "active", 1, "NIC")
    assert body["themes"] == ["health", "water-sanitation"] and body["sdgs"] == [3, 6]


@pytest.mark.parametrize(
    ("change", "field"),
    [({"title": ""}, "title"), ({"origin_country": "XYZ"}, "origin_country"), ({"themes": []}, "themes"),
     ({"themes": ["no-such-theme"]}, "themes"), ({"sdgs": [18]}, "sdgs"), ({"colour": "red"}, "colour")],
)
def test_create_idea_refuses_bad_input_with_422_naming_the_field(client, owner, change, field):
    response = client.post("/api/v1/ideas", json={**NEW_IDEA, **change}, headers=owner[1])
    assert response.status_code == 422
    assert field in response.json()["fields"]


def test_create_idea_needs_sign_in(client):
    assert client.post("/api/v1/ideas", json=NEW_IDEA).status_code == 401


def test_create_idea_needs_submitter_role(client, session):
    _, headers = bearer(session, Role.reviewer)
    assert client.post("/api/v1/ideas", json=NEW_IDEA, headers=headers).status_code == 403


def test_draft_is_visible_to_its_owner_alone(client, session, owner, manager):
    draft = client.post("/api/v1/ideas", json={**NEW_IDEA, "draft": True}, headers=owner[1]).json()
    assert draft["status"] == "draft"
    assert client.get(f"/api/v1/ideas/{draft['id']}", headers=owner[1]).status_code == 200
    for headers in (manager[1], bearer(session, Role.submitter)[1], {}):
        response = client.get(f"/api/v1/ideas/{draft['id']}", headers=headers)
        assert response.status_code == 404 and response.json()["error"] == "NotFound"
    assert client.get("/api/v1/ideas/999999", headers=manager[1]).json() == response.json()


@pytest.mark.parametrize(
    ("who", "body", "status", "error"),
    [
        ("manager", {"to": "incubate", "expected_version": 1}, 422, "GateNotMet"),
        ("manager", {"to": "incubate", "expected_version": 1, "override": True, "reason": "Strong"}, 200, None),
        ("manager", {"to": "incubate", "expected_version": 5, "override": True, "reason": "Strong"}, 409, "Conflict"),
        ("manager", {"to": "evaluate", "expected_version": 1}, 422, "InvalidTransition"),
        ("manager", {"to": "rejected", "expected_version": 1}, 422, "ValidationFailed"),
        ("owner", {"to": "incubate", "expected_version": 1}, 403, "Forbidden"),
        ("owner", {"to": "withdrawn", "expected_version": 1}, 200, None),
        ("other", {"to": "withdrawn", "expected_version": 1}, 404, "NotFound"),
        ("anonymous", {"to": "withdrawn", "expected_version": 1}, 401, "Unauthorized"),
        ("manager", {"to": "incubate", "expected_version": 1, "extra": 1}, 422, "ValidationFailed"),
    ],
)
def test_transition_status_codes(client, session, owner, manager, who, body, status, error):
    idea = make_idea(session, owner=owner[0])
    headers = {"owner": owner[1], "manager": manager[1], "other": bearer(session, Role.submitter)[1], "anonymous": {}}[who]
    response = client.post(f"/api/v1/ideas/{idea.id}/transitions", json=body, headers=headers)
    assert response.status_code == status
    if error:
        assert response.json()["error"] == error
    else:
        assert response.json()["version"] == 2


def test_gate_not_met_answers_every_unmet_condition(client, session, owner, manager):
    idea = make_idea(session, owner=owner[0], stage=Stage.incubate)
    response = client.post(f"/api/v1/ideas/{idea.id}/transitions", json={"to": "pilot", "expected_version": 1},
                           headers=manager[1])
    assert response.status_code == 422
    assert [c["key"] for c in response.json()["unmet"]] == ["pilot_plan", "pilot_indicators"]


def test_history_lists_transitions_oldest_first(client, session, owner, manager):
    created = client.post("/api/v1/ideas", json={**NEW_IDEA, "draft": True}, headers=owner[1]).json()
    client.post(f"/api/v1/ideas/{created['id']}/transitions", json={"to": "active", "expected_version": 1}, headers=owner[1])
    client.post(f"/api/v1/ideas/{created['id']}/transitions",
                json={"to": "rejected", "expected_version": 2, "reason": "Out of scope"}, headers=manager[1])
    history = client.get(f"/api/v1/ideas/{created['id']}/history", headers=owner[1]).json()
    assert [(h["from"], h["to"], h["actor_id"], h["reason"]) for h in history] == [
        ("draft", "active", owner[0].id, ""), ("active", "rejected", manager[0].id, "Out of scope"),
    ]


def test_patch_by_owner_with_current_version(client, session, owner):
    idea = make_idea(session, owner=owner[0])
    response = client.patch(f"/api/v1/ideas/{idea.id}", json={"expected_version": 1, "title": "Better title"},
                            headers=owner[1])
    assert response.status_code == 200 and (response.json()["title"], response.json()["version"]) == ("Better title", 2)
    stale = client.patch(f"/api/v1/ideas/{idea.id}", json={"expected_version": 1, "title": "Lost"}, headers=owner[1])
    assert stale.status_code == 409


@pytest.mark.parametrize(("stage", "status"), [(Stage.incubate, Status.active), (Stage.submit, Status.rejected)])
def test_patch_refused_after_submit_stage_or_when_closed(client, session, owner, stage, status):
    idea = make_idea(session, owner=owner[0], stage=stage, status=status)
    response = client.patch(f"/api/v1/ideas/{idea.id}", json={"expected_version": 1, "title": "x"}, headers=owner[1])
    assert response.status_code == 403


def test_pilot_plan_and_report_round_trip(client, session, owner):
    idea = make_idea(session, owner=owner[0], stage=Stage.incubate)
    plan = {"host_country": "uga", "starts_on": "2026-02-01", "ends_on": "2026-08-01",
            "indicators": [{"name": "Filters in use", "unit": "households", "baseline": 0, "target": 400}]}
    saved = client.put(f"/api/v1/ideas/{idea.id}/pilot", json=plan, headers=owner[1])
    assert saved.status_code == 200 and saved.json()["host_country"] == "UGA"
    indicator_id = saved.json()["indicators"][0]["id"]
    early = client.post(f"/api/v1/ideas/{idea.id}/pilot/report",
                        json={"summary": "x", "results": [{"indicator_id": indicator_id, "actual": 1}]}, headers=owner[1])
    assert early.status_code == 403  # reports come at the pilot stage
    backwards = {**plan, "ends_on": "2025-01-01"}
    assert client.put(f"/api/v1/ideas/{idea.id}/pilot", json=backwards, headers=owner[1]).status_code == 422
    assert client.get(f"/api/v1/ideas/{idea.id}/pilot").status_code == 404  # not public before the pilot stage


def test_list_filters_and_keyset_pagination(client, session, owner):
    for n in range(5):
        make_idea(session, owner=owner[0], stage=Stage.pilot, title=f"Pilot {n}", country="KEN" if n % 2 else "PER",
                  themes=("education",) if n < 2 else ("health",))
    make_idea(session, owner=owner[0], stage=Stage.submit, title="Not public")
    first = client.get("/api/v1/ideas", params={"limit": 2}).json()
    second = client.get("/api/v1/ideas", params={"limit": 2, "cursor": first["next_cursor"]}).json()
    third = client.get("/api/v1/ideas", params={"limit": 2, "cursor": second["next_cursor"]}).json()
    titles = [i["title"] for page in (first, second, third) for i in page["items"]]
    assert titles == ["Pilot 4", "Pilot 3", "Pilot 2", "Pilot 1", "Pilot 0"] and third["next_cursor"] is None
    assert [i["title"] for i in client.get("/api/v1/ideas", params={"country": "ken"}).json()["items"]] == ["Pilot 3", "Pilot 1"]
    assert [i["title"] for i in client.get("/api/v1/ideas", params={"theme": "education"}).json()["items"]] == ["Pilot 1", "Pilot 0"]
    mine = client.get("/api/v1/ideas", params={"stage": "submit"}, headers=owner[1]).json()["items"]
    assert [i["title"] for i in mine] == ["Not public"]


def test_full_text_search_finds_words_in_any_language(client, session, owner):
    make_idea(session, owner=owner[0], stage=Stage.pilot, title="Filtres à eau", problem="Eau insalubre dans les écoles")
    make_idea(session, owner=owner[0], stage=Stage.pilot, title="حلول المياه", problem="ندرة المياه في القرى")
    make_idea(session, owner=owner[0], stage=Stage.pilot, title="Other", problem="Nothing in common")
    assert [i["title"] for i in client.get("/api/v1/ideas", params={"q": "insalubre"}).json()["items"]] == ["Filtres à eau"]
    assert [i["title"] for i in client.get("/api/v1/ideas", params={"q": "المياه"}).json()["items"]] == ["حلول المياه"]
    assert client.get("/api/v1/ideas", params={"q": "écol"}).json()["items"][0]["title"] == "Filtres à eau"


def test_invalid_cursor_is_422(client):
    assert client.get("/api/v1/ideas", params={"cursor": "!!!"}).status_code == 422


def count_queries(session, call) -> int:
    statements = []
    listener = lambda *args: statements.append(args[2])  # noqa: E731
    connection = session.connection()
    event.listen(connection, "before_cursor_execute", listener)
    try:
        call()
    finally:
        event.remove(connection, "before_cursor_execute", listener)
    return len(statements)


def test_list_api_runs_a_fixed_number_of_queries(client, session, owner):
    make_idea(session, owner=owner[0], stage=Stage.pilot)
    few = count_queries(session, lambda: client.get("/api/v1/ideas", params={"limit": 50}))
    for n in range(30):
        other = make_user(session, roles=[Role.submitter]) if n % 5 == 0 else owner[0]
        idea = make_idea(session, owner=other, stage=Stage.evaluate, themes=("health", "education"), sdgs=(3, 4))
        make_pilot_plan(session, idea=idea)
    many = count_queries(session, lambda: client.get("/api/v1/ideas", params={"limit": 50}))
    assert few == many
