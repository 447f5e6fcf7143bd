"""The country pages: facts and challenge profile, the profile form, partner countries with their
parts and reasons, proven solutions, a country's ranking, a pair explained and the strongest pairs."""

import html
import re

import pytest
from sqlmodel import Session

from app.models.accounts import Role
from app.models.countries import ChallengeIn
from app.models.ideas import Stage
from app.services import challenges
from tests.clients import field_error, sign_in
from tests.factories import make_user
from tests.idea_factories import make_idea
from tests.routers.idea_data import form_token, post_form, textarea_value

MARKUP = "<script>alert(1)</script>"
FREE_TEXT = f'{MARKUP} "Quoted" & \'single\' حلول المياه 水资源解决方案'
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt; &#34;Quoted&#34; &amp; &#39;single&#39; حلول المياه 水资源解决方案"
PROFILE = [ChallengeIn(theme="water-sanitation", priority=1, description="Saline groundwater in coastal villages"),
           ChallengeIn(theme="climate-adaptation", priority=2, description="Floods every monsoon")]


@pytest.fixture
def people(session: Session):
    return {
        "officer": make_user(session, roles=[Role.country_officer], country="BGD", email="officer.bgd@example.org"),
        "other_officer": make_user(session, roles=[Role.country_officer], country="KEN", email="officer.ken@example.org"),
        "manager": make_user(session, roles=[Role.lab_manager], email="manager@example.org"),
        "submitter": make_user(session, roles=[Role.submitter], country="IND", email="submitter@example.org"),
    }


@pytest.fixture
def profile(session: Session, people):
    return challenges.replace_challenges(session, actor=people["manager"], code="BGD", items=PROFILE)


@pytest.fixture
def kiosk(session: Session, people, profile):
    """A proven solution from India for Bangladesh's first challenge."""
    return make_idea(session, owner=people["submitter"], stage=Stage.replicate, country="IND", themes=("water-sanitation",),
                     title="Solar water kiosks")


def profile_form(rows: list[tuple[str, str, str]], *, blanks: int = 0) -> dict[str, str]:
    data = {}
    for n, (theme, priority, description) in enumerate(rows + [("", "2", "")] * blanks):
        data |= {f"challenge-{n}-theme": theme, f"challenge-{n}-priority": priority, f"challenge-{n}-description": description}
    return data


def selected_theme(page: str, row: int) -> str | None:
    select = re.search(rf'<select id="challenge-{row}-theme".*?</select>', page, re.DOTALL).group(0)
    found = re.search(r'<option value="([^"]*)" selected>', select)
    return html.unescape(found.group(1)) if found else None


# ---- the country page ----

def test_country_page_shows_facts_and_profile_to_anyone(client, profile):
    page = client.get("/countries/bgd")
    assert page.status_code == 200
    text = page.text
    assert "<h1>Bangladesh</h1>" in text and "Southern Asia" in text and "Lower middle" in text and ">Bangla</span>" in text
    assert "Water and sanitation" in text and "1 · high" in text and "Saline groundwater in coastal villages" in text
    assert "Climate adaptation" in text and "2 · medium" in text
    assert 'method="post"' not in text and "Edit the challenge profile" not in text
    assert "Sign in</a> to see the solutions Bangladesh replicates" in text


def test_unknown_country_answers_404(client):
    assert client.get("/countries/XYZ").status_code == 404
    assert client.get("/countries/XYZ/matches").status_code == 404


def test_country_without_profile_says_so(client):
    text = client.get("/countries/NPL").text
    assert "Nepal has no challenge profile yet" in text and "No partners yet" in text


# ---- the profile form ----

def test_officer_edits_the_profile_through_the_form(client, session, people, profile):
    sign_in(client, email=people["officer"].email)
    page = client.get("/countries/BGD").text
    assert "Edit the challenge profile" in page and selected_theme(page, 0) == "water-sanitation"
    assert selected_theme(page, 2) is None  # blank rows to add challenges: "No challenge" comes first
    rows = [("water-sanitation", "2", "Arsenic in wells"), ("", "1", "ignored: no theme"), ("energy", "1", FREE_TEXT)]
    response = post_form(client, "/countries/BGD", "/countries/BGD/challenges", profile_form(rows, blanks=1))
    assert (response.status_code, response.headers["location"]) == (303, "/countries/BGD#profile")
    assert [(c.theme, c.priority, c.description) for c in challenges.list_challenges(session, code="BGD")] == [
        ("energy", 1, FREE_TEXT), ("water-sanitation", 2, "Arsenic in wells")]
    page = client.get("/countries/BGD")
    assert "The challenge profile is saved." in page.text and ESCAPED in page.text and MARKUP not in page.text


