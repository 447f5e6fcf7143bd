"""Every route × every role gets the outcome tests/routers/route_access.py promises.

Refused: an API route answers 401 JSON to the anonymous and 403 JSON to a signed-in user
without the role; a page sends the anonymous to /signin?next=… (303) and shows others a
403 error page. Allowed: anything but a refusal (a 404 for an object the caller may not
see, or a 422 for the empty body the test sends, are expected). Unsafe requests carry a
valid CSRF token, so a refusal here is about permissions, never about CSRF.
"""

from collections.abc import Callable
from urllib.parse import quote

import pytest
from sqlmodel import Session
from starlette.routing import Mount

from app.deps import SAFE_METHODS
from app.main import create_app
from tests.clients import csrf_token, start_browser_session
from tests.factories import make_token, make_user
from tests.idea_factories import make_idea
from tests.routers.route_access import ROLE_NAMES, ROUTE_ACCESS, SIGNED_IN, Access, roles

try:
    from fastapi.routing import iter_route_contexts
except ImportError:  # FastAPI before 0.13x kept app.routes flat

    def iter_route_contexts(routes):
        return iter(routes)

ANONYMOUS = "anonymous"
CALLERS = (ANONYMOUS, *ROLE_NAMES)
CSRF_HINT = "The form was too old or was sent from another page."

# A value for each path parameter of the table: a function of the test's database session
# that returns the id of a real object (made for the test). Add yours here.
PATH_VALUES: dict[str, Callable[[Session], object]] = {
    "code": lambda session: "KEN",
    "user_id": lambda session: make_user(session, email="target@example.org", country="KEN").id,
    "token_id": lambda session: make_token(session, user=make_user(session, email="token-owner@example.org"))[1].id,
    "idea_id": lambda session: make_idea(session, owner=make_user(session, email="idea-owner@example.org")).id,
    "stage": lambda session: "submit",
    "assignment_id": lambda session: 999999,
    "review_id": lambda session: 999999,
    "partner": lambda session: "UGA",
    "replication_id": lambda session: 999999,
    "conflict_id": lambda session: 999999,
}


def served_routes() -> set[tuple[str, str]]:
    """(method, path template) of every route of the app, without the static files."""
    found = set()
    for route in iter_route_contexts(create_app().routes):  # included routers flattened
        if isinstance(getattr(route, "route", route), Mount) and route.path == "/static":
            continue
        assert route.methods, f"{route!r}: the route table knows only HTTP routes"
        methods = set(route.methods)
        if "GET" in methods:
            methods.discard("HEAD")  # the HEAD Starlette adds to every GET route
        found |= {(method, route.path) for method in methods}
    return found


SERVED = served_routes()


def test_route_table_has_a_row_for_every_route():
    assert sorted(SERVED - ROUTE_ACCESS.keys()) == [], "add these routes to tests/routers/route_access.py"


def test_route_table_has_no_row_for_a_removed_route():
    assert sorted(ROUTE_ACCESS.keys() - SERVED) == []


@pytest.mark.parametrize(
    ("access", "allowed"),
    [
        (SIGNED_IN, set(ROLE_NAMES)),
        (roles("lab_manager"), {"lab_manager", "admin"}),
        (roles("reviewer", "country_officer"), {"reviewer", "country_officer", "admin"}),
        (roles("admin"), {"admin"}),
    ],
)
def test_access_levels_let_in_their_roles_and_admins(access: Access, allowed: set[str]):
    assert {role for role in CALLERS if access.allows(None if role == ANONYMOUS else role)} == allowed


@pytest.mark.parametrize("names", [(), ("superuser",)])
def test_roles_refuses_unknown_or_no_role(names):
    with pytest.raises(ValueError):
        roles(*names)


def fill_path(template: str, session: Session) -> str:
    path = template
    for name, make in PATH_VALUES.items():
        if f"{{{name}}}" in path:
            path = path.replace(f"{{{name}}}", str(make(session)))
    assert "{" not in path, f"{template}: give its path parameter a value in PATH_VALUES"
    return path


def send(client, method: str, url: str):
    """The request with no body, but a valid CSRF token when the method is unsafe."""
    if method in SAFE_METHODS:
        return client.request(method, url)
    token = csrf_token(client)
    if url.startswith("/api/"):
        return client.request(method, url, headers={"X-CSRF-Token": token})
    return client.request(method, url, data={"csrf_token": token})


def assert_asks_to_sign_in(response, method: str, url: str) -> None:
    if url.startswith("/api/"):
        assert (response.status_code, response.json()) == (401, {"error": "Unauthorized", "detail": "Please sign in."})
        assert response.headers["WWW-Authenticate"] == "Bearer"
    elif method == "GET":
        assert (response.status_code, response.headers["location"]) == (303, f"/signin?next={quote(url)}")
    else:  # after signing in, a form's POST address is no page to come back to
        assert (response.status_code, response.headers["location"]) == (303, "/signin")


def assert_forbidden(response, url: str) -> None:
    assert response.status_code == 403
    if url.startswith("/api/"):
        body = response.json()
        assert body["error"] == "Forbidden" and "csrf" not in body
    else:
        assert response.headers["content-type"] == "text/html; charset=utf-8"
        assert "<h1>Not allowed</h1>" in response.text and CSRF_HINT not in response.text


def assert_let_in(response, url: str, *, object_rules: bool) -> None:
    refused = (401,) if object_rules else (401, 403)
    assert response.status_code not in refused, response.text[:500]
    if response.status_code == 303:
        assert not response.headers["location"].startswith("/signin?next=")


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize(("method", "template"), sorted(SERVED), ids=[f"{m} {p}" for m, p in sorted(SERVED)])
def test_route_answers_caller_as_the_table_says(session, client, method, template, caller):
    access = ROUTE_ACCESS.get((method, template))
    assert access is not None, f"{method} {template} has no row in tests/routers/route_access.py"
    role = None if caller == ANONYMOUS else caller
    if role is not None:
        user = make_user(session, roles=[role], email=f"{role}@example.org", country="KEN")
        start_browser_session(client, session, user=user)
    url = fill_path(template, session)
    response = send(client, method, url)
    if access.allows(role):
        assert_let_in(response, url, object_rules=access.object_rules)
    elif role is None:
        assert_asks_to_sign_in(response, method, url)
    else:
        assert_forbidden(response, url)
