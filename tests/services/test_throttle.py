"""Sign-in throttling, counted per account and per client address over a sliding window."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from app.config import settings
from app.errors import TooManyAttempts
from app.services.throttle import check_signin_allowed, record_failure

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(minutes=settings.signin_window_minutes)


def fail(session, times: int, *, email: str = "ada@example.org", address: str = "10.0.0.1", clock=None):
    """`times` failed sign-ins; with a frozen `clock`, one a minute."""
    for _ in range(times):
        record_failure(session, email=email, address=address)
        if clock is not None:
            clock.shift(timedelta(minutes=1))


def test_signin_allowed_below_the_account_limit(session):
    with time_machine.travel(START, tick=False):
        fail(session, settings.signin_max_failures - 1)
        check_signin_allowed(session, email="ada@example.org", address="10.0.0.1")


def test_signin_refused_at_the_account_limit_with_retry_after(session):
    with time_machine.travel(START, tick=False) as clock:
        fail(session, settings.signin_max_failures, clock=clock)
        # the oldest failure is one minute per failure old: the wait is the rest of its window
        with pytest.raises(TooManyAttempts) as refused:
            check_signin_allowed(session, email="ada@example.org", address="10.0.0.2")
    expected = WINDOW - timedelta(minutes=settings.signin_max_failures)
    assert refused.value.headers == {"Retry-After": str(int(expected.total_seconds()) + 1)}


def test_signin_allowed_again_when_the_oldest_failure_leaves_the_window(session):
    with time_machine.travel(START, tick=False) as clock:
        fail(session, settings.signin_max_failures, clock=clock)
        clock.move_to(START + WINDOW + timedelta(seconds=1))
        check_signin_allowed(session, email="ada@example.org", address="10.0.0.1")


def test_signin_throttle_of_one_account_spares_another(session):
    fail(session, settings.signin_max_failures, email="ada@example.org")
    check_signin_allowed(session, email="grace@example.org", address="10.0.0.1")


def test_signin_refused_at_the_address_limit_whatever_the_account(session):
    for number in range(settings.signin_max_failures_per_address):
        fail(session, 1, email=f"guess{number}@example.org", address="10.0.0.9")
    with pytest.raises(TooManyAttempts):
        check_signin_allowed(session, email="ada@example.org", address="10.0.0.9")
    check_signin_allowed(session, email="ada@example.org", address="10.0.0.10")
