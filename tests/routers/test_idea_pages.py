"""The idea page: who sees it, its stage timeline, history and gate, and the actions it offers."""

import re

import pytest
from sqlmodel import Session, select

from app.models.accounts import Role
from app.models.ideas import Revision, Stage, Status
from app.services import ideas
from tests.clients import field_error, sign_in
from tests.factories import make_user
from tests.review_factories import give_review, make_assignment
from tests.routers.idea_data import (
    form_token,
    make_idea,
    post_form,
    post_forms,
    textarea_value,
    transitions_of,
)


@pytest.fixture
def submitter(session: Session):
    return make_user(session, roles=[Role.submitter], email="sub@example.org", country="KEN")


@pytest.fixture
def manager(session: Session):
    return make_user(session, roles=[Role.lab_manager], email="manager@example.org", name="Rafael Manager")


@pytest.mark.parametrize("viewer", ["anonymous", "other submitter", "lab manager"])
def test_drafts_of_others_answer_404(client, session, submitter, viewer):
    draft = make_idea(session, owner=submitter, draft=True, title="Secret draft")
    if viewer != "anonymous":
        roles = [Role.lab_manager] if viewer == "lab manager" else [Role.submitter]
        sign_in(client, email=make_user(session, roles=roles).email)
    for path in (f"/ideas/{draft.id}", f"/ideas/{draft.id}/edit", f"/ideas/{draft.id}/pilot"):
        response = client.get(path)
        expected = 303 if viewer == "anonymous" and path != f"/ideas/{draft.id}" else 404
        assert response.status_code == expected, path
        assert "Secret draft" not in response.text


def test_unknown_idea_answers_404(client):
    assert client.get("/ideas/999999").status_code == 404


def test_public_idea_shows_to_the_anonymous_without_actions(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, stage=Stage.pilot, manager=manager, organisation="Pump Makers")
    page = client.get(f"/ideas/{idea.id}").text
    assert "Pump Makers" in page and "Kenya" in page and "Water and sanitation" in page and "6. Clean water and sanitation" in page
    assert 'id="decide"' not in page and 'method="post"' not in page
    assert "Revision requests" not in page
    assert "Households served" in page and "Uganda" in page  # the pilot plan


def test_idea_page_shows_the_stage_timeline_and_history(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, stage=Stage.pilot, manager=manager)
    sign_in(client, email=submitter.email)
    page = client.get(f"/ideas/{idea.id}").text
    assert re.findall(r'<li class="(done|current|)"', page) == ["done", "done", "current", "", ""]
    assert page.count("gate overridden") == 1  # submit to incubate overrode the reviews
    assert "Moved from submit to incubate" in page and "Moved from incubate to pilot" in page
    assert "Rafael Manager" in page and "Test data: reviews come later." in page


def test_gate_shows_met_and_unmet_conditions(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, stage=Stage.incubate, manager=manager)
    sign_in(client, email=manager.email)
    page = client.get(f"/ideas/{idea.id}").text
    gate = page[page.index("Gate to the next stage"):page.index("History")]
    assert gate.count("Not met") == 2 and gate.count(">Met<") == 0
    assert "cannot be overridden" in page and "Advance to pilot</button>" not in page

    post_form(client, f"/ideas/{idea.id}/pilot", f"/ideas/{idea.id}/pilot", {
        "host_country": "UGA", "starts_on": "2027-01-01", "ends_on": "2027-03-31",
        "indicator-0-name": "Wells", "indicator-0-unit": "wells", "indicator-0-baseline": "0", "indicator-0-target": "4",
    })
    page = client.get(f"/ideas/{idea.id}").text
    gate = page[page.index("Gate to the next stage"):page.index("History")]
    assert gate.count(">Met<") == 2 and gate.count("Not met") == 0
    assert "Advance to pilot</button>" in page


