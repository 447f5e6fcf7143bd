"""The reviewer pages: blind review in the HTML, accepting, declining, scoring on the rubric,
reopening, and the lab manager's decision view."""

import re
from datetime import date, timedelta

import pytest
from sqlmodel import Session, select

from app.models.accounts import Role
from app.models.ideas import Stage
from app.models.reviews import Assignment, AssignmentStatus, Recommendation, Review
from app.services import assignments
from app.services.rubrics import current_rubric
from tests.clients import field_error, sign_in
from tests.factories import make_user
from tests.review_factories import give_review, make_assignment
from tests.routers.idea_data import count_statements, form_token, make_idea, post_forms, transitions_of
from tests.routers.page_forms import form_fields

ORGANISATION = "Pump Makers Ltd"


@pytest.fixture
def lab(session: Session):
    """An idea at submit with two submitted reviews (r1, r2), one open assignment (r3) and an outsider (r4)."""
    people = {
        "owner": make_user(session, roles=[Role.submitter], name="Sabine Submitter", organisation=ORGANISATION),
        "manager": make_user(session, roles=[Role.lab_manager], name="Rafael Manager"),
        "r1": make_user(session, roles=[Role.reviewer], name="Ada Reviewer"),
        "r2": make_user(session, roles=[Role.reviewer], name="Bruno Reviewer"),
        "r3": make_user(session, roles=[Role.reviewer], name="Chen Reviewer"),
        "r4": make_user(session, roles=[Role.reviewer], name="Dara Outsider"),
    }
    idea = make_idea(session, owner=people["owner"], title="Solar kiosks", organisation=ORGANISATION)
    reviews = {
        "r1": give_review(session, idea=idea, reviewer=people["r1"], by=people["manager"], score=4,
                          comment_to_submitter="Clear plan (r1).", confidential_comment="Secret of r1."),
        "r2": give_review(session, idea=idea, reviewer=people["r2"], by=people["manager"], score=2,
                          recommendation=Recommendation.revise, comment_to_submitter="Too costly (r2).",
                          confidential_comment="Secret of r2."),
    }
    open_assignment = make_assignment(session, idea=idea, reviewer=people["r3"], by=people["manager"])
    return {**people, "idea": idea, "reviews": reviews, "r3_assignment": open_assignment}


def shown(page: str) -> dict[str, bool]:
    """Which of r2's review parts, and of the submitter's identity, a page shows."""
    return {
        "name": "Bruno Reviewer" in page,
        "comment": "Too costly (r2)." in page,
        "total": "2.00" in page,  # r2's total; the mean is 3.00, the spread 1.00
        "secret": "Secret of r2." in page,
        "submitter": ORGANISATION in page,
    }


NOTHING = {"name": False, "comment": False, "total": False, "secret": False, "submitter": False}
EVERYTHING = dict.fromkeys(NOTHING, True)
PEER = {**NOTHING, "comment": True, "total": True}  # a reviewer who has given their own review


def _path(lab, page: str) -> str:
    return {
        "idea page": f"/ideas/{lab['idea'].id}",
        "r1's scoring page": f"/reviews/{lab['reviews']['r1'].assignment_id}",
        "r3's scoring page": f"/reviews/{lab['r3_assignment'].id}",
        "decision view": f"/board/ideas/{lab['idea'].id}",
    }[page]


@pytest.mark.parametrize(("page", "viewer", "status", "expected"), [
    ("idea page", "owner", 200, {**NOTHING, "comment": True, "submitter": True}),
    ("idea page", "r3", 200, NOTHING),  # assigned, not submitted yet
    ("idea page", "r1", 200, PEER),  # assigned and submitted
    ("idea page", "r4", 404, NOTHING),  # a reviewer not assigned to it
    ("idea page", "manager", 200, EVERYTHING),
    ("r1's scoring page", "r1", 200, PEER),
    ("r1's scoring page", "r3", 404, NOTHING),
    ("r1's scoring page", "owner", 404, NOTHING),
    ("r1's scoring page", "manager", 200, EVERYTHING),
    ("r3's scoring page", "r3", 200, NOTHING),
    ("r3's scoring page", "r1", 404, NOTHING),
    ("r3's scoring page", "manager", 200, EVERYTHING),
    ("decision view", "manager", 200, EVERYTHING),
    ("decision view", "owner", 403, NOTHING),
    ("decision view", "r1", 403, NOTHING),
])
def test_pages_show_reviews_as_blind_review_allows(client, lab, page, viewer, status, expected):
    sign_in(client, email=lab[viewer].email)
    response = client.get(_path(lab, page))
    assert response.status_code == status
    assert shown(response.text) == expected


