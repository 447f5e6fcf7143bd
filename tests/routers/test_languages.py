"""Which language a page speaks (account setting, then switcher cookie, then Accept-Language),
right-to-left Arabic, CLDR names and formats, and the language ideas are written in."""

import datetime as dt
import re

import pytest
from sqlmodel import Session

from app import i18n
from app.i18n import LANGUAGE_COOKIE, use_locale
from app.models.accounts import Role, User
from app.models.ideas import Idea, Stage
from tests.clients import csrf_token, set_cookie, start_browser_session
from tests.factories import make_token, make_user
from tests.routers.idea_data import make_idea


def in_language(code: str, message: str) -> str:
    with use_locale(code):
        return i18n.gettext(message)


def html_tag(page: str) -> str:
    return re.search(r"<html[^>]*>", page).group(0)


# ---- which language ----

@pytest.mark.parametrize(("cookie", "accept_language", "expected"), [
    (None, None, "en"),
    (None, "fr-CA,fr;q=0.9,en;q=0.8", "fr"),
    (None, "ar-EG", "ar"),
    (None, "pt-BR, es;q=0.5", "es"),  # the first language offered among those asked for
    (None, "de-DE", "en"),  # nothing offered: English
    (None, "zh-TW", "zh"),
    (None, "*", "en"),
    (None, "en-GB,fr", "en"),
    ("ru", "fr", "ru"),  # the switcher's cookie beats the browser
    ("xx", "zh-CN", "zh"),  # an unknown cookie is ignored
    ("", "es", "es"),
])
def test_negotiation(cookie, accept_language, expected):
    assert i18n.negotiate(cookie=cookie, accept_language=accept_language) == expected


@pytest.mark.parametrize(("code", "direction"), [("ar", "rtl"), ("en", "ltr"), ("fr", "ltr"), ("zh", "ltr"),
                                                  ("ru", "ltr"), ("es", "ltr")])
def test_pages_say_their_language_and_direction(client, code, direction):
    response = client.get("/", headers={"Accept-Language": code})
    assert response.status_code == 200
    assert html_tag(response.text) == f'<html lang="{code}" dir="{direction}">'
    assert response.headers["Content-Language"] == code
    assert "Accept-Language" in response.headers["Vary"] and "Cookie" in response.headers["Vary"]
    assert in_language(code, "Sign in") in response.text


def test_the_cookie_beats_the_browser(client):
    set_cookie(client, LANGUAGE_COOKIE, "ru")
    response = client.get("/solutions", headers={"Accept-Language": "fr"})
    assert 'lang="ru"' in html_tag(response.text)


def test_a_signed_in_persons_setting_beats_the_cookie(client, session: Session):
    user = make_user(session, roles=[Role.submitter])
    user.interface_language = "fr"
    session.add(user)
    session.commit()
    start_browser_session(client, session, user=user)
    set_cookie(client, LANGUAGE_COOKIE, "ru")
    response = client.get("/my/ideas", headers={"Accept-Language": "zh"})
    assert 'lang="fr"' in html_tag(response.text) and response.headers["Content-Language"] == "fr"
    assert in_language("fr", "My ideas") in response.text


def test_error_pages_and_api_errors_speak_the_readers_language(client):
    page = client.get("/ideas/987654", headers={"Accept-Language": "es"})
    assert page.status_code == 404
    assert in_language("es", "No such idea") in page.text and 'lang="es"' in page.text
    api = client.get("/api/v1/ideas/987654", headers={"Accept-Language": "zh"})
    assert api.status_code == 404
    assert api.json()["detail"] == in_language("zh", "No such idea") != "No such idea"
    assert api.headers["Content-Language"] == "zh"


def test_field_errors_speak_the_readers_language(client):
    token = csrf_token(client)
    response = client.post("/signin", data={"email": "", "password": "", "csrf_token": token},
                           headers={"Accept-Language": "ru"})
    assert response.status_code == 422
    assert in_language("ru", "This field is required.") in response.text


def test_api_validation_errors_speak_the_readers_language(client, session: Session):
    user = make_user(session, roles=[Role.submitter])
    token, _ = make_token(session, user=user)
    response = client.post("/api/v1/ideas", json={"title": ""},
                           headers={"Authorization": f"Bearer {token}", "Accept-Language": "fr"})
    assert response.status_code == 422
    assert response.json()["detail"] == in_language("fr", "Please check your input")
    assert in_language("fr", "This field is required.") in response.json()["fields"].values()


# ---- the switcher ----

