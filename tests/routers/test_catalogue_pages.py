"""The public catalogue (/solutions) and the home page's newest solutions and figures."""

import html
import re

import pytest
from sqlmodel import Session

from app.models.accounts import Role
from app.models.ideas import Stage
from tests.factories import make_user
from tests.routers.idea_data import make_idea


def titles(page: str) -> list[str]:
    return [html.unescape(t) for t in re.findall(r'<h2[^>]*><a href="/ideas/\d+">(.*?)</a></h2>', page)]


@pytest.fixture
def people(session: Session):
    return make_user(session, roles=[Role.submitter]), make_user(session, roles=[Role.lab_manager])


@pytest.fixture
def solutions(session: Session, people):
    owner, manager = people
    made = {
        "pumps": make_idea(session, owner=owner, manager=manager, stage=Stage.pilot, title="Solar pumps", country="KEN",
                           problem="Boreholes fail in the dry season.", themes=("water-sanitation",)),
        "clinics": make_idea(session, owner=owner, manager=manager, stage=Stage.evaluate, title="Mobile clinics",
                             country="BRA", problem="Rural patients travel far.", themes=("health",), sdgs=(3,)),
        "rice": make_idea(session, owner=owner, manager=manager, stage=Stage.replicate, title="Flood-proof rice",
                          country="VNM", problem="Floods drown the harvest.", themes=("food-security", "climate-adaptation")),
        "early": make_idea(session, owner=owner, manager=manager, stage=Stage.incubate, title="Early idea",
                           problem="Boreholes again."),
        "new": make_idea(session, owner=owner, title="Just submitted", problem="Boreholes too."),
        "draft": make_idea(session, owner=owner, draft=True, title="A draft", problem="Boreholes as well."),
    }
    return made


def test_catalogue_lists_public_solutions_newest_first(client, solutions):
    page = client.get("/solutions")
    assert page.status_code == 200
    assert titles(page.text) == ["Flood-proof rice", "Mobile clinics", "Solar pumps"]
    assert "Viet Nam" in page.text and "Food security and agriculture" in page.text and "Replicate stage" in page.text


def test_catalogue_finds_a_solution_by_a_word_of_its_problem(client, solutions):
    assert titles(client.get("/solutions", params={"q": "borehole"}).text) == ["Solar pumps"]
    assert titles(client.get("/solutions", params={"q": "floods harvest"}).text) == ["Flood-proof rice"]
    page = client.get("/solutions", params={"q": "nothing-like-this"}).text
    assert titles(page) == [] and "No solution matches" in page


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"theme": "health"}, ["Mobile clinics"]),
        ({"theme": "climate-adaptation"}, ["Flood-proof rice"]),
        ({"stage": "pilot"}, ["Solar pumps"]),
        ({"stage": "replicate"}, ["Flood-proof rice"]),
        ({"region": "Africa"}, ["Solar pumps"]),
        ({"region": "Asia", "stage": "evaluate"}, []),
        ({"country": "bra"}, ["Mobile clinics"]),
        ({"sdg": "3"}, ["Mobile clinics"]),
        ({"q": "", "theme": "", "sdg": "", "region": "", "country": "", "stage": ""},
         ["Flood-proof rice", "Mobile clinics", "Solar pumps"]),
    ],
)
def test_catalogue_filters(client, solutions, params, expected):
    response = client.get("/solutions", params=params)
    assert response.status_code == 200
    assert titles(response.text) == expected


def test_catalogue_keeps_the_chosen_filters_in_the_form(client, solutions):
    page = client.get("/solutions", params={"q": "pumps", "theme": "water-sanitation", "region": "Africa"}).text
    assert 'value="pumps"' in page
    assert '<option value="water-sanitation" selected>' in page and '<option value="Africa" selected>' in page


@pytest.mark.parametrize("params", [{"stage": "submit"}, {"stage": "nonsense"}, {"sdg": "18"}, {"sdg": "x"}])
def test_catalogue_refuses_filters_outside_the_catalogue(client, solutions, params):
    response = client.get("/solutions", params=params)
    assert response.status_code == 422
    assert "Please check the filters" in response.text


def test_catalogue_next_page_keeps_the_filters(client, session, people):
    owner, manager = people
    for n in range(22):
        make_idea(session, owner=owner, manager=manager, stage=Stage.pilot, title=f"Pump {n}", themes=("energy",))
    make_idea(session, owner=owner, manager=manager, stage=Stage.pilot, title="Other theme", themes=("health",))
    page = client.get("/solutions", params={"theme": "energy", "q": "pumps"}).text
    assert titles(page) == [f"Pump {n}" for n in range(21, 1, -1)]
    next_url = html.unescape(re.search(r'<a href="([^"]+)" rel="next">Next page</a>', page).group(1))
    assert "theme=energy" in next_url and "q=pumps" in next_url
    second = client.get(next_url).text
    assert titles(second) == ["Pump 1", "Pump 0"]
    assert 'rel="next"' not in second


def test_home_shows_the_newest_solutions_and_figures(client, session, solutions, people):
    owner, manager = people
    for n in range(5):
        make_idea(session, owner=owner, manager=manager, stage=Stage.pilot, title=f"Extra {n}", country="UGA")
    page = client.get("/").text
    newest = re.findall(r'<h3[^>]*><a href="/ideas/\d+">(.*?)</a></h3>', page)
    assert newest == ["Extra 4", "Extra 3", "Extra 2", "Extra 1", "Extra 0", "Flood-proof rice"]
    figures = dict(re.findall(r"<dt>(.*?)</dt><dd>(\d+)</dd>", page))
    assert figures["Public solutions"] == "8" and figures["Countries with solutions"] == "4"


def test_home_without_solutions_says_so(client):
    page = client.get("/").text
    assert "No solution has reached the pilot stage yet" in page
    assert re.search(r"<dt>Public solutions</dt><dd>0</dd>", page)
