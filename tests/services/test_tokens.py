"""API tokens: live until they expire or are revoked, and only for an active user."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from app.config import settings
from app.errors import NotFound
from app.services import tokens
from tests.factories import make_token, make_user

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_token_expires_after_api_token_days(session):
    user = make_user(session)
    with time_machine.travel(START, tick=False) as clock:
        value, token = make_token(session, user=user)
        assert token.expires_at == START + timedelta(days=settings.api_token_days)
        clock.move_to(token.expires_at - timedelta(seconds=1))
        assert tokens.user_for_token(session, value=value).id == user.id
        assert tokens.list_tokens(session, user=user) == [token]
        clock.move_to(token.expires_at)
        assert tokens.user_for_token(session, value=value) is None
        assert tokens.list_tokens(session, user=user) == []


def test_revoked_token_no_longer_works_or_lists(session):
    user = make_user(session)
    value, token = make_token(session, user=user)
    kept_value, kept = make_token(session, user=user, label="CI")
    tokens.revoke_token(session, user=user, token_id=token.id)
    assert tokens.user_for_token(session, value=value) is None
    assert tokens.user_for_token(session, value=kept_value).id == user.id
    assert tokens.list_tokens(session, user=user) == [kept]


def test_token_of_another_user_cannot_be_revoked(session):
    _value, token = make_token(session, user=make_user(session))
    with pytest.raises(NotFound):
        tokens.revoke_token(session, user=make_user(session), token_id=token.id)
    assert token.revoked_at is None


def test_token_of_an_inactive_user_does_not_work(session):
    value, _ = make_token(session, user=make_user(session, is_active=False))
    assert tokens.user_for_token(session, value=value) is None
