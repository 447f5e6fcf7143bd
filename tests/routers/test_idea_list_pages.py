"""What every idea page shares: free text escaped and intact, and list pages that run a fixed
number of SQL statements whatever the number of ideas."""

import pytest
from sqlmodel import Session, select

from app.models.accounts import Role
from app.models.ideas import Idea, Stage
from tests.clients import input_value, sign_in
from tests.factories import make_user
from tests.review_factories import give_review
from tests.routers.idea_data import count_statements, form_token, make_idea, save_plan

MARKUP = "<script>alert(1)</script>"
ARABIC = "حلول المياه"
CHINESE = "水资源解决方案"
TITLE = f'{MARKUP} "Quoted" & \'single\' {ARABIC} {CHINESE}'
ESCAPED_TITLE = "&lt;script&gt;alert(1)&lt;/script&gt; &#34;Quoted&#34; &amp; &#39;single&#39; " + f"{ARABIC} {CHINESE}"


@pytest.fixture
def people(session: Session):
    return make_user(session, roles=[Role.submitter]), make_user(session, roles=[Role.lab_manager])


def test_free_text_is_escaped_and_intact_on_every_page(client, session, people):
    owner, manager = people
    idea = make_idea(session, owner=owner, manager=manager, stage=Stage.pilot, title=TITLE,
                     summary=f"{MARKUP} {ARABIC}", problem=f"<b>{CHINESE}</b>", organisation=f'"{ARABIC}"')
    sign_in(client, email=owner.email)
    pages = {path: client.get(path).text for path in (f"/ideas/{idea.id}", "/solutions", "/my/ideas", "/")}
    client.cookies.clear()
    sign_in(client, email=manager.email)
    pages["/board"] = client.get("/board").text
    for path, page in pages.items():
        assert MARKUP not in page, path
        assert ESCAPED_TITLE in page, path
    idea_page = pages[f"/ideas/{idea.id}"]
    assert f"<title>{ESCAPED_TITLE} · Solutions Lab</title>" in idea_page
    assert f"&lt;b&gt;{CHINESE}&lt;/b&gt;" in idea_page and f"&#34;{ARABIC}&#34;" in idea_page
    assert f"&lt;script&gt;alert(1)&lt;/script&gt; {ARABIC}" in pages["/solutions"]


def test_free_text_is_kept_intact_through_the_form(client, session, people):
    owner, _ = people
    sign_in(client, email=owner.email)
    page = client.get("/ideas/new").text
    form = {"title": TITLE, "summary": ARABIC, "problem": CHINESE, "solution": MARKUP, "origin_country": "KEN",
            "themes": "water-sanitation", "action": "draft", "csrf_token": form_token(page, "/ideas/new")}
    invalid = client.post("/ideas/new", data={**form, "themes": []})
    assert invalid.status_code == 422 and input_value(invalid.text, "title") == TITLE and MARKUP not in invalid.text
    response = client.post("/ideas/new", data=form)
    assert response.status_code == 303
    shown = client.get(response.headers["location"]).text
    assert ESCAPED_TITLE in shown and MARKUP not in shown


def make_ideas(session: Session, owner, manager, count: int) -> None:
    """`count` ideas spread over the stages in the same proportions, so every page branch runs."""
    stages = [Stage.pilot, Stage.evaluate, Stage.replicate, Stage.incubate, Stage.submit]
    for n in range(count):
        stage = stages[n % len(stages)]
        idea = make_idea(session, owner=owner, manager=manager, stage=stage, title=f"Idea {n}",
                         themes=("water-sanitation", "energy"), country=("KEN", "BRA", "VNM")[n % 3])
        if stage == Stage.incubate:
            save_plan(session, idea=idea, actor=manager)


def statements_for(client, session: Session, path: str) -> list[str]:
    session.expunge_all()  # as in a real request, nothing is loaded yet
    with count_statements(session) as statements:
        response = client.get(path)
    assert response.status_code == 200
    return statements


@pytest.mark.parametrize(("path", "who"), [("/solutions", "anonymous"), ("/solutions?q=idea&theme=energy", "anonymous"),
                                           ("/", "anonymous"), ("/my/ideas", "owner"), ("/board", "manager")])
def test_list_pages_run_a_fixed_number_of_statements(client, session, people, path, who):
    owner, manager = people
    if who != "anonymous":
        sign_in(client, email=(owner if who == "owner" else manager).email)
    make_ideas(session, owner, manager, 5)
    for idea in session.exec(select(Idea).where(Idea.stage.in_([Stage.submit, Stage.evaluate]))):
        give_review(session, idea=idea, reviewer=make_user(session, roles=[Role.reviewer]), by=manager, score=4)
    few = statements_for(client, session, path)
    make_ideas(session, owner, manager, 25)
    many = statements_for(client, session, path)
    assert len(many) == len(few), "\n".join(many)
    assert len(few) <= 16  # and that fixed number stays small
