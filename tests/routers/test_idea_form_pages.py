"""The idea form (new and edit) and the signed-in user's list of their ideas."""

import html
import re

import pytest
from sqlmodel import Session

from app.models.accounts import Role
from app.models.idea_schemas import IdeaUpdate
from app.models.ideas import Stage, Status
from app.services import ideas
from tests.clients import checked_values, field_error, input_value, sign_in
from tests.factories import make_user
from tests.routers.idea_data import (
    all_ideas,
    form_token,
    make_idea,
    post_form,
    textarea_value,
    transitions_of,
)

FORM = {
    "title": "Solar water pumps", "summary": "Community-run solar pumps.", "problem": "Wells run dry in the dry season.",
    "solution": "Solar pumps kept by a village committee.", "origin_country": "KEN", "themes": ["water-sanitation"],
    "sdgs": ["6", "13"], "organisation": "Pump Makers", "beneficiaries": "2,000 villagers",
    "co_authors": "ada@example.org,\nbo@example.org",
}


@pytest.fixture
def submitter(session: Session):
    return make_user(session, roles=[Role.submitter], email="sub@example.org", country="KEN")


@pytest.fixture
def manager(session: Session):
    return make_user(session, roles=[Role.lab_manager], email="manager@example.org", name="Rafael Manager")


def test_idea_form_shows_errors_next_to_fields_keeps_input_then_saves_draft_then_submits(client, session, submitter):
    sign_in(client, email=submitter.email)

    response = post_form(client, "/ideas/new", "/ideas/new", {**FORM, "title": "  ", "themes": [], "action": "draft"})
    assert response.status_code == 422
    assert field_error(response.text, "title") == "This field is required."
    assert field_error(response.text, "themes") == "Choose at least one."
    assert field_error(response.text, "summary") is None
    assert textarea_value(response.text, "problem") == FORM["problem"]
    assert input_value(response.text, "organisation") == "Pump Makers"
    assert checked_values(response.text, "sdgs") == ["6", "13"]
    assert textarea_value(response.text, "co_authors") == FORM["co_authors"]
    assert all_ideas(session) == []

    response = post_form(client, "/ideas/new", "/ideas/new", {**FORM, "action": "draft"})
    assert response.status_code == 303
    [idea] = all_ideas(session)
    assert response.headers["location"] == f"/ideas/{idea.id}"
    assert (idea.status, idea.stage, idea.themes, idea.sdgs) == (Status.draft, Stage.submit, ["water-sanitation"], [6, 13])
    assert idea.coauthors == ["ada@example.org", "bo@example.org"]
    page = client.get(f"/ideas/{idea.id}").text
    assert "This idea is a draft" in page and "Your draft is saved" in page

    response = post_form(client, f"/ideas/{idea.id}", f"/ideas/{idea.id}/transitions",
                         {"to": "active", "expected_version": str(idea.version)})
    assert response.status_code == 303
    assert transitions_of(session, idea.id) == [("draft", "active", False)]
    mine = client.get("/my/ideas")
    assert mine.status_code == 200
    assert "Solar water pumps" in mine.text and "Active" in mine.text and "Submit stage" in mine.text


def test_idea_form_submit_button_submits_at_once(client, session, submitter):
    sign_in(client, email=submitter.email)
    response = post_form(client, "/ideas/new", "/ideas/new", {**FORM, "action": "submit"})
    assert response.status_code == 303
    [idea] = all_ideas(session)
    assert idea.status == Status.active
    assert transitions_of(session, idea.id) == [("draft", "active", False)]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"origin_country": ""}, "origin_country", "Choose a country from the list."),
        ({"origin_country": "XXX"}, "origin_country", "Choose a country from the list."),  # the service's check
        ({"themes": ["no-such-theme"]}, "themes", "Choose themes from the list."),  # the service's check
        ({"co_authors": "ada@example.org, not-an-email"}, "co_authors", "Enter a valid email address."),
        ({"sdgs": ["18"]}, "sdgs", "SDGs are numbered 1 to 17"),
    ],
)
def test_idea_form_error_is_shown_next_to_its_field(client, session, submitter, change, field, message):
    sign_in(client, email=submitter.email)
    response = post_form(client, "/ideas/new", "/ideas/new", {**FORM, **change, "action": "draft"})
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert input_value(response.text, "title") == FORM["title"]
    assert all_ideas(session) == []


@pytest.mark.parametrize("field", ["title", "summary", "problem", "solution"])
def test_a_field_in_error_stays_required_and_says_it_is_invalid(client, session, submitter, field):
    sign_in(client, email=submitter.email)
    response = post_form(client, "/ideas/new", "/ideas/new", {**FORM, field: "", "action": "draft"})
    tag = re.search(rf'<(?:input|textarea) id="{field}"[^>]*>', response.text).group(0)
    assert "required" in tag.replace(">", " ").split()
    assert 'aria-invalid="true"' in tag and f'aria-describedby="{field}-error"' in tag


