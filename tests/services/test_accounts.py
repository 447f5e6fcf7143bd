"""The accounts service: who may sign up, sign in and manage accounts."""

import pytest
from sqlmodel import select

from app.errors import Forbidden, Unauthorized, ValidationFailed
from app.models.accounts import AdminUserUpdate, PasswordChange, Role, SigninAttempt, SignUp, WebSession
from app.services import accounts, sessions
from tests.factories import DEFAULT_PASSWORD, make_user

SIGNUP = SignUp(email="Ada@Example.org", name="Ada Lovelace", password="correct horse battery")


def test_sign_up_makes_a_signed_in_submitter_with_a_lower_case_email(session):
    user, key = accounts.sign_up(session, data=SIGNUP)
    assert (user.email, user.roles) == ("ada@example.org", {Role.submitter})
    assert sessions.load_session(session, key=key).user.id == user.id


@pytest.mark.parametrize("email", ["ada@example.org", "ADA@EXAMPLE.ORG"])
def test_create_user_refuses_an_email_taken_in_any_case(session, email):
    make_user(session, email=email)
    with pytest.raises(ValidationFailed) as refused:
        accounts.create_user(session, data=SIGNUP, roles={Role.reviewer})
    assert refused.value.extra == {"fields": {"email": "An account with this email address exists already."}}


@pytest.mark.parametrize(("active", "password"), [(True, "wrong password"), (False, DEFAULT_PASSWORD)], ids=["wrong password", "inactive"])
def test_authenticate_refuses_and_counts_the_failure(session, active, password):
    make_user(session, email="ada@example.org", is_active=active)
    with pytest.raises(Unauthorized) as refused:
        accounts.authenticate(session, email="ADA@example.org", password=password, address="10.0.0.1")
    assert refused.value.detail == "Wrong email address or password."
    attempts = session.exec(select(SigninAttempt.email, SigninAttempt.address)).all()
    assert [tuple(a) for a in attempts] == [("ada@example.org", "10.0.0.1")]


def test_change_password_ends_other_sessions_but_the_kept_one(session):
    user = make_user(session)
    kept, other = sessions.start_session(session, user=user), sessions.start_session(session, user=user)
    stranger = sessions.start_session(session, user=make_user(session))
    data = PasswordChange(current_password=DEFAULT_PASSWORD, new_password="a new pass phrase")
    accounts.change_password(session, user=user, data=data, keep_key=kept)
    assert set(session.exec(select(WebSession.id))) == {sessions.digest(kept), sessions.digest(stranger)}
    assert sessions.load_session(session, key=other) is None


@pytest.mark.parametrize("role", ["submitter", "reviewer", "country_officer", "lab_manager"])
def test_admin_update_user_refused_to_non_admins(session, role):
    actor, target = make_user(session, roles=[role]), make_user(session)
    with pytest.raises(Forbidden):
        accounts.admin_update_user(session, actor=actor, user_id=target.id, data=AdminUserUpdate(roles=[Role.admin]))
    assert target.roles == {Role.submitter}


@pytest.mark.parametrize("role", ["submitter", "reviewer", "country_officer", "lab_manager"])
def test_list_users_refused_to_non_admins(session, role):
    with pytest.raises(Forbidden):
        accounts.list_users(session, actor=make_user(session, roles=[role]))


def test_admin_update_user_deactivation_ends_only_that_users_sessions(session):
    admin, target = make_user(session, roles=["admin"]), make_user(session)
    admin_key, target_key = sessions.start_session(session, user=admin), sessions.start_session(session, user=target)
    data = AdminUserUpdate(roles=[Role.submitter], is_active=False)
    accounts.admin_update_user(session, actor=admin, user_id=target.id, data=data)
    assert sessions.load_session(session, key=target_key) is None
    assert sessions.load_session(session, key=admin_key).user.id == admin.id


@pytest.mark.parametrize(
    "data",
    [AdminUserUpdate(roles=[Role.lab_manager]), AdminUserUpdate(roles=[Role.admin], is_active=False)],
    ids=["own admin role", "own active flag"],
)
def test_admin_update_user_refuses_self_lockout(session, data):
    admin = make_user(session, roles=["admin"])
    with pytest.raises(ValidationFailed) as refused:
        accounts.admin_update_user(session, actor=admin, user_id=admin.id, data=data)
    assert refused.value.extra == {"fields": {"roles": "You cannot remove your own admin role or deactivate yourself."}}
    assert (admin.roles, admin.is_active) == ({Role.admin}, True)