def test_submitter_sees_comments_without_names_scores_or_confidential_comments(client, lab):
    sign_in(client, email=lab["owner"].email)
    page = client.get(f"/ideas/{lab['idea'].id}").text
    reviews = page[page.index('id="reviews-title"'):]
    assert "Clear plan (r1)." in reviews and "Too costly (r2)." in reviews
    assert "Ada Reviewer" not in page and "Secret of r1." not in page and "Total " not in reviews and "Recommends" not in reviews


def test_assigned_reviewer_sees_no_submitter_on_the_scoring_page(client, lab):
    sign_in(client, email=lab["r3"].email)
    page = client.get(f"/reviews/{lab['r3_assignment'].id}").text
    assert "Solar kiosks" in page and "Sabine Submitter" not in page and ORGANISATION not in page
    assert "You will see the other reviews of this idea once you have submitted yours." in page


# ---- the reviewer's workflow ----

@pytest.fixture
def scoring(session: Session):
    manager = make_user(session, roles=[Role.lab_manager], name="Rafael Manager")
    reviewer = make_user(session, roles=[Role.reviewer], name="Ada Reviewer")
    idea = make_idea(session, owner=make_user(session), title="Rainwater <tanks> & schools")
    assignment = make_assignment(session, idea=idea, reviewer=reviewer, by=manager)
    return {"manager": manager, "reviewer": reviewer, "idea": idea, "assignment": assignment,
            "rubric": current_rubric(session, stage=Stage.submit)}


def test_reviewer_accepts_from_the_assignments_page(client, session, scoring):
    sign_in(client, email=scoring["reviewer"].email)
    page = client.get("/reviews").text
    assert "Rainwater &lt;tanks&gt; &amp; schools" in page and "Waiting for an answer" in page
    response = client.post(f"/reviews/{scoring['assignment'].id}/accept",
                           data={"csrf_token": form_token(page, f"/reviews/{scoring['assignment'].id}/accept")})
    assert (response.status_code, response.headers["location"]) == (303, f"/reviews/{scoring['assignment'].id}")
    session.refresh(scoring["assignment"])
    assert scoring["assignment"].status == AssignmentStatus.accepted
    assert f'action="/reviews/{scoring["assignment"].id}/accept"' not in client.get("/reviews").text


def test_decline_needs_a_reason_shown_next_to_the_field(client, session, scoring):
    sign_in(client, email=scoring["reviewer"].email)
    action = f"/reviews/{scoring['assignment'].id}/decline"
    page = client.get("/reviews").text
    response = client.post(action, data={"reason": "   ", "csrf_token": form_token(page, action)})
    assert response.status_code == 422
    assert field_error(response.text, f"decline-{scoring['assignment'].id}") == "This field is required."
    response = client.post(action, data={"reason": "I advised this school board.", "csrf_token": form_token(page, action)})
    assert response.status_code == 303
    session.refresh(scoring["assignment"])
    declined = scoring["assignment"]
    assert (declined.status, declined.decline_reason) == (AssignmentStatus.declined, "I advised this school board.")
    assert "A declined assignment" in client.get(f"/reviews/{scoring['assignment'].id}").text


def test_lab_manager_cannot_answer_a_reviewers_assignment(client, session, scoring):
    sign_in(client, email=scoring["manager"].email)
    page = client.get("/reviews").text
    assert "Ada Reviewer" in page and f'action="/reviews/{scoring["assignment"].id}/accept"' not in page
    token = form_token(client.get("/inbox").text, "/signout")
    assert client.post(f"/reviews/{scoring['assignment'].id}/accept", data={"csrf_token": token}).status_code == 403


