"""Challenge profiles and matches through the API."""

import pytest

from app.models.accounts import Role
from app.models.ideas import Stage
from tests.factories import make_token, make_user
from tests.idea_factories import make_idea

PROFILE = [
    {"theme": "water-sanitation", "priority": 1, "description": "Saline groundwater leaves coastal villages without drinking water"},
    {"theme": "climate-adaptation", "priority": 2, "description": "Floods destroy harvests every monsoon"},
]


def bearer(session, *roles, country=None):
    user = make_user(session, roles=roles, country=country)
    return {"Authorization": f"Bearer {make_token(session, user=user)[0]}"}


@pytest.mark.parametrize(("roles", "country", "status"), [
    ((Role.country_officer,), "BGD", 200),
    ((Role.lab_manager,), None, 200),
    ((Role.admin,), None, 200),
    ((Role.country_officer,), "KEN", 403),
    ((Role.submitter,), "BGD", 403),
    ((Role.reviewer,), "BGD", 403),
])
def test_only_the_countrys_officers_and_lab_managers_edit_its_profile(client, session, roles, country, status):
    response = client.put("/api/v1/countries/BGD/challenges", json=PROFILE, headers=bearer(session, *roles, country=country))
    assert response.status_code == status
    if status == 200:
        assert [c["theme"] for c in response.json()] == ["water-sanitation", "climate-adaptation"]


def test_anyone_reads_a_profile(client, session):
    client.put("/api/v1/countries/BGD/challenges", json=PROFILE, headers=bearer(session, Role.country_officer, country="BGD"))
    assert client.get("/api/v1/countries/bgd/challenges").json()[0]["priority"] == 1


@pytest.mark.parametrize("body", [
    [{"theme": "no-such-theme", "priority": 1, "description": ""}],
    [{"theme": "energy", "priority": 4, "description": ""}],
    [{"theme": "energy", "priority": 1}, {"theme": "energy", "priority": 2}],
    [{"theme": "energy", "priority": 1, "colour": "red"}],
])
def test_bad_profiles_are_refused_whole(client, session, body):
    headers = bearer(session, Role.country_officer, country="BGD")
    client.put("/api/v1/countries/BGD/challenges", json=PROFILE, headers=headers)
    assert client.put("/api/v1/countries/BGD/challenges", json=body, headers=headers).status_code == 422
    assert len(client.get("/api/v1/countries/BGD/challenges").json()) == 2


def test_matches_rank_partners_with_their_parts_and_solutions(client, session):
    client.put("/api/v1/countries/BGD/challenges", json=PROFILE, headers=bearer(session, Role.country_officer, country="BGD"))
    owner = make_user(session, roles=[Role.submitter])
    kiosk = make_idea(session, owner=owner, stage=Stage.replicate, country="IND", themes=("water-sanitation",))
    make_idea(session, owner=owner, stage=Stage.submit, country="PAK", themes=("water-sanitation",))  # not public: no evidence
    matches = client.get("/api/v1/countries/BGD/matches", params={"limit": 5}).json()
    top = matches[0]
    assert top["partner"] == "IND" and top["country"] == "BGD"
    assert round(sum(top["parts"].values()), 4) == top["score"]
    assert [s["id"] for s in top["solutions"]] == [kiosk.id]
    assert "same sub-region" in top["reason"]
    assert all(m["partner"] != "BGD" for m in matches)
    pair = client.get("/api/v1/pairs/BGD/IND").json()
    assert pair["score"] == top["score"]


def test_matches_of_a_country_without_profile_are_empty(client):
    assert client.get("/api/v1/countries/FJI/matches").json() == []
    assert client.get("/api/v1/countries/XXX/matches").status_code == 404


def test_strongest_pairs(client, session):
    client.put("/api/v1/countries/BGD/challenges", json=PROFILE, headers=bearer(session, Role.country_officer, country="BGD"))
    pairs = client.get("/api/v1/matches/pairs", params={"limit": 3}).json()
    assert len(pairs) == 3 and pairs[0]["country"] == "BGD"