def test_lab_manager_advances_with_override_through_the_page(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter)
    sign_in(client, email=manager.email)
    page = client.get(f"/ideas/{idea.id}").text
    assert "Override unmet review conditions" in page
    assert page.count("Not met") == 2 and "(may be overridden)" in page

    response = client.post(f"/ideas/{idea.id}/transitions", data={
        "to": "incubate", "expected_version": str(idea.version), "override": "on",
        "reason": "Strong field evidence.", "csrf_token": form_token(page, f"/ideas/{idea.id}/transitions"),
    })
    assert response.status_code == 303
    session.refresh(idea)
    assert idea.stage == Stage.incubate
    assert transitions_of(session, idea.id)[-1] == ("submit", "incubate", True)
    assert "Strong field evidence." in client.get(f"/ideas/{idea.id}").text


def test_advance_override_without_reason_shows_the_error_next_to_the_reason(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter)
    sign_in(client, email=manager.email)
    response = post_form(client, f"/ideas/{idea.id}", f"/ideas/{idea.id}/transitions",
                         {"to": "incubate", "expected_version": str(idea.version), "override": "on", "reason": ""})
    assert response.status_code == 422
    assert field_error(response.text, "advance-reason") == "Explain the override."
    assert 'role="alert"' in response.text and "An override needs a written reason." in response.text
    session.refresh(idea)
    assert idea.stage == Stage.submit


def test_advance_without_override_lists_every_unmet_condition(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter)
    sign_in(client, email=manager.email)
    response = post_form(client, f"/ideas/{idea.id}", f"/ideas/{idea.id}/transitions",
                         {"to": "incubate", "expected_version": str(idea.version), "reason": "keep me"})
    assert response.status_code == 422
    alert = response.text[response.text.index('id="action-error"'):]
    alert = alert[:alert.index("</div>")]
    assert "the gate to the next stage is not met" in alert
    assert "At least 2 submitted reviews (has 0)" in alert and "(a lab manager may override this)" in alert
    assert textarea_value(response.text, "advance-reason") == "keep me"


def test_transition_with_a_stale_version_shows_409(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter)
    sign_in(client, email=manager.email)
    page = client.get(f"/ideas/{idea.id}").text
    ideas.request_revision(session, idea_id=idea.id, actor=manager, expected_version=idea.version, message="Budget?")

    response = client.post(f"/ideas/{idea.id}/transitions", data={
        "to": "rejected", "expected_version": "1", "reason": "Too late", "csrf_token": form_token(page, f"/ideas/{idea.id}/transitions"),
    })
    assert response.status_code == 409
    assert "The idea changed meanwhile" in response.text and "The page below shows the idea as it is now" in response.text
    assert 'name="expected_version" value="2"' in response.text
    session.refresh(idea)
    assert idea.status == Status.active


def test_reject_needs_a_reason_then_rejects(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter)
    sign_in(client, email=manager.email)
    response = post_form(client, f"/ideas/{idea.id}", f"/ideas/{idea.id}/transitions",
                         {"to": "rejected", "expected_version": "1", "reason": "  "})
    assert response.status_code == 422
    assert field_error(response.text, "reject-reason") == "Give a reason."
    assert "<details class=\"action\" open>" in response.text

    response = post_form(client, f"/ideas/{idea.id}", f"/ideas/{idea.id}/transitions",
                         {"to": "rejected", "expected_version": "1", "reason": "Out of scope."})
    assert response.status_code == 303
    page = client.get(f"/ideas/{idea.id}").text
    assert "Rejected" in page and "Out of scope." in page and 'id="decide"' not in page


def test_revision_request_reaches_the_submitter_not_the_public(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, stage=Stage.pilot, manager=manager)
    sign_in(client, email=manager.email)
    response = post_form(client, f"/ideas/{idea.id}", f"/ideas/{idea.id}/revision",
                         {"expected_version": str(idea.version), "message": "Add the costs per household."})
    assert response.status_code == 303
    assert [r.message for r in session.exec(select(Revision).where(Revision.idea_id == idea.id))] == [
        "Add the costs per household."]

    client.cookies.clear()
    assert "Add the costs per household." not in client.get(f"/ideas/{idea.id}").text
    sign_in(client, email=submitter.email)
    page = client.get(f"/ideas/{idea.id}").text
    assert "Revision requests" in page and "Add the costs per household." in page