@pytest.mark.parametrize("role", [Role.reviewer, Role.country_officer])
def test_idea_form_is_refused_without_the_submitter_role(client, session, role):
    user = make_user(session, roles=[role])
    sign_in(client, email=user.email)
    assert client.get("/ideas/new").status_code == 403


def test_idea_form_sends_the_anonymous_to_sign_in(client):
    response = client.get("/ideas/new")
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=/ideas/new"


def test_idea_form_post_without_csrf_token_is_refused(client, session, submitter):
    sign_in(client, email=submitter.email)
    response = client.post("/ideas/new", data={**FORM, "action": "draft"})
    assert response.status_code == 403
    assert all_ideas(session) == []


def test_edit_form_is_prefilled_and_saves(client, session, submitter):
    idea = make_idea(session, owner=submitter, title="Old title", sdgs=(6,), draft=True)
    sign_in(client, email=submitter.email)
    page = client.get(f"/ideas/{idea.id}/edit").text
    assert input_value(page, "title") == "Old title"
    assert checked_values(page, "themes") == ["water-sanitation"]
    assert f'name="expected_version" value="{idea.version}"' in page

    data = {**FORM, "title": "New title", "expected_version": str(idea.version)}
    response = post_form(client, f"/ideas/{idea.id}/edit", f"/ideas/{idea.id}/edit", data)
    assert response.status_code == 303
    session.refresh(idea)
    assert (idea.title, idea.sdgs, idea.version) == ("New title", [6, 13], 2)


def test_edit_with_a_stale_version_shows_changed_meanwhile_and_keeps_input(client, session, submitter):
    idea = make_idea(session, owner=submitter, title="Old title")
    sign_in(client, email=submitter.email)
    page = client.get(f"/ideas/{idea.id}/edit").text
    ideas.update_idea(session, idea_id=idea.id, actor=submitter, data=IdeaUpdate(expected_version=1, summary="Elsewhere."))

    response = client.post(f"/ideas/{idea.id}/edit",
                           data={**FORM, "title": "Mine", "expected_version": "1",
                                 "csrf_token": form_token(page, f"/ideas/{idea.id}/edit")})
    assert response.status_code == 409
    assert "changed meanwhile" in response.text and f'href="/ideas/{idea.id}/edit">Reload' in response.text
    assert input_value(response.text, "title") == "Mine"
    session.refresh(idea)
    assert (idea.title, idea.summary, idea.version) == ("Old title", "Elsewhere.", 2)


def test_edit_empty_title_is_refused_not_ignored(client, session, submitter):
    idea = make_idea(session, owner=submitter, title="Old title")
    sign_in(client, email=submitter.email)
    response = post_form(client, f"/ideas/{idea.id}/edit", f"/ideas/{idea.id}/edit",
                         {**FORM, "title": "", "expected_version": "1"})
    assert response.status_code == 422
    assert field_error(response.text, "title") == "This field is required."


def test_edit_is_refused_to_others_and_after_the_submit_stage(client, session, submitter, manager):
    incubated = make_idea(session, owner=submitter, stage=Stage.incubate, manager=manager)
    other = make_idea(session, owner=make_user(session), title="Not mine")
    sign_in(client, email=submitter.email)
    assert client.get(f"/ideas/{incubated.id}/edit").status_code == 403
    assert client.get(f"/ideas/{other.id}/edit").status_code == 404  # another's idea at submit is not visible
    assert "Edit</a>" not in client.get(f"/ideas/{incubated.id}").text


def test_my_ideas_lists_own_ideas_newest_first_with_a_next_page(client, session, submitter):
    make_idea(session, owner=make_user(session), title="Someone else's")
    made = [make_idea(session, owner=submitter, title=f"Mine {n}", draft=n % 2 == 0) for n in range(22)]
    sign_in(client, email=submitter.email)
    page = client.get("/my/ideas").text
    titles = re.findall(r'<a href="/ideas/\d+">(Mine \d+)</a>', page)
    assert titles == [f"Mine {n}" for n in range(21, 1, -1)]
    assert "Someone else" not in page and 'href="/ideas/new"' in page
    next_url = html.unescape(re.search(r'<a href="([^"]+)" rel="next">Next page</a>', page).group(1))
    second = client.get(next_url).text
    assert re.findall(r'<a href="/ideas/\d+">(Mine \d+)</a>', second) == ["Mine 1", "Mine 0"]
    assert 'rel="next"' not in second
    assert len(made) == 22


def test_my_ideas_needs_sign_in(client):
    assert client.get("/my/ideas").headers["location"] == "/signin?next=/my/ideas"
