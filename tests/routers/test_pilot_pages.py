"""The pilot pages: the plan with its indicator rows, and the report."""

import re

import pytest
from sqlmodel import Session

from app.models.accounts import Role
from app.models.ideas import PilotPlan, Stage
from tests.clients import field_error, input_value, sign_in
from tests.factories import make_user
from tests.routers.idea_data import make_idea, post_form


@pytest.fixture
def submitter(session: Session):
    return make_user(session, roles=[Role.submitter], email="sub@example.org", country="KEN")


@pytest.fixture
def manager(session: Session):
    return make_user(session, roles=[Role.lab_manager], email="manager@example.org", name="Rafael Manager")


def test_pilot_plan_form_ignores_blank_rows_and_keeps_saved_ones(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, stage=Stage.incubate, manager=manager)
    sign_in(client, email=submitter.email)
    form = {"host_country": "UGA", "starts_on": "2027-01-01", "ends_on": "2027-03-31",
            "indicator-0-name": "Wells", "indicator-0-unit": "wells", "indicator-0-baseline": "0", "indicator-0-target": "4",
            "indicator-1-name": "", "indicator-1-unit": "", "indicator-1-baseline": "", "indicator-1-target": ""}
    assert post_form(client, f"/ideas/{idea.id}/pilot", f"/ideas/{idea.id}/pilot", form).status_code == 303
    page = client.get(f"/ideas/{idea.id}/pilot").text
    saved_id = re.search(r'name="indicator-0-id" value="(\d+)"', page).group(1)
    assert input_value(page, "indicator-0-target") == "4"
    assert page.count('<legend>Indicator ') == 6  # the saved one and five blank rows

    form |= {"indicator-0-id": saved_id, "indicator-0-target": "5.5",
             "indicator-1-name": "Users", "indicator-1-unit": "people", "indicator-1-baseline": "10", "indicator-1-target": "90"}
    assert post_form(client, f"/ideas/{idea.id}/pilot", f"/ideas/{idea.id}/pilot", form).status_code == 303
    session.expire_all()
    plan = session.get(PilotPlan, idea.id)
    assert [(i.name, i.target) for i in plan.indicators] == [("Wells", 5.5), ("Users", 90)]
    assert plan.indicators[0].id == int(saved_id)  # the saved row is updated, not replaced

    form |= {"indicator-0-name": "", "indicator-0-unit": "", "indicator-0-baseline": "", "indicator-0-target": ""}
    assert post_form(client, f"/ideas/{idea.id}/pilot", f"/ideas/{idea.id}/pilot", form).status_code == 303
    session.expire_all()
    assert [i.name for i in session.get(PilotPlan, idea.id).indicators] == ["Users"]


def test_pilot_plan_errors_show_next_to_their_row_and_dates(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, stage=Stage.incubate, manager=manager)
    sign_in(client, email=submitter.email)
    response = post_form(client, f"/ideas/{idea.id}/pilot", f"/ideas/{idea.id}/pilot", {
        "host_country": "UGA", "starts_on": "2027-05-01", "ends_on": "2027-03-31",
        "indicator-0-name": "Wells", "indicator-0-unit": "", "indicator-0-baseline": "zero", "indicator-0-target": "4",
    })
    assert response.status_code == 422
    assert field_error(response.text, "indicator-0-unit") == "This field is required."
    assert field_error(response.text, "indicator-0-baseline") == "Enter a number."
    assert field_error(response.text, "ends_on") == "The pilot must end after it starts"
    assert input_value(response.text, "indicator-0-baseline") == "zero"


@pytest.mark.parametrize("value", ["nan", "inf", "-Infinity"])
def test_pilot_plan_refuses_figures_that_are_no_numbers(client, session, submitter, manager, value):
    idea = make_idea(session, owner=submitter, stage=Stage.incubate, manager=manager)
    sign_in(client, email=submitter.email)
    response = post_form(client, f"/ideas/{idea.id}/pilot", f"/ideas/{idea.id}/pilot", {
        "host_country": "UGA", "starts_on": "2027-01-01", "ends_on": "2027-03-31",
        "indicator-0-name": "Wells", "indicator-0-unit": "wells", "indicator-0-baseline": value, "indicator-0-target": "4",
    })
    assert response.status_code == 422
    assert field_error(response.text, "indicator-0-baseline") == "Enter a number."
    assert session.get(PilotPlan, idea.id) is None


def test_pilot_report_form_fills_the_gate(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, stage=Stage.pilot, manager=manager)
    plan_indicator = session.get(PilotPlan, idea.id).indicators[0]
    sign_in(client, email=submitter.email)
    response = post_form(client, f"/ideas/{idea.id}/pilot/report", f"/ideas/{idea.id}/pilot/report", {
        f"actual-{plan_indicator.id}": "abc", "summary": ""})
    assert response.status_code == 422
    assert field_error(response.text, f"actual-{plan_indicator.id}") == "Enter a number."
    assert field_error(response.text, "summary") == "This field is required."

    response = post_form(client, f"/ideas/{idea.id}/pilot/report", f"/ideas/{idea.id}/pilot/report", {
        f"actual-{plan_indicator.id}": "117", "summary": "Most households served."})
    assert response.status_code == 303
    page = client.get(f"/ideas/{idea.id}").text
    assert "Most households served." in page
    gate = page[page.index("Gate to the next stage"):page.index("History")]
    assert gate.count(">Met<") == 2


def test_pilot_report_is_refused_before_the_pilot_stage(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, stage=Stage.incubate, manager=manager)
    sign_in(client, email=submitter.email)
    assert client.get(f"/ideas/{idea.id}/pilot/report").status_code == 403
