"""Assigning reviewers through the pages: automatically from the board, declared conflicts of
interest on the account page, and the inbox that tells reviewers."""

import re
from urllib.parse import parse_qs, urlsplit

import pytest
from sqlmodel import Session, select

from app.models.accounts import Role, UserExpertise
from app.models.reviews import Assignment, DeclaredConflict
from app.services import assignments
from tests.clients import field_error, input_value, new_client, sign_in
from tests.factories import make_user
from tests.routers.idea_data import form_token, make_idea
from tests.routers.page_forms import form_fields


def make_reviewer(session: Session, *, name: str, themes: tuple[str, ...] = ()):
    reviewer = make_user(session, roles=[Role.reviewer], name=name)
    reviewer.expertise_rows = [UserExpertise(theme_code=code) for code in themes]
    session.add(reviewer)
    session.commit()
    return reviewer


@pytest.fixture
def manager(session: Session):
    return make_user(session, roles=[Role.lab_manager], name="Rafael Manager")


# ---- automatic assignment from the board ----

def test_board_auto_assigns_and_shows_each_pairing_with_its_reasons(client, session, manager):
    owner = make_user(session)
    wells = make_idea(session, owner=owner, title="Village wells", themes=("water-sanitation",))
    clinics = make_idea(session, owner=owner, title="Mobile clinics", themes=("health",))
    make_reviewer(session, name="Wanjiru Water", themes=("water-sanitation",))
    make_reviewer(session, name="Hamid Health", themes=("health",))
    sign_in(client, email=manager.email)
    board = client.get("/board").text
    assert 'id="auto-submit"' in board and 'id="auto-evaluate"' in board and 'id="auto-pilot"' not in board
    fields = form_fields(board, "/board/auto-assign")
    assert (fields["stage"], fields["reviewers_per_idea"], fields["due_on"]) == ("submit", "3", "")

    response = client.post("/board/auto-assign", data={**fields, "reviewers_per_idea": "2", "due_on": "2031-03-01"})
    assert response.status_code == 303
    target = urlsplit(response.headers["location"])
    assert target.path == "/board/auto-assign" and parse_qs(target.query)["per_idea"] == ["2"]
    made = session.exec(select(Assignment).order_by(Assignment.idea_id, Assignment.reviewer_id)).all()
    assert len(made) == 4 and all(str(a.due_on) == "2031-03-01" for a in made)

    page = client.get(response.headers["location"]).text
    rows = re.findall(r'<tr><td><a href="/board/ideas/(\d+)">(.*?)</a></td><td>(.*?)</td>\s*<td><ul class="reasons">(.*?)</ul>', page)
    pairs = {(title, name): reasons for _, title, name, reasons in rows}
    assert set(pairs) == {(t, n) for t in ("Village wells", "Mobile clinics") for n in ("Wanjiru Water", "Hamid Health")}
    assert "shares expertise in water-sanitation" in pairs[("Village wells", "Wanjiru Water")]
    assert "shares expertise in health" in pairs[("Mobile clinics", "Hamid Health")]
    assert "Every idea at this stage has 2 reviewers." in page

    page = client.get(f"/board/auto-assign?stage=submit&first={made[0].id}&last={made[-1].id}&per_idea=3").text
    uncovered = page[page.index('id="uncovered-title"'):]
    assert f'href="/board/ideas/{wells.id}">Village wells</a> · 1 reviewer missing' in uncovered
    assert f'href="/board/ideas/{clinics.id}">Mobile clinics</a> · 1 reviewer missing' in uncovered


def test_board_auto_assign_form_shows_its_errors(client, session, manager):
    sign_in(client, email=manager.email)
    fields = form_fields(client.get("/board").text, "/board/auto-assign")
    response = client.post("/board/auto-assign", data={**fields, "reviewers_per_idea": "0", "due_on": "tomorrow"})
    assert response.status_code == 422
    assert field_error(response.text, "auto-submit-per-idea") == "Input should be greater than or equal to 1"
    assert field_error(response.text, "auto-submit-due") == "Enter a date (YYYY-MM-DD)."
    assert 'name="due_on" type="date" value="tomorrow"' in response.text
    assert session.exec(select(Assignment)).all() == []


# ---- declared conflicts of interest on the account page ----