def test_emptying_every_theme_removes_the_profile(client, session, people, profile):
    sign_in(client, email=people["officer"].email)
    response = post_form(client, "/countries/BGD", "/countries/BGD/challenges",
                         profile_form([("", "1", "Saline groundwater"), ("", "2", "Floods")]))
    assert response.status_code == 303
    assert challenges.list_challenges(session, code="BGD") == []


def test_bad_theme_is_shown_next_to_its_row_with_the_input_kept(client, session, people, profile):
    sign_in(client, email=people["officer"].email)
    rows = [("water-sanitation", "1", "Kept as typed"), ("no-such-theme", "3", FREE_TEXT)]
    response = post_form(client, "/countries/BGD", "/countries/BGD/challenges", profile_form(rows))
    assert response.status_code == 422
    page = response.text
    assert field_error(page, "challenge-1-theme") == "Not a known theme: choose one from the list."
    assert field_error(page, "challenge-0-theme") is None
    assert selected_theme(page, 1) == "no-such-theme" and "no-such-theme (unknown theme)" in page
    assert textarea_value(page, "challenge-1-description") == FREE_TEXT and ESCAPED in page
    assert textarea_value(page, "challenge-0-description") == "Kept as typed"
    assert "<details class=\"card edit-profile\" open>" in page
    assert [c.description for c in challenges.list_challenges(session, code="BGD")] == [p.description for p in PROFILE]


def test_theme_listed_twice_is_marked_on_the_second_row(client, session, people, profile):
    sign_in(client, email=people["officer"].email)
    rows = [("energy", "1", "first"), ("", "1", ""), ("energy", "2", "second")]
    response = post_form(client, "/countries/BGD", "/countries/BGD/challenges", profile_form(rows))
    assert response.status_code == 422
    assert field_error(response.text, "challenge-2-theme") == "This theme is listed already."
    assert field_error(response.text, "challenge-0-theme") is None


def test_bad_priority_is_shown_next_to_its_row(client, people, profile):
    sign_in(client, email=people["officer"].email)
    response = post_form(client, "/countries/BGD", "/countries/BGD/challenges", profile_form([("energy", "7", "")]))
    assert response.status_code == 422
    assert field_error(response.text, "challenge-0-priority") == "Choose a priority: 1 (high), 2 or 3 (low)."


@pytest.mark.parametrize(("who", "status"), [("officer", 303), ("manager", 303), ("other_officer", 403), ("submitter", 403)])
def test_only_the_countrys_officers_and_lab_managers_save_its_profile(client, session, people, profile, who, status):
    sign_in(client, email=people[who].email)
    page = client.get("/countries/BGD").text
    assert ("/countries/BGD/challenges" in page) == (status == 303)
    token = form_token(client.get("/account").text, "/account") if status == 403 else None
    data = profile_form([("energy", "1", "Take over")])
    if token is None:
        response = post_form(client, "/countries/BGD", "/countries/BGD/challenges", data)
    else:
        response = client.post("/countries/BGD/challenges", data={**data, "csrf_token": token})
    assert response.status_code == status
    themes = [c.theme for c in challenges.list_challenges(session, code="BGD")]
    assert themes == (["energy"] if status == 303 else ["water-sanitation", "climate-adaptation"])


def test_other_countrys_officer_with_bad_input_is_refused_too(client, session, people, profile):
    sign_in(client, email=people["other_officer"].email)
    token = form_token(client.get("/account").text, "/account")
    response = client.post("/countries/BGD/challenges", data={**profile_form([("energy", "9", "")]), "csrf_token": token})
    assert response.status_code == 403


# ---- partners, proven solutions, the ranking, a pair, the strongest pairs ----

