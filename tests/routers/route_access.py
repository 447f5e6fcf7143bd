"""Who may use each route of the app: one row per (HTTP method, path template).

Every route the app serves needs a row; tests/routers/test_route_access.py walks
`app.routes` and fails for any route without one (and for rows of routes that no longer
exist), then checks every row against every role. When you add a route, add its row:

    ("GET", "/ideas/{idea_id}"): SIGNED_IN,

The access levels:

    PUBLIC                         anyone, signed in or not
    SIGNED_IN                      any signed-in user, whatever their roles
    OBJECT_RULES                   any signed-in user gets past the route; the service then decides
                                   by the object (its owner, stage, country) and may answer 403/404
    roles("lab_manager")           users holding one of the named roles;
    roles("reviewer", "lab_manager")   admins are always let in where a role is required

The path template is the route's own (`route.path`, e.g. "/admin/users/{user_id}"). When
it has a parameter the test has not met before, give it a value in PATH_VALUES in
tests/routers/test_route_access.py. Object-level rules (whose idea, which country) are
not this table's business: test them next to the service that keeps them.
"""

from dataclasses import dataclass

from app.models.accounts import Role

ROLE_NAMES = tuple(role.value for role in Role)


@dataclass(frozen=True)
class Access:
    signed_in: bool
    roles: frozenset[str] = frozenset()  # empty: any signed-in user
    object_rules: bool = False

    def allows(self, role: str | None) -> bool:
        """Whether a user with `role` (None: not signed in) gets past the route's guard."""
        if not self.signed_in:
            return True
        if role is None:
            return False
        return not self.roles or role in self.roles or role == Role.admin.value

    def __repr__(self) -> str:
        if not self.signed_in:
            return "PUBLIC"
        return f"roles{tuple(sorted(self.roles))}" if self.roles else "SIGNED_IN"


PUBLIC = Access(signed_in=False)
SIGNED_IN = Access(signed_in=True)
OBJECT_RULES = Access(signed_in=True, object_rules=True)


def roles(*names: str) -> Access:
    unknown = set(names) - set(ROLE_NAMES)
    if not names or unknown:
        raise ValueError(f"roles() takes one or more of {ROLE_NAMES}, not {sorted(unknown) or 'nothing'}")
    return Access(signed_in=True, roles=frozenset(names))