def test_scoring_form_keeps_input_and_marks_the_missing_score_then_submits(client, session, scoring):
    sign_in(client, email=scoring["reviewer"].email)
    path = f"/reviews/{scoring['assignment'].id}"
    page = client.get(path).text
    criteria = scoring["rubric"].criteria
    assert [c.name for c in criteria] == re.findall(r"<legend>(.*?) <span class=\"weight\">", page)
    assert 'src="/static/rubric-total.js"' in page and "<script>" not in page
    for c in criteria:  # five radios per criterion, each labelled by its descriptor
        assert all(f'name="score-{c.id}" value="{n}"' in page for n in range(1, 6)) and c.levels["5"] in page
    chosen = dict(zip([c.id for c in criteria], [5, 4, 3, 2], strict=True))
    data = {**form_fields(page, path), **{f"score-{cid}": str(s) for cid, s in chosen.items()},
            "recommendation": "advance", "comment_to_submitter": "Scale it <up>.", "confidential_comment": "Strong team."}
    missing = criteria[2].id
    del data[f"score-{missing}"]

    response = client.post(path, data=data)
    assert response.status_code == 422
    assert field_error(response.text, f"score-{missing}") == "Choose a score from 1 to 5."
    assert [field_error(response.text, f"score-{c.id}") for c in criteria if c.id != missing] == [None] * 3
    kept = form_fields(response.text, path)
    kept_scores = {k: v for k, v in kept.items() if k.startswith("score-")}
    assert kept_scores == {f"score-{c}": str(s) for c, s in chosen.items() if c != missing}
    texts = (kept["recommendation"], kept["comment_to_submitter"], kept["confidential_comment"])
    assert texts == ("advance", "Scale it <up>.", "Strong team.")
    assert session.exec(select(Review).where(Review.assignment_id == scoring["assignment"].id)).first() is None

    response = client.post(path, data={**kept, f"score-{missing}": "3"})
    expected = (5 * 3 + 4 * 2 + 3 * 2 + 2 * 1) / 8
    assert response.status_code == 303 and f"{expected:.2f} of 5" in response.cookies.get("lab_flash", "").replace("%20", " ")
    review = session.exec(select(Review).where(Review.assignment_id == scoring["assignment"].id)).one()
    assert (review.total, review.recommendation, review.comment_to_submitter) == (
        pytest.approx(expected), Recommendation.advance, "Scale it <up>.")

    page = client.get(path).text
    assert f'<form method="post" action="{path}"' not in page  # a submitted review is not editable
    assert f"Total {expected:.2f} of 5" in page and "Scale it &lt;up&gt;." in page and "Submitted reviews cannot be changed." in page
    assert client.post(path, data={**kept, f"score-{missing}": "3"}).status_code == 409


def test_lab_manager_reopens_a_review_and_its_reviewer_changes_it(client, session, scoring):
    review = give_review(session, idea=make_idea(session, owner=make_user(session)), reviewer=scoring["reviewer"],
                         by=scoring["manager"], score=2, comment_to_submitter="First thoughts.")
    path = f"/reviews/{review.assignment_id}"
    sign_in(client, email=scoring["reviewer"].email)
    assert "Reopen this review" not in client.get(path).text
    client.cookies.clear()

    sign_in(client, email=scoring["manager"].email)
    page = client.get(path).text
    assert "Reopen this review" in page
    response = client.post(f"/reviews/{review.id}/reopen", data={"csrf_token": form_token(page, f"/reviews/{review.id}/reopen")})
    assert (response.status_code, response.headers["location"]) == (303, path)
    client.cookies.clear()

    sign_in(client, email=scoring["reviewer"].email)
    page = client.get(path).text
    assert "A lab manager reopened your review" in page
    fields = form_fields(page, path)
    assert {k: v for k, v in fields.items() if k.startswith("score-")} == {f"score-{c.id}": "2" for c in scoring["rubric"].criteria}
    assert fields["comment_to_submitter"] == "First thoughts."
    response = client.post(path, data={**fields, **{f"score-{c.id}": "4" for c in scoring["rubric"].criteria}})
    assert response.status_code == 303
    session.refresh(review)
    assert (review.submitted, review.total) == (True, 4.0)


