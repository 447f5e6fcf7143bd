"""Personal data: the export holds the user's data; erasure removes the person, keeps the record."""

import json

import pytest
from sqlmodel import select

from app.errors import Forbidden, ValidationFailed
from app.models.accounts import Role, User
from app.models.ideas import Idea
from app.services.ideas import read_idea
from app.services.personal_data import DELETED_NAME, erase_user, export_user_data
from app.services.sessions import start_session
from tests.database import holds_anywhere
from tests.factories import make_token, make_user
from tests.idea_factories import make_idea


def test_export_holds_the_users_account_and_ideas_but_no_secrets(session):
    user = make_user(session, roles=[Role.submitter], email="amara@example.org", name="Amara Diop")
    make_idea(session, owner=user, title="Mangrove nurseries")
    data = export_user_data(session, user=user)
    assert data["account"]["email"] == "amara@example.org" and data["account"]["roles"] == ["submitter"]
    assert [i["title"] for i in data["ideas"]] == ["Mangrove nurseries"]
    text = json.dumps(data)
    assert user.password_hash not in text and "token_hash" not in text


def test_erase_removes_the_person_and_keeps_their_ideas(session):
    admin = make_user(session, roles=[Role.admin])
    user = make_user(session, roles=[Role.submitter], email="erase.me@example.org", name="Erase Me", organisation="Org")
    idea = make_idea(session, owner=user, title="Kept idea")
    make_token(session, user=user)
    start_session(session, user=user)
    erase_user(session, actor=admin, user_id=user.id)
    assert not holds_anywhere(session, "erase.me@example.org")
    assert not holds_anywhere(session, "Erase Me")
    erased = session.get(User, user.id)
    assert (erased.name, erased.is_active, erased.roles) == (DELETED_NAME, False, set())
    kept = session.exec(select(Idea).where(Idea.id == idea.id)).one()
    assert read_idea(session, idea_id=kept.id, viewer=admin).submitter.name == DELETED_NAME


@pytest.mark.parametrize(("who", "error"), [("self", ValidationFailed), ("manager", Forbidden)])
def test_erase_refused(session, who, error):
    admin = make_user(session, roles=[Role.admin])
    manager = make_user(session, roles=[Role.lab_manager])
    target = admin if who == "self" else make_user(session)
    with pytest.raises(error):
        erase_user(session, actor=admin if who == "self" else manager, user_id=target.id)


def test_data_download_and_erase_through_the_pages(client, session):
    from tests.clients import csrf_token, sign_in

    admin = make_user(session, roles=[Role.admin], email="boss@example.org")
    target = make_user(session, roles=[Role.submitter], email="gone@example.org")
    sign_in(client, email="boss@example.org")
    download = client.get("/account/export")
    assert download.status_code == 200 and download.json()["account"]["email"] == "boss@example.org"
    assert "attachment" in download.headers["content-disposition"]
    response = client.post(f"/admin/users/{target.id}/erase", data={"csrf_token": csrf_token(client)})
    assert response.status_code == 303
    session.expire_all()
    assert session.get(User, target.id).name == DELETED_NAME
    assert admin.is_active