def test_revision_request_needs_a_message(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter)
    sign_in(client, email=manager.email)
    response = post_form(client, f"/ideas/{idea.id}", f"/ideas/{idea.id}/revision",
                         {"expected_version": str(idea.version), "message": ""})
    assert response.status_code == 422
    assert field_error(response.text, "revision-message") == "This field is required."


def test_submitter_withdraws_with_confirmation(client, session, submitter):
    idea = make_idea(session, owner=submitter)
    sign_in(client, email=submitter.email)
    page = client.get(f"/ideas/{idea.id}").text
    assert "cannot be submitted again" in page and "Yes, withdraw the idea" in page
    assert "Reject the idea" not in page and "Advance to" not in page
    response = client.post(f"/ideas/{idea.id}/transitions", data={
        "to": "withdrawn", "expected_version": "1", "reason": "",
        "csrf_token": form_token(page, f"/ideas/{idea.id}/transitions")})
    assert response.status_code == 303
    session.refresh(idea)
    assert idea.status == Status.withdrawn


def test_submitter_cannot_advance_their_own_idea_through_the_form(client, session, submitter):
    idea = make_idea(session, owner=submitter)
    sign_in(client, email=submitter.email)
    response = post_form(client, f"/ideas/{idea.id}", f"/ideas/{idea.id}/transitions",
                         {"to": "incubate", "expected_version": "1", "override": "on", "reason": "me"})
    assert response.status_code == 403
    session.refresh(idea)
    assert idea.stage == Stage.submit


def test_every_form_of_the_idea_pages_carries_the_csrf_token(client, session, submitter, manager):
    draft = make_idea(session, owner=submitter, draft=True)
    piloted = make_idea(session, owner=submitter, stage=Stage.pilot, manager=manager)
    owner_pages = ["/ideas/new", f"/ideas/{draft.id}", f"/ideas/{draft.id}/edit", f"/ideas/{piloted.id}",
                   f"/ideas/{piloted.id}/pilot", f"/ideas/{piloted.id}/pilot/report"]
    sign_in(client, email=submitter.email)
    found = {path: post_forms(client.get(path).text) for path in owner_pages}
    client.cookies.clear()
    sign_in(client, email=manager.email)
    found[f"manager {piloted.id}"] = post_forms(client.get(f"/ideas/{piloted.id}").text)
    for path, forms in found.items():
        assert len(forms) >= 2, path  # the header's sign-out and the page's own
        tokens = {token for _, carried in forms for token in carried}
        assert all(len(carried) == 1 for _, carried in forms) and len(tokens) == 1 and "" not in tokens, path
    assert len(found[f"manager {piloted.id}"]) == 3  # sign out, revision, reject (the gate blocks advancing)


def test_assigned_reviewer_sees_the_idea_without_its_submitter(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter, organisation="Pump Makers")
    reviewer = make_user(session, roles=[Role.reviewer])
    make_assignment(session, idea=idea, reviewer=reviewer, by=manager)
    sign_in(client, email=reviewer.email)
    page = client.get(f"/ideas/{idea.id}").text
    assert idea.title in page
    assert submitter.name not in page and "Pump Makers" not in page
    assert "the submitter" in page  # who submitted it, in the history
    assert 'id="decide"' not in page and "Revision requests" not in page


def test_gate_counts_submitted_reviews(client, session, submitter, manager):
    idea = make_idea(session, owner=submitter)
    for _ in range(2):
        give_review(session, idea=idea, reviewer=make_user(session, roles=[Role.reviewer]), by=manager, score=4)
    sign_in(client, email=manager.email)
    page = client.get(f"/ideas/{idea.id}").text
    gate = page[page.index("Gate to the next stage"):page.index("History")]
    assert "At least 2 submitted reviews (has 2)" in gate and gate.count(">Met<") == 2
    assert "Override unmet review conditions" not in page and "Advance to incubate</button>" in page