def test_assignments_page_lists_open_ones_first_and_flags_overdue(client, session, scoring):
    reviewer, manager = scoring["reviewer"], scoring["manager"]
    def idea(title):
        return make_idea(session, owner=make_user(session), title=title)

    later = make_assignment(session, idea=idea("Due later"), reviewer=reviewer, by=manager)
    late = make_assignment(session, idea=idea("Overdue one"), reviewer=reviewer, by=manager)
    done = give_review(session, idea=idea("Done one"), reviewer=reviewer, by=manager, score=3)
    later.due_on, late.due_on = date.today() + timedelta(days=20), date.today() - timedelta(days=2)
    session.add_all([later, late])
    session.commit()
    sign_in(client, email=reviewer.email)
    page = client.get("/reviews").text
    titles = re.findall(r'<h2><a href="/reviews/\d+">(.*?)</a></h2>', page)
    assert titles == ["Overdue one", "Due later", "Rainwater &lt;tanks&gt; &amp; schools", "Done one"]
    overdue = page[page.index(f'id="assignment-{late.id}"'):page.index(f'id="assignment-{later.id}"')]
    assert "Overdue" in overdue and page.count('class="badge bad">Overdue') == 1
    assert f'href="/reviews/{done.assignment_id}"' in page and "Review submitted" in page


def test_assignments_page_runs_a_fixed_number_of_statements(client, session, scoring):
    sign_in(client, email=scoring["reviewer"].email)

    def statements() -> int:
        session.expunge_all()
        with count_statements(session) as found:
            assert client.get("/reviews").status_code == 200
        return len(found)

    few = statements()
    for n in range(6):
        make_assignment(session, idea=make_idea(session, owner=make_user(session), title=f"More {n}"),
                        reviewer=scoring["reviewer"], by=scoring["manager"])
    assert statements() == few


# ---- the decision view ----

def test_decision_view_shows_reviews_side_by_side_with_figures(client, lab):
    sign_in(client, email=lab["manager"].email)
    page = client.get(f"/board/ideas/{lab['idea'].id}").text
    head = re.findall(r'<th scope="col">(.*?)<br>', page)
    assert head == ["Ada Reviewer", "Bruno Reviewer"]
    relevance = re.search(r'<th scope="row">Relevance to the challenge</th>(.*?)</tr>', page).group(1)
    assert re.findall(r'<td class="num">(\d)</td>', relevance) == ["4", "2"]
    assert "Secret of r1." in page and "Clear plan (r1)." in page
    figures = dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", page))
    assert {k: figures[k] for k in ("Submitted reviews", "Raw mean", "Calibrated mean", "Spread")} == {
        "Submitted reviews": "2", "Raw mean": "3.00", "Calibrated mean": "3.00", "Spread": "1.00"}
    assert "Flagged for discussion" not in page  # 1.00 is within the 1.25 limit
    assert "At least 2 submitted reviews (has 2)" in page  # the gate
    assert "Chen Reviewer" in page and "Waiting for an answer" in page  # the open assignment


def test_decision_view_flags_reviews_that_disagree(client, session, lab):
    give_review(session, idea=lab["idea"], reviewer=lab["r4"], by=lab["manager"], score=5)
    lab["r3_assignment"].status = AssignmentStatus.declined
    session.add(lab["r3_assignment"])
    give_review(session, idea=lab["idea"], reviewer=make_user(session, roles=[Role.reviewer]), by=lab["manager"], score=1)
    sign_in(client, email=lab["manager"].email)
    page = client.get(f"/board/ideas/{lab['idea'].id}").text
    assert "Flagged for discussion" in page and "The reviews disagree" in page