def test_the_visitors_switcher_sets_a_cookie_and_goes_back(client):
    response = client.get("/language", params={"language": "ar", "next": "/solutions?q=water"})
    assert response.status_code == 303
    assert response.headers["location"] == "/solutions?q=water"
    assert f"{LANGUAGE_COOKIE}=ar" in response.headers["set-cookie"]
    assert 'dir="rtl"' in client.get("/solutions").text


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/", "/\\evil"])
def test_the_switcher_goes_back_only_to_this_site(client, target):
    response = client.get("/language", params={"language": "fr", "next": target})
    assert response.headers["location"] == "/"


@pytest.mark.parametrize("language", ["", "xx", "de", "EN", "fr-FR"])
def test_the_switcher_refuses_languages_it_does_not_offer(client, language):
    response = client.get("/language", params={"language": language, "next": "/"})
    assert response.status_code == 422
    assert LANGUAGE_COOKIE not in response.headers.get("set-cookie", "")


def test_a_signed_in_person_switches_with_a_form_that_keeps_the_choice(client, session: Session):
    user = make_user(session, roles=[Role.reviewer])
    start_browser_session(client, session, user=user)
    page = client.get("/account").text
    assert 'action="/language"' in page and 'method="post"' in page
    refused = client.post("/language", data={"language": "zh", "next": "/account"})
    assert refused.status_code == 403
    response = client.post("/language", data={"language": "zh", "next": "/account",
                                               "csrf_token": csrf_token(client, "/account")})
    assert response.status_code == 303
    session.expire_all()
    assert session.get(User, user.id).interface_language == "zh"
    client.cookies.delete(LANGUAGE_COOKIE)  # the account keeps it, not only the cookie
    assert 'lang="zh"' in html_tag(client.get("/account").text)


def test_the_switcher_lists_the_six_languages_in_their_own_names(client):
    page = client.get("/").text
    for code, name in [("ar", "العربية"), ("zh", "中文"), ("en", "English"), ("fr", "Français"),
                       ("ru", "Русский"), ("es", "Español")]:
        assert f'<option value="{code}" lang="{code}"' in page and name in page


# ---- CLDR names and formats ----

def test_country_names_follow_the_page_language(client):
    assert "Afrique du Sud" in client.get("/countries", headers={"Accept-Language": "fr"}).text
    assert "كينيا" in client.get("/countries/KEN", headers={"Accept-Language": "ar"}).text
    # English keeps the UN names of the reference data.
    assert "Bolivia (Plurinational State of)" in client.get("/countries", headers={"Accept-Language": "en"}).text


@pytest.mark.parametrize(("code", "number", "date", "when"), [
    ("en", "12,345.5", "Nov 30, 2026", "Nov 30, 2026, 2:05\u202fPM"),
    ("fr", "12\u202f345,5", "30 nov. 2026", "30 nov. 2026, 14:05"),
    ("es", "12.345,5", "30 nov 2026", "30 nov 2026, 14:05"),
    ("ru", "12\xa0345,5", "30 нояб. 2026\u202fг.", "30 нояб. 2026\u202fг., 14:05"),
    ("zh", "12,345.5", "2026年11月30日", "2026年11月30日 14:05"),
    ("ar", "12,345.5", "30\u200f/11\u200f/2026", "30\u200f/11\u200f/2026، 2:05 م"),
])
def test_numbers_and_dates_are_written_the_languages_way(code, number, date, when):
    with use_locale(code):
        assert i18n.format_number(12345.5) == number
        assert i18n.format_number(12.0) == "12"
        assert i18n.format_date(dt.date(2026, 11, 30)) == date
        assert i18n.format_datetime(dt.datetime(2026, 11, 30, 14, 5, tzinfo=dt.timezone.utc)) == when


def test_labels_exist_for_every_value_of_every_enumeration():
    from app.labels import LABELS, label
    from app.models.accounts import Role as RoleEnum
    from app.models.ideas import Stage as StageEnum, Status
    from app.models.replications import ReplicationStatus
    from app.models.reviews import AssignmentStatus, Recommendation

    for enumeration in (StageEnum, Status, RoleEnum, Recommendation, AssignmentStatus, ReplicationStatus):
        for member in enumeration:
            assert member in LABELS
            with use_locale("fr"):
                assert label(member)


# ---- the language of an idea ----

def idea_body(**changes) -> dict:
    return {"title": "Bombas solares", "summary": "Bombas comunitarias.", "problem": "Falta agua.",
            "solution": "Energía solar.", "origin_country": "BOL", "themes": ["water-sanitation"], **changes}


@pytest.fixture
def submitter_token(session: Session) -> str:
    return make_token(session, user=make_user(session, roles=[Role.submitter]))[0]


def test_an_idea_records_the_language_it_is_written_in(client, submitter_token):
    response = client.post("/api/v1/ideas", json=idea_body(language="ES"),
                           headers={"Authorization": f"Bearer {submitter_token}"})
    assert response.status_code == 201
    assert response.json()["language"] == "es"
    default = client.post("/api/v1/ideas", json=idea_body(), headers={"Authorization": f"Bearer {submitter_token}"})
    assert default.json()["language"] == "en"