ROUTE_ACCESS: dict[tuple[str, str], Access] = {
    # operations and the API description
    ("GET", "/healthz"): PUBLIC,
    ("GET", "/livez"): PUBLIC,
    ("GET", "/metrics"): PUBLIC,
    ("GET", "/openapi.json"): PUBLIC,
    # JSON API: accounts
    ("POST", "/api/v1/auth/token"): PUBLIC,
    ("GET", "/api/v1/me"): SIGNED_IN,
    ("GET", "/api/v1/me/export"): SIGNED_IN,
    # JSON API: reference data
    ("GET", "/api/v1/countries"): PUBLIC,
    ("GET", "/api/v1/countries/{code}"): PUBLIC,
    ("GET", "/api/v1/themes"): PUBLIC,
    # public pages
    ("GET", "/"): PUBLIC,
    ("GET", "/countries"): PUBLIC,
    # signing up, in and out
    ("GET", "/signin"): PUBLIC,
    ("POST", "/signin"): PUBLIC,
    ("GET", "/signup"): PUBLIC,
    ("POST", "/signup"): PUBLIC,
    ("POST", "/signout"): PUBLIC,
    ("GET", "/language"): PUBLIC,
    ("POST", "/language"): PUBLIC,
    # one's own account
    ("GET", "/account"): SIGNED_IN,
    ("POST", "/account"): SIGNED_IN,
    ("POST", "/account/password"): SIGNED_IN,
    ("GET", "/account/export"): SIGNED_IN,
    ("POST", "/account/tokens/{token_id}/revoke"): SIGNED_IN,
    # JSON API: ideas (who may act on a given idea is checked by the services: tests/services)
    ("GET", "/api/v1/ideas"): PUBLIC,
    ("POST", "/api/v1/ideas"): roles("submitter"),
    ("GET", "/api/v1/ideas/{idea_id}"): PUBLIC,
    ("PATCH", "/api/v1/ideas/{idea_id}"): OBJECT_RULES,
    ("POST", "/api/v1/ideas/{idea_id}/transitions"): OBJECT_RULES,
    ("POST", "/api/v1/ideas/{idea_id}/revision-requests"): OBJECT_RULES,
    ("GET", "/api/v1/ideas/{idea_id}/history"): PUBLIC,
    ("GET", "/api/v1/ideas/{idea_id}/gate"): PUBLIC,
    ("GET", "/api/v1/ideas/{idea_id}/pilot"): PUBLIC,
    ("PUT", "/api/v1/ideas/{idea_id}/pilot"): OBJECT_RULES,
    ("POST", "/api/v1/ideas/{idea_id}/pilot/report"): OBJECT_RULES,
    # idea pages
    ("GET", "/solutions"): PUBLIC,
    ("GET", "/ideas/new"): roles("submitter"),
    ("POST", "/ideas/new"): roles("submitter"),
    ("GET", "/ideas/{idea_id}"): PUBLIC,
    ("GET", "/ideas/{idea_id}/edit"): OBJECT_RULES,
    ("POST", "/ideas/{idea_id}/edit"): OBJECT_RULES,
    ("POST", "/ideas/{idea_id}/transitions"): OBJECT_RULES,
    ("POST", "/ideas/{idea_id}/revision"): OBJECT_RULES,
    ("GET", "/ideas/{idea_id}/pilot"): OBJECT_RULES,
    ("POST", "/ideas/{idea_id}/pilot"): OBJECT_RULES,
    ("GET", "/ideas/{idea_id}/pilot/report"): OBJECT_RULES,
    ("POST", "/ideas/{idea_id}/pilot/report"): OBJECT_RULES,
    ("GET", "/my/ideas"): SIGNED_IN,
    ("GET", "/board"): roles("lab_manager"),
    ("GET", "/board/ideas/{idea_id}"): roles("lab_manager"),
    # JSON API: reviews (whose assignment, which idea: tests/services/test_reviews*.py)
    ("GET", "/api/v1/rubrics"): PUBLIC,
    ("PUT", "/api/v1/rubrics/{stage}"): roles("lab_manager"),
    ("GET", "/api/v1/conflicts"): roles("lab_manager"),
    ("POST", "/api/v1/ideas/{idea_id}/assignments"): roles("lab_manager"),
    ("POST", "/api/v1/assignments/auto"): roles("lab_manager"),
    ("GET", "/api/v1/assignments"): SIGNED_IN,
    ("POST", "/api/v1/assignments/{assignment_id}/accept"): SIGNED_IN,
    ("POST", "/api/v1/assignments/{assignment_id}/decline"): SIGNED_IN,
    ("POST", "/api/v1/assignments/{assignment_id}/review"): SIGNED_IN,
    ("POST", "/api/v1/reviews/{review_id}/reopen"): roles("lab_manager"),
    ("GET", "/api/v1/ideas/{idea_id}/reviews"): PUBLIC,
    ("GET", "/api/v1/ideas/{idea_id}/score"): OBJECT_RULES,
    # reviewer pages (whose assignment: the services answer 404 for others'; tests/routers/test_review_pages.py)
    ("GET", "/reviews"): SIGNED_IN,
    ("GET", "/reviews/{assignment_id}"): SIGNED_IN,
    ("POST", "/reviews/{assignment_id}"): SIGNED_IN,
    ("POST", "/reviews/{assignment_id}/accept"): SIGNED_IN,
    ("POST", "/reviews/{assignment_id}/decline"): SIGNED_IN,
    ("POST", "/reviews/{review_id}/reopen"): roles("lab_manager"),
    ("GET", "/rubrics"): roles("lab_manager"),
    ("POST", "/rubrics/{stage}"): roles("lab_manager"),
    ("POST", "/board/ideas/{idea_id}/assignments"): roles("lab_manager"),
    ("GET", "/board/auto-assign"): roles("lab_manager"),
    ("POST", "/board/auto-assign"): roles("lab_manager"),
    ("POST", "/account/conflicts"): roles("reviewer"),
    ("POST", "/account/conflicts/{conflict_id}/remove"): roles("reviewer"),
    ("GET", "/inbox"): SIGNED_IN,
    ("POST", "/inbox/read"): SIGNED_IN,
    # JSON API: challenge profiles and matching (whose profile: tests/routers/test_matches_api.py)
    ("GET", "/api/v1/countries/{code}/challenges"): PUBLIC,
    ("PUT", "/api/v1/countries/{code}/challenges"): OBJECT_RULES,
    ("GET", "/api/v1/countries/{code}/matches"): PUBLIC,
    ("GET", "/api/v1/matches/pairs"): PUBLIC,
    ("GET", "/api/v1/pairs/{code}/{partner}"): PUBLIC,
    # JSON API: replications (who may change which: tests/services/test_replications.py)
    ("GET", "/api/v1/replications"): SIGNED_IN,
    ("POST", "/api/v1/replications"): OBJECT_RULES,
    ("GET", "/api/v1/replications/export.csv"): SIGNED_IN,
    ("GET", "/api/v1/replications/export.xml"): SIGNED_IN,
    ("GET", "/api/v1/replications/{replication_id}"): SIGNED_IN,
    ("PATCH", "/api/v1/replications/{replication_id}"): OBJECT_RULES,
    ("POST", "/api/v1/replications/{replication_id}/transitions"): OBJECT_RULES,
    ("GET", "/api/v1/replications/{replication_id}/history"): SIGNED_IN,
    ("POST", "/api/v1/replications/{replication_id}/updates"): OBJECT_RULES,
    ("GET", "/api/v1/replications/{replication_id}/updates"): SIGNED_IN,
    # country pages (who keeps which profile: tests/routers/test_country_pages.py)
    ("GET", "/countries/{code}"): PUBLIC,
    ("POST", "/countries/{code}/challenges"): OBJECT_RULES,
    ("GET", "/countries/{code}/matches"): PUBLIC,
    ("GET", "/pairs/{code}/{partner}"): PUBLIC,
    ("GET", "/matches"): PUBLIC,
    # replication pages (who may change which: tests/routers/test_replication_pages.py)
    ("GET", "/replications/new"): roles("country_officer", "lab_manager"),
    ("POST", "/replications/new"): roles("country_officer", "lab_manager"),
    ("GET", "/replications/{replication_id}"): SIGNED_IN,
    ("POST", "/replications/{replication_id}/status"): OBJECT_RULES,
    ("POST", "/replications/{replication_id}/edit"): OBJECT_RULES,
    ("POST", "/replications/{replication_id}/updates"): OBJECT_RULES,
    ("GET", "/dashboard"): roles("country_officer", "lab_manager"),
    ("GET", "/map"): SIGNED_IN,
    # administration
    ("GET", "/admin/users"): roles("admin"),
    ("GET", "/admin/users/{user_id}"): roles("admin"),
    ("POST", "/admin/users/{user_id}"): roles("admin"),
    ("POST", "/admin/users/{user_id}/erase"): roles("admin"),
}
