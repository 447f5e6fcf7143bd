"""Ideas for the page tests, made through the real services; a SQL statement counter; helpers that
read forms out of pages and post them as a browser does."""

import html
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from itertools import count

from sqlalchemy import event
from sqlmodel import Session, select

from app.models.accounts import Role, User
from app.models.idea_schemas import (
    IdeaCreate,
    IndicatorIn,
    PilotPlanIn,
    PilotReportIn,
    ResultIn,
)
from app.models.ideas import Idea, Stage, Transition
from app.services import ideas, pilots, stages
from tests.factories import make_user

_serial = count(1)


def make_idea(
    session: Session, *, owner: User, stage: Stage = Stage.submit, draft: bool = False, title: str | None = None,
    summary: str = "A short summary.", problem: str = "Villages lack clean water in the dry season.",
    solution: str = "Solar pumps run by the community.", country: str = "KEN",
    themes: tuple[str, ...] = ("water-sanitation",), sdgs: tuple[int, ...] = (6,), organisation: str = "",
    manager: User | None = None,
) -> Idea:
    """An idea created through ideas.create_idea, then moved to `stage` the way a lab manager would."""
    data = IdeaCreate(
        title=title or f"Idea {next(_serial)}", summary=summary, problem=problem, solution=solution,
        origin_country=country, themes=list(themes), sdgs=list(sdgs), organisation=organisation, draft=draft,
    )
    idea = ideas.create_idea(session, owner=owner, data=data)
    if stage != Stage.submit:
        manager = manager or make_user(session, roles=[Role.lab_manager])
        advance_to(session, idea=idea, stage=stage, manager=manager)
    return idea


def advance_to(session: Session, *, idea: Idea, stage: Stage, manager: User) -> Idea:
    """Move an active idea forward to `stage`, overriding review gates and filling pilot plan and report."""
    while idea.stage != stage:
        if idea.stage == Stage.incubate:
            save_plan(session, idea=idea, actor=manager)
        if idea.stage == Stage.pilot:
            plan = pilots.get_pilot_plan(session, idea_id=idea.id, viewer=manager)
            results = [ResultIn(indicator_id=i.id, actual=i.target) for i in plan.indicators]
            pilots.submit_pilot_report(session, idea_id=idea.id, actor=manager,
                                       data=PilotReportIn(summary="It worked.", results=results))
        idea = stages.change_stage(session, idea_id=idea.id, actor=manager, to=idea.stage.next.value,
                                   expected_version=idea.version, reason="Test data: reviews come later.", override=True)
    return idea


def save_plan(session: Session, *, idea: Idea, actor: User):
    data = PilotPlanIn(host_country="UGA", starts_on=date(2027, 1, 1), ends_on=date(2027, 6, 30),
                       indicators=[IndicatorIn(name="Households served", unit="households", baseline=0, target=120)])
    return pilots.save_pilot_plan(session, idea_id=idea.id, actor=actor, data=data)


@contextmanager
def count_statements(session: Session) -> Iterator[list[str]]:
    """The SQL statements run on the test session's connection (the app shares it) inside the block."""
    statements: list[str] = []

    def record(_connection, _cursor, statement, _parameters, _context, _executemany):
        statements.append(statement)

    connection = session.connection()
    event.listen(connection, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(connection, "before_cursor_execute", record)


_POST_FORM = re.compile(r'<form method="post" action="([^"]*)"[^>]*>(.*?)</form>', re.DOTALL)
_TOKEN = re.compile(r'<input type="hidden" name="csrf_token" value="([^"]*)">')


def form_token(page: str, action: str) -> str:
    """The CSRF token carried by the page's own form that posts to `action` (not the header's sign-out)."""
    tokens = [_TOKEN.findall(body) for target, body in _POST_FORM.findall(page) if html.unescape(target) == action]
    assert tokens, f"the page has no form posting to {action}"
    assert all(len(found) == 1 and found[0] for found in tokens), f"a form posting to {action} lacks its CSRF token"
    return tokens[0][0]


def post_forms(page: str) -> list[tuple[str, list[str]]]:
    """Every POST form of the page: its action and the CSRF tokens it carries."""
    return [(html.unescape(target), _TOKEN.findall(body)) for target, body in _POST_FORM.findall(page)]


# ---- driving the pages ----

def textarea_value(page: str, name: str) -> str | None:
    """The text of the <textarea id=…> of the page (the idea page's action forms share names, not ids)."""
    found = re.search(rf'<textarea id="{re.escape(name)}" [^>]*>(.*?)</textarea>', page, re.DOTALL)
    return html.unescape(found.group(1)) if found else None


def post_form(client, page_path: str, action: str, data: dict):
    """POST `data` to `action` with the CSRF token of the page's form for `action`, as a browser does."""
    page = client.get(page_path)
    assert page.status_code == 200, f"GET {page_path} answered {page.status_code}"
    return client.post(action, data={**data, "csrf_token": form_token(page.text, action)})


def transitions_of(session: Session, idea_id: int) -> list[tuple[str, str, bool]]:
    session.expire_all()
    rows = session.exec(select(Transition).where(Transition.idea_id == idea_id).order_by(Transition.id))
    return [(t.from_state, t.to_state, t.override) for t in rows]


def all_ideas(session: Session) -> list[Idea]:
    session.expire_all()
    return list(session.exec(select(Idea).order_by(Idea.id)))