@pytest.mark.parametrize("language", ["xx", "zz", "e", "english"])
def test_an_idea_in_an_unknown_language_is_refused(client, submitter_token, language):
    response = client.post("/api/v1/ideas", json=idea_body(language=language),
                           headers={"Authorization": f"Bearer {submitter_token}"})
    assert response.status_code == 422
    assert "language" in response.json()["fields"]


def test_the_language_of_an_idea_can_be_changed_while_it_is_edited(client, session: Session):
    owner = make_user(session, roles=[Role.submitter])
    token, _ = make_token(session, user=owner)
    idea = make_idea(session, owner=owner)
    response = client.patch(f"/api/v1/ideas/{idea.id}", json={"language": "sw", "expected_version": idea.version},
                            headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, response.text
    assert response.json()["language"] == "sw"


def test_the_idea_form_starts_in_the_readers_language(client, session: Session):
    user = make_user(session, roles=[Role.submitter])
    start_browser_session(client, session, user=user)
    set_cookie(client, LANGUAGE_COOKIE, "fr")
    page = client.get("/ideas/new").text
    assert re.search(r'<option value="fr" selected>', page)


@pytest.fixture
def catalogue_in_two_languages(session: Session):
    owner, manager = make_user(session, roles=[Role.submitter]), make_user(session, roles=[Role.lab_manager])
    french = make_idea(session, owner=owner, manager=manager, stage=Stage.pilot, title="Pompes solaires")
    english = make_idea(session, owner=owner, manager=manager, stage=Stage.pilot, title="Solar pumps")
    french.language = "fr"
    session.add(french)
    session.commit()
    return french, english


def test_the_catalogue_filters_by_the_language_of_the_solutions(client, catalogue_in_two_languages):
    french, english = catalogue_in_two_languages
    page = client.get("/solutions", params={"language": "fr"}).text
    assert "Pompes solaires" in page and "Solar pumps" not in page
    assert '<option value="fr" selected' in page
    api = client.get("/api/v1/ideas", params={"language": "fr"}).json()
    assert [item["id"] for item in api["items"]] == [french.id]
    assert [i["id"] for i in client.get("/api/v1/ideas", params={"language": "en"}).json()["items"]] == [english.id]


def test_user_content_is_marked_with_its_own_language(client, catalogue_in_two_languages):
    french, _ = catalogue_in_two_languages
    page = client.get(f"/ideas/{french.id}", headers={"Accept-Language": "ar"}).text
    assert 'dir="rtl"' in html_tag(page)
    assert re.search(r'lang="fr" dir="auto"', page)


def test_the_account_keeps_the_language_of_the_site(client, session: Session):
    user = make_user(session, roles=[Role.submitter])
    start_browser_session(client, session, user=user)
    token = csrf_token(client, "/account")
    form = {"name": "Amina", "organisation": "", "languages": "ar fr", "interface_language": "ar", "csrf_token": token}
    assert client.post("/account", data=form).status_code == 303
    page = client.get("/account").text
    assert 'dir="rtl"' in html_tag(page) and '<option value="ar" lang="ar" selected>' in page
    refused = client.post("/account", data={**form, "interface_language": "de"})
    assert refused.status_code == 422
    assert in_language("ar", "Choose one of the languages offered.") in refused.text
    assert client.post("/account", data={**form, "interface_language": ""}).status_code == 303
    session.expire_all()
    assert session.get(User, user.id).interface_language is None


# ---- gettext in templates ----

@pytest.mark.parametrize(("source", "expected"), [
    ("{{ _('Hello %(name)s', name='<b>') }}", "Hello &lt;b&gt;"),  # values are escaped, the message is markup
    ("{% trans message='<i>' %}Hi <b>{{ message }}</b>{% endtrans %}", "Hi <b>&lt;i&gt;</b>"),  # any value name
    ("{{ ngettext('%(num)s idea', '%(num)s ideas', 3) }}", "3 ideas"),
    ("{% trans count=1 %}{{ count }} idea{% pluralize %}{{ count }} ideas{% endtrans %}", "1 idea"),
    ("{{ _('100%% done') }}", "100% done"),
])
def test_template_gettext_escapes_values_and_formats_like_jinjas_own(source, expected):
    from app.templating import env

    assert env.from_string(source).render() == expected


def test_template_gettext_reads_the_language_at_render_time():
    from app.templating import env

    template = env.from_string("{{ _('Sign in') }}")
    with use_locale("es"):
        spanish = template.render()
    assert spanish == in_language("es", "Sign in") != template.render() == "Sign in"