def test_partner_countries_show_score_parts_reason_and_the_pair(client, kiosk):
    text = client.get("/countries/BGD").text
    card = text[text.index('<a href="/countries/IND">India</a>'):]
    card = " ".join(card[:card.index("</li>")].split())
    assert re.search(r'<span class="visually-hidden">Score </span>0\.\d\d', card)
    assert re.search(r"evidence 0\.\d\d · shared 0\.00 · context 0\.\d\d · text 0\.\d\d", card)
    assert 'role="img"' in card and 'class="part part-evidence"' in card
    assert "India has 1 replicated solution for water and sanitation, a priority challenge of yours" in card
    assert 'href="/pairs/BGD/IND"' in card


def test_proven_solutions_offer_a_proposal_to_the_countrys_officers(client, session, people, kiosk):
    make_idea(session, owner=people["submitter"], stage=Stage.pilot, country="IND", themes=("water-sanitation",), title="Not proven")
    anonymous = client.get("/countries/BGD").text
    section = anonymous[anonymous.index('id="proven-title"'):anonymous.index('id="replications-title"')]
    assert f'<a href="/ideas/{kiosk.id}">Solar water kiosks</a>' in section and "From India" in section
    assert "Not proven" not in section and "1 more solution behind these matches is still being piloted" in section
    assert "Propose a replication here" not in section
    sign_in(client, email=people["officer"].email)
    officer = client.get("/countries/BGD").text
    assert f'href="/replications/new?idea_id={kiosk.id}&amp;country=BGD">Propose a replication here</a>' in officer


def test_ranking_page_lists_every_partner_with_its_parts(client, kiosk):
    response = client.get("/countries/BGD/matches")
    assert response.status_code == 200
    rows = re.findall(r"<tr><td>(\d+)</td>", response.text)
    assert rows[:3] == ["1", "2", "3"] and len(rows) == 50
    assert '<td><a href="/countries/IND">India</a></td>' in response.text
    assert "The pair explained" in response.text and "Evidence</th>" in response.text


def test_ranking_page_of_a_country_without_profile_says_so(client):
    assert "has no challenge profile yet, so no partner is ranked" in client.get("/countries/NPL/matches").text


def test_pair_page_explains_parts_challenges_and_solutions(client, session, people, kiosk):
    challenges.replace_challenges(session, actor=people["manager"], code="IND",
                                  items=[ChallengeIn(theme="water-sanitation", priority=1, description="Dry wells")])
    text = client.get("/pairs/BGD/IND").text
    assert "<h2 id=\"forward-title\">India as a partner for Bangladesh</h2>" in text
    assert "India has 1 replicated solution for water and sanitation" in text
    assert "<th scope=\"row\">Shared challenges</th>" in text and "Water and sanitation</td>" in text
    assert "same sub-region, same income group" in text or "same sub-region" in text
    assert f'<a href="/ideas/{kiosk.id}"><bdi>Solar water kiosks</bdi></a>' in text and "for Water and sanitation" in text
    assert '<a href="/pairs/IND/BGD">The pair seen from India</a>' in text  # and the other way
    assert "Bangladesh as a partner for India" in text


def test_pair_page_without_the_partners_profile_explains_one_way(client, kiosk):
    text = client.get("/pairs/BGD/IND").text
    assert "India has no challenge profile yet, so it is not matched the other way." in text


@pytest.mark.parametrize("path", ["/pairs/NPL/IND", "/pairs/BGD/BGD", "/pairs/BGD/XYZ"])
def test_pair_page_answers_404_without_a_pair(client, profile, path):
    assert client.get(path).status_code == 404


def test_strongest_pairs_page_lists_pairs_with_reasons(client, kiosk):
    text = client.get("/matches").text
    assert '<td><a href="/countries/BGD">Bangladesh</a></td>' in text and '<a href="/pairs/BGD/IND">' in text
    assert "India has 1 replicated solution" in text


def test_free_text_of_profiles_and_solutions_shows_escaped(client, session, people):
    challenges.replace_challenges(session, actor=people["manager"], code="BGD",
                                  items=[ChallengeIn(theme="water-sanitation", priority=1, description=FREE_TEXT)])
    make_idea(session, owner=people["submitter"], stage=Stage.replicate, country="IND", themes=("water-sanitation",), title=FREE_TEXT)
    for path in ("/countries/BGD", "/pairs/BGD/IND"):
        text = client.get(path).text
        assert ESCAPED in text and MARKUP not in text, path


def test_nav_links_countries_and_pairs(client):
    text = client.get("/").text
    assert '<a href="/countries">Countries</a>' in text and '<a href="/matches">Pairs</a>' in text
