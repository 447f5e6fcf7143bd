"""The rubric editor: rows of criteria, edited in place until a review uses the rubric, then versioned."""

import pytest
from sqlmodel import Session

from app.models.accounts import Role
from app.models.ideas import Stage
from app.services.rubrics import current_rubric
from tests.clients import field_error, sign_in
from tests.factories import make_user
from tests.review_factories import give_review
from tests.routers.idea_data import make_idea
from tests.routers.page_forms import form_fields


@pytest.fixture
def manager(session: Session):
    return make_user(session, roles=[Role.lab_manager])


def editor_form(client, stage: str) -> dict[str, str]:
    return form_fields(client.get("/rubrics").text, f"/rubrics/{stage}")


def test_editor_shows_each_stage_with_its_criteria_and_blank_rows(client, session, manager):
    sign_in(client, email=manager.email)
    page = client.get("/rubrics").text
    assert 'id="rubric-submit"' in page and 'id="rubric-evaluate"' in page
    assert "saving it creates a new version" in page and page.count("Version 1") == 2
    fields = editor_form(client, "submit")
    rubric = current_rubric(session, stage=Stage.submit)
    assert [fields[f"c{n}-name"] for n in range(4)] == [c.name for c in rubric.criteria]
    assert [fields[f"c{n}-id"] for n in range(4)] == [str(c.id) for c in rubric.criteria]
    assert (fields["c0-weight"], fields["c0-level-5"]) == ("3", rubric.criteria[0].levels["5"])
    assert (fields["c4-name"], fields["c5-name"], "c4-id" in fields, "c6-name" in fields) == ("", "", False, False)
    for field, label in (("name", "Name"), ("weight", "Weight"), ("description", "Description"),
                         ("level-1", "Level 1 (weakest)"), ("level-5", "Level 5 (strongest)")):
        assert f'<label for="submit-c4-{field}">{label}</label>' in page and f'id="submit-c4-{field}"' in page


def test_unused_rubric_is_edited_in_place_with_rows_added_and_dropped(client, session, manager):
    sign_in(client, email=manager.email)
    fields = editor_form(client, "submit")
    before = current_rubric(session, stage=Stage.submit)
    kept_id = before.criteria[0].id
    fields |= {"c0-weight": "5", "c3-name": "",  # the fourth criterion is dropped
               "c4-name": "Cost", "c4-weight": "1.5", "c4-description": "Value for money",
               **{f"c4-level-{n}": f"Cost level {n}" for n in range(1, 6)}}
    response = client.post("/rubrics/submit", data=fields)
    assert (response.status_code, response.headers["location"]) == (303, "/rubrics#rubric-submit")
    session.expire_all()
    after = current_rubric(session, stage=Stage.submit)
    assert (after.id, after.version) == (before.id, 1)
    assert [(c.name, c.weight) for c in after.criteria] == [
        ("Relevance to the challenge", 5.0), ("Feasibility", 2.0), ("South-South transferability", 2.0), ("Cost", 1.5)]
    assert after.criteria[0].id == kept_id and after.criteria[3].levels["3"] == "Cost level 3"


def test_used_rubric_is_saved_as_a_new_version(client, session, manager):
    idea = make_idea(session, owner=make_user(session))
    review = give_review(session, idea=idea, reviewer=make_user(session, roles=[Role.reviewer]), by=manager, score=4)
    sign_in(client, email=manager.email)
    page = client.get("/rubrics").text
    section = page[page.index('id="rubric-submit"'):page.index('id="rubric-evaluate"')]
    assert "Used by reviews" in section and "creates version 2" in section
    fields = editor_form(client, "submit") | {"c1-name": "Feasibility and cost"}
    response = client.post("/rubrics/submit", data=fields)
    assert response.status_code == 303
    session.expire_all()
    latest = current_rubric(session, stage=Stage.submit)
    assert latest.version == 2 and [c.name for c in latest.criteria][1] == "Feasibility and cost"
    session.refresh(review)
    assert review.rubric_id != latest.id  # the review keeps the version it was written on
    assert "Version 2" in client.get("/rubrics").text


def test_invalid_rows_show_their_errors_and_keep_the_input(client, session, manager):
    sign_in(client, email=manager.email)
    fields = editor_form(client, "submit") | {"c1-weight": "heavy", "c4-name": "Half-done", "c4-weight": "1"}
    response = client.post("/rubrics/submit", data=fields)
    assert response.status_code == 422
    assert field_error(response.text, "1-weight") == "Enter a number."
    assert field_error(response.text, "4-levels") == 'give a descriptor (up to 300 characters) for each level "1" to "5"'
    kept = form_fields(response.text, "/rubrics/submit")
    assert (kept["c1-weight"], kept["c4-name"], kept["c0-name"]) == ("heavy", "Half-done", "Relevance to the challenge")
    session.expire_all()
    assert current_rubric(session, stage=Stage.submit).criteria[1].weight == 2.0


def test_a_rubric_needs_one_criterion(client, session, manager):
    sign_in(client, email=manager.email)
    fields = {k: ("" if k.endswith("-name") else v) for k, v in editor_form(client, "evaluate").items()}
    response = client.post("/rubrics/evaluate", data=fields)
    assert response.status_code == 422 and "Give the rubric at least one criterion" in response.text


@pytest.mark.parametrize("role", [Role.reviewer, Role.submitter])
def test_rubric_editor_is_for_lab_managers(client, session, role):
    sign_in(client, email=make_user(session, roles=[role]).email)
    assert client.get("/rubrics").status_code == 403