def test_declared_conflict_refuses_a_matching_assignment_until_removed(client, session, manager):
    owner = make_user(session, email="founder@pumps.example", organisation="Pump Makers")
    idea = make_idea(session, owner=owner, title="Village wells")
    reviewer = make_reviewer(session, name="Ada Reviewer")
    sign_in(client, email=reviewer.email)
    page = client.get("/account").text
    assert 'id="conflicts"' in page and "You have declared no conflict." in page
    response = client.post("/account/conflicts", data={
        **form_fields(page, "/account/conflicts"), "conflict_email": " Founder@Pumps.example ", "conflict_note": "My cousin"})
    assert (response.status_code, response.headers["location"]) == (303, "/account#conflicts")
    page = client.get("/account").text
    assert "founder@pumps.example" in page and "My cousin" in page

    lab = new_client(client.app)
    sign_in(lab, email=manager.email)
    here = f"/board/ideas/{idea.id}"
    check = lab.get(f"{here}?reviewer_id={reviewer.id}").text
    assert "Ada Reviewer has a conflict of interest:" in check
    assert "The reviewer declared a conflict with an author of this idea." in check
    response = lab.post(f"{here}/assignments", data={**form_fields(check, f"{here}/assignments")})
    assert response.status_code == 409
    error = response.text[response.text.index('id="assign-reviewer-error"'):]
    assert "The reviewer declared a conflict with an author of this idea." in error[:error.index("</div>")]
    assert session.exec(select(Assignment)).all() == []

    [declared] = session.exec(select(DeclaredConflict).where(DeclaredConflict.reviewer_id == reviewer.id)).all()
    action = f"/account/conflicts/{declared.id}/remove"
    assert client.post(action, data={"csrf_token": form_token(page, action)}).status_code == 303
    response = lab.post(f"{here}/assignments", data={**form_fields(check, f"{here}/assignments")})
    assert response.status_code == 303


def test_declared_organisation_counts_as_a_conflict(session, manager):
    idea = make_idea(session, owner=make_user(session), organisation="Pump Makers")
    reviewer = make_reviewer(session, name="Ada Reviewer")
    session.add(DeclaredConflict(reviewer_id=reviewer.id, organisation="pump makers "))
    session.commit()
    check = assignments.check_conflict(session, actor=manager, reviewer_id=reviewer.id, idea_id=idea.id)
    assert check.reasons == ["The reviewer declared a conflict with this organisation."]


@pytest.mark.parametrize(("email", "organisation", "field", "message"), [
    ("", "  ", "conflict_email", "Give an email address or an organisation."),
    ("not-an-address", "", "conflict_email", "Enter a valid email address."),
])
def test_declaring_a_conflict_checks_the_input(client, session, email, organisation, field, message):
    reviewer = make_reviewer(session, name="Ada Reviewer")
    sign_in(client, email=reviewer.email)
    page = client.get("/account").text
    response = client.post("/account/conflicts", data={**form_fields(page, "/account/conflicts"),
                                                       "conflict_email": email, "conflict_organisation": organisation,
                                                       "conflict_note": "kept"})
    assert response.status_code == 422
    assert field_error(response.text, field) == message
    assert input_value(response.text, "conflict_note") == "kept" and input_value(response.text, "conflict_email") == email


def test_reviewer_cannot_remove_anothers_declared_conflict(client, session):
    other = make_reviewer(session, name="Bruno Reviewer")
    row = DeclaredConflict(reviewer_id=other.id, email="x@example.org")
    session.add(row)
    session.commit()
    sign_in(client, email=make_reviewer(session, name="Ada Reviewer").email)
    page = client.get("/account").text
    response = client.post(f"/account/conflicts/{row.id}/remove", data={"csrf_token": form_token(page, "/account/conflicts")})
    assert response.status_code == 404
    assert session.get(DeclaredConflict, row.id) is not None


def test_account_page_shows_no_conflicts_section_to_submitters(client, session):
    sign_in(client, email=make_user(session, roles=[Role.submitter]).email)
    assert 'id="conflicts"' not in client.get("/account").text


# ---- the inbox ----

def test_inbox_shows_the_assignment_notification_and_marks_it_read(client, session, manager):
    idea = make_idea(session, owner=make_user(session), title="Village <wells>")
    reviewer = make_reviewer(session, name="Ada Reviewer")
    sign_in(client, email=reviewer.email)
    assert 'href="/inbox">Inbox</a>' in client.get("/reviews").text  # nothing unread yet

    assignment = assignments.assign_reviewer(session, actor=manager, idea_id=idea.id, reviewer_id=reviewer.id, due_on=None)
    page = client.get("/inbox").text
    nav = page[page.index('href="/inbox"'):page.index("</a>", page.index('href="/inbox"'))]
    assert '<span class="nav-count">1<span class="visually-hidden"> unread</span>' in nav
    assert f'<a href="/reviews/{assignment.id}"><strong>New review assignment: Village &lt;wells&gt;</strong></a>' in page
    assert "1 unread." in page and ">New</span>" in page

    response = client.post("/inbox/read", data={"csrf_token": form_token(page, "/inbox/read")})
    assert (response.status_code, response.headers["location"]) == (303, "/inbox")
    page = client.get("/inbox").text
    assert "Nothing unread." in page and ">New</span>" not in page and 'class="nav-count"' not in page
    assert "New review assignment: Village &lt;wells&gt;" in page and 'action="/inbox/read"' not in page


def test_inbox_is_empty_for_a_new_user(client, session):
    sign_in(client, email=make_user(session).email)
    page = client.get("/inbox").text
    assert "No notifications yet." in page
