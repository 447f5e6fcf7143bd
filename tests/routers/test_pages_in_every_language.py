"""Every page reads fully in each language: with the demo data, each role's pages are fetched in
Arabic, Chinese, French, Russian and Spanish, and no text a person reads is left in English.

"Left in English" means a text node (or a read-aloud attribute) that is exactly the source of a
catalog entry whose translation differs. What people wrote keeps its own language: text inside an
element that declares its language or direction (`lang`, `dir="auto"`, `<bdi>`) is theirs."""

import re
from functools import cache
from html.parser import HTMLParser

import pytest
from babel.messages.pofile import read_po
from sqlmodel import Session, select

from app.i18n import DOMAIN, LOCALE_DIR
from app.models.accounts import User
from app.models.ideas import Idea, Stage, Status
from app.models.replications import Replication
from app.models.reviews import Assignment
from app.services.demo import seed_demo
from tests.clients import set_cookie, start_browser_session

LANGUAGES = ("ar", "zh", "fr", "ru", "es")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
READ_ATTRIBUTES = ("alt", "title", "placeholder", "aria-label")
PLACEHOLDER = re.compile(r"%\(\w+\)s|%s|%%")
DEMO = "@demo.solutions-lab.org"


@cache
def english_left_overs(code: str) -> frozenset[str]:
    """Source strings whose translation differs from them (and that hold no placeholder)."""
    with (LOCALE_DIR / code / "LC_MESSAGES" / f"{DOMAIN}.po").open("rb") as handle:
        catalog = read_po(handle, locale=code)
    found = set()
    for message in catalog:
        if isinstance(message.id, str) and message.id and message.string != message.id and not PLACEHOLDER.search(message.id):
            found.add(" ".join(message.id.split()))
    return frozenset(found)


class _ReadText(HTMLParser):
    """The text of a page a person reads, leaving out what people wrote (marked with its language)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self._stack: list[bool] = []  # per open element: does it hold people's own words?

    @property
    def _theirs(self) -> bool:
        return any(self._stack)

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        theirs = tag in ("bdi", "script", "style") or "lang" in attributes and tag != "html" or attributes.get("dir") == "auto"
        if not (self._theirs or theirs):
            self.texts += [attributes[name] for name in READ_ATTRIBUTES if attributes.get(name)]
        if tag not in VOID:
            self._stack.append(theirs)

    def handle_endtag(self, tag):
        if tag not in VOID and self._stack:
            self._stack.pop()

    def handle_data(self, data):
        if not self._theirs and data.strip():
            self.texts.append(data)


def left_in_english(page: str, code: str) -> set[str]:
    reader = _ReadText()
    reader.feed(page)
    return {" ".join(text.split()) for text in reader.texts} & english_left_overs(code)


@pytest.fixture
def demo(session: Session) -> dict:
    seed_demo(session)
    users = {user.email.split("@")[0]: user for user in session.exec(select(User).where(User.email.endswith(DEMO)))}
    public = session.exec(select(Idea).where(Idea.stage == Stage.replicate, Idea.status == Status.active)).first()
    submitted = session.exec(select(Idea).where(Idea.stage == Stage.submit, Idea.owner_id == users["innovator"].id)).first()
    replication = session.exec(select(Replication).where(Replication.country_code == "KEN")).first()
    owned = select(Idea).where(Idea.owner_id == users["innovator"].id, Idea.status == Status.active)
    incubated = session.exec(owned.where(Idea.stage == Stage.incubate)).first()
    piloted = session.exec(owned.where(Idea.stage == Stage.pilot)).first()
    assignment = session.exec(select(Assignment).where(Assignment.reviewer_id == users["reviewer1"].id)).first()
    return {"users": users, "public": public, "submitted": submitted, "replication": replication,
            "incubated": incubated, "piloted": piloted, "assignment": assignment}


def pages_by_role(demo: dict) -> dict[str | None, list[str]]:
    public, submitted, replication = demo["public"].id, demo["submitted"].id, demo["replication"].id
    return {
        None: ["/", "/solutions", "/solutions?q=water", "/countries", "/countries/KEN", "/countries/KEN/matches",
               "/matches", "/pairs/KEN/UGA",
               f"/ideas/{public}", "/signin", "/signup", "/ideas/987654"],
        "innovator": ["/my/ideas", "/ideas/new", f"/ideas/{submitted}", f"/ideas/{submitted}/edit", "/account", "/inbox",
                      "/map", f"/ideas/{demo['incubated'].id}/pilot", f"/ideas/{demo['piloted'].id}/pilot/report"],
        "reviewer1": ["/reviews"] + ([f"/reviews/{demo['assignment'].id}"] if demo["assignment"] else []),
        "manager": ["/board", f"/board/ideas/{submitted}", "/board/auto-assign?stage=submit", "/rubrics", "/dashboard",
                    f"/replications/{replication}"],
        "officer.ken": ["/dashboard", f"/replications/{replication}", f"/replications/new?idea_id={public}&country=KEN"],
        "admin": ["/admin/users", f"/admin/users/{demo['users']['innovator'].id}"],
    }


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_page_reads_fully_in_the_language(client, session: Session, demo, code):
    set_cookie(client, "lab_lang", code)
    left: dict[str, set[str]] = {}
    for role, paths in pages_by_role(demo).items():
        if role is not None:
            start_browser_session(client, session, user=demo["users"][role])
        for path in paths:
            response = client.get(path)
            assert response.status_code in (200, 404), (role, path, response.status_code)
            assert f'<html lang="{code}"' in response.text, (role, path)
            if found := left_in_english(response.text, code):
                left[f"{role or 'visitor'} {path}"] = found
    assert not left, f"English left on {code} pages: {left}"


def test_the_reader_finds_english_left_overs_and_ignores_what_people_wrote():
    page = ('<html lang="fr"><body><p>Sign in</p><input placeholder="Search"><p lang="en">Sign in</p>'
            '<h3 dir="auto">Search</h3><bdi>Sign out</bdi><br><p>Se connecter</p></body></html>')
    assert left_in_english(page, "fr") == {"Sign in", "Search"}
