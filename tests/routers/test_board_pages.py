"""The lab manager's board: active ideas by stage with the state of their gates."""

import re

import pytest
from sqlmodel import Session

from app.models.accounts import Role
from app.models.ideas import Stage
from app.services import board, stages
from tests.clients import sign_in
from tests.factories import make_user
from tests.routers.idea_data import make_idea, save_plan


def columns(page: str) -> dict[str, list[str]]:
    found = {}
    for stage, body in re.findall(r'<section class="board-column" aria-labelledby="col-(\w+)">(.*?)</section>', page, re.DOTALL):
        found[stage] = re.findall(r'<h3[^>]*><a href="/ideas/\d+">(.*?)</a></h3>', body)
    return found


@pytest.fixture
def manager(session: Session):
    return make_user(session, roles=[Role.lab_manager])


def test_board_groups_active_ideas_by_stage_with_their_gate(client, session, manager):
    owner = make_user(session)
    for stage in Stage:
        make_idea(session, owner=owner, manager=manager, stage=stage, title=f"At {stage.value}")
    planned = make_idea(session, owner=owner, manager=manager, stage=Stage.incubate, title="Planned", country="BRA")
    save_plan(session, idea=planned, actor=manager)
    make_idea(session, owner=owner, draft=True, title="A draft")
    rejected = make_idea(session, owner=owner, title="Rejected one")
    stages.change_stage(session, idea_id=rejected.id, actor=manager, to="rejected", expected_version=1, reason="No.")

    sign_in(client, email=manager.email)
    page = client.get("/board").text
    assert columns(page) == {"submit": ["At submit"], "incubate": ["Planned", "At incubate"], "pilot": ["At pilot"],
                             "evaluate": ["At evaluate"], "replicate": ["At replicate"]}
    incubate = page[page.index('id="col-incubate"'):page.index('id="col-pilot"')]
    assert "Gate met" in incubate and "Gate: 2 of 2 unmet" in incubate and "Brazil" in incubate
    assert "Gate: 2 of 2 unmet" in page[page.index('id="col-submit"'):page.index('id="col-incubate"')]
    assert f'href="/board/ideas/{planned.id}"' in page  # each card leads to its decision view


def test_board_shows_how_many_ideas_it_leaves_out(session, manager):
    owner = make_user(session)
    for n in range(4):
        make_idea(session, owner=owner, title=f"Idea {n}")
    submit = board.build_board(session, viewer=manager, per_stage=3)[0]
    assert (submit.stage, [c.idea.title for c in submit.cards], submit.total, submit.hidden) == (
        Stage.submit, ["Idea 3", "Idea 2", "Idea 1"], 4, 1)


@pytest.mark.parametrize("role", [Role.submitter, Role.reviewer, Role.country_officer])
def test_board_is_refused_to_other_roles(client, session, role):
    sign_in(client, email=make_user(session, roles=[role]).email)
    assert client.get("/board").status_code == 403


def test_board_is_open_to_admins(client, session):
    sign_in(client, email=make_user(session, roles=[Role.admin]).email)
    assert client.get("/board").status_code == 200


def test_decision_view_of_an_unknown_idea_answers_404(client, session, manager):
    sign_in(client, email=manager.email)
    assert client.get("/board/ideas/999999").status_code == 404
