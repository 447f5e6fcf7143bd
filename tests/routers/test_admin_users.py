"""The admin's account pages: roles, country and the active flag; deactivation ends the
user's sessions; an admin cannot lock themselves out."""

import pytest

from app.models.accounts import Role
from tests.clients import checked_values, csrf_token, field_error, new_client, start_browser_session
from tests.factories import DEFAULT_PASSWORD, make_token, make_user

SELF_LOCKOUT = "You cannot remove your own admin role or deactivate yourself."


@pytest.fixture
def admin(session, client):
    """The client, signed in as an admin."""
    user = make_user(session, roles=["admin"], email="root@example.org", name="Amina Diallo")
    start_browser_session(client, session, user=user)
    return user


def save_user(client, user_id: int, *, roles: list[str], country: str = "", active: bool = True):
    data = {"roles": roles, "country": country, "csrf_token": csrf_token(client)}
    if active:
        data["is_active"] = "on"
    return client.post(f"/admin/users/{user_id}", data=data)


def test_admin_sets_roles_country_and_active_flag(session, client, admin):
    target = make_user(session, roles=["submitter"], country="UGA", name="Joseph Okello")
    response = save_user(client, target.id, roles=["reviewer", "country_officer"], country="KEN")
    assert (response.status_code, response.headers["location"]) == (303, "/admin/users")
    session.refresh(target)
    assert (target.roles, target.country_code, target.is_active) == ({Role.reviewer, Role.country_officer}, "KEN", True)
    page = client.get(f"/admin/users/{target.id}").text
    assert checked_values(page, "roles") == ["reviewer", "country_officer"]
    assert '<option value="KEN" selected>Kenya</option>' in page


def test_admin_users_list_finds_by_name_or_email(session, client, admin):
    make_user(session, email="joseph@water.example", name="Joseph Okello")
    make_user(session, email="lucia@agro.example", name="Lucía Fernández")
    for query, expected in [("okello", ["joseph@water.example"]), ("AGRO", ["lucia@agro.example"]), ("nobody", [])]:
        page = client.get("/admin/users", params={"q": query}).text
        assert [email for email in ("joseph@water.example", "lucia@agro.example") if email in page] == expected


def test_admin_deactivating_a_user_ends_their_sessions_and_tokens(session, app, client, admin):
    target = make_user(session, email="joseph@water.example")
    their_browser = new_client(app)
    start_browser_session(their_browser, session, user=target)
    value, _ = make_token(session, user=target)
    assert save_user(client, target.id, roles=["submitter"], active=False).status_code == 303
    session.refresh(target)
    assert target.is_active is False
    assert their_browser.get("/api/v1/me").status_code == 401
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {value}"}).status_code == 401
    signin = new_client(app)
    refused = signin.post("/signin", data={"email": "joseph@water.example", "password": DEFAULT_PASSWORD,
                                           "csrf_token": csrf_token(signin, "/signin")})
    assert refused.status_code == 401


def test_admin_reactivating_a_user_lets_them_in_again(session, app, client, admin):
    target = make_user(session, email="joseph@water.example", is_active=False)
    assert save_user(client, target.id, roles=["submitter"]).status_code == 303
    value, _ = make_token(session, user=target)
    assert client.get("/api/v1/me", headers={"Authorization": f"Bearer {value}"}).json()["id"] == target.id


@pytest.mark.parametrize(
    ("roles", "active"),
    [(["lab_manager"], True), ([], True), (["admin"], False)],
    ids=["drops own admin role", "drops every role", "deactivates self"],
)
def test_admin_cannot_lock_themselves_out(session, client, admin, roles, active):
    response = save_user(client, admin.id, roles=roles, active=active)
    assert response.status_code == 422
    assert field_error(response.text, "roles") == SELF_LOCKOUT
    assert checked_values(response.text, "roles") == roles
    session.refresh(admin)
    assert (admin.roles, admin.is_active) == ({Role.admin}, True)
    assert client.get("/admin/users").status_code == 200


def test_admin_may_remove_another_admins_role(session, client, admin):
    other = make_user(session, roles=["admin"])
    assert save_user(client, other.id, roles=["lab_manager"]).status_code == 303
    session.refresh(other)
    assert other.roles == {Role.lab_manager}


def test_admin_edit_with_unknown_country_shows_error(session, client, admin):
    target = make_user(session, country="UGA")
    response = save_user(client, target.id, roles=["submitter"], country="XXX")
    assert response.status_code == 422
    assert field_error(response.text, "country") == "Choose a country from the list."
    session.refresh(target)
    assert target.country_code == "UGA"


def test_admin_edit_with_unknown_role_shows_error(session, client, admin):
    target = make_user(session)
    response = save_user(client, target.id, roles=["superuser"])
    assert response.status_code == 422
    assert field_error(response.text, "roles") == (
        "Input should be 'submitter', 'reviewer', 'country_officer', 'lab_manager' or 'admin'"
    )
    session.refresh(target)
    assert target.roles == {Role.submitter}


def test_admin_edit_of_unknown_user_is_404(client, admin):
    assert client.get("/admin/users/999999").status_code == 404
    assert save_user(client, 999999, roles=["submitter"]).status_code == 404