def test_decision_view_advances_through_the_idea_forms_and_comes_back(client, session, lab):
    sign_in(client, email=lab["manager"].email)
    here = f"/board/ideas/{lab['idea'].id}"
    page = client.get(here).text
    action = f"/ideas/{lab['idea'].id}/transitions"
    fields = form_fields(page, action)
    assert fields["next"] == here and fields["to"] == "incubate"
    response = client.post(action, data=fields)
    assert (response.status_code, response.headers["location"]) == (303, here)
    assert transitions_of(session, lab["idea"].id)[-1] == ("submit", "incubate", False)


def test_board_cards_lead_to_the_decision_view(client, lab):
    sign_in(client, email=lab["manager"].email)
    page = client.get("/board").text
    assert f'href="/board/ideas/{lab["idea"].id}"' in page


def test_every_form_of_the_review_pages_carries_the_csrf_token(client, session, lab):
    pending = assignments.assign_reviewer(session, actor=lab["manager"], idea_id=make_idea(session, owner=lab["owner"]).id,
                                          reviewer_id=lab["r1"].id, due_on=None)  # tells r1 in the inbox
    submitted = f"/reviews/{lab['reviews']['r1'].assignment_id}"
    # (who, page, its forms: the header's sign-out included)
    pages = [("r1", "/reviews", 3), ("r1", f"/reviews/{pending.id}", 4), ("r1", submitted, 1), ("r1", "/inbox", 2),
             ("r1", "/account", 4), ("manager", "/reviews", 1), ("manager", submitted, 2), ("manager", "/board", 3),
             ("manager", f"/board/ideas/{lab['idea'].id}", 5), ("manager", "/rubrics", 3), ("manager", "/inbox", 1)]
    signed_in = None
    for who, path, count in pages:
        if who != signed_in:
            client.cookies.clear()
            sign_in(client, email=lab[who].email)
            signed_in = who
        forms = post_forms(client.get(path).text)
        tokens = {token for _, carried in forms for token in carried}
        assert len(forms) == count, (who, path, [action for action, _ in forms])
        assert all(len(carried) == 1 for _, carried in forms) and len(tokens) == 1 and "" not in tokens, path


def test_new_assignment_is_refused_when_the_form_has_no_token(client, lab):
    sign_in(client, email=lab["manager"].email)
    response = client.post(f"/board/ideas/{lab['idea'].id}/assignments", data={"reviewer_id": str(lab["r4"].id)})
    assert response.status_code == 403


def test_manager_assigns_a_reviewer_from_the_decision_view(client, session, lab):
    sign_in(client, email=lab["manager"].email)
    here = f"/board/ideas/{lab['idea'].id}"
    page = client.get(f"{here}?reviewer_id={lab['r4'].id}").text
    assert "No conflict of interest" in page and "Dara Outsider" in page
    fields = form_fields(page, f"{here}/assignments")
    assert fields["reviewer_id"] == str(lab["r4"].id)  # the checked reviewer is preselected
    response = client.post(f"{here}/assignments", data={**fields, "due_on": "2031-01-31"})
    assert (response.status_code, response.headers["location"]) == (303, f"{here}#assignments")
    made = session.exec(select(Assignment).where(Assignment.reviewer_id == lab["r4"].id)).one()
    assert (made.idea_id, made.due_on, made.status) == (lab["idea"].id, date(2031, 1, 31), AssignmentStatus.pending)


def test_assign_form_shows_its_errors_next_to_the_fields(client, session, lab):
    sign_in(client, email=lab["manager"].email)
    here = f"/board/ideas/{lab['idea'].id}"
    token = form_token(client.get(here).text, f"{here}/assignments")
    response = client.post(f"{here}/assignments", data={"reviewer_id": "", "due_on": "soon", "csrf_token": token})
    assert response.status_code == 422
    assert "Choose a reviewer." in response.text and "Enter a date (YYYY-MM-DD)." in response.text
    assert 'name="due_on" type="date" value="soon"' in response.text
    response = client.post(f"{here}/assignments", data={"reviewer_id": str(lab["r1"].id), "csrf_token": token})
    assert response.status_code == 409 and "already has an assignment" in response.text
