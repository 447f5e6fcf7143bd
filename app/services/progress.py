"""Replication progress and overdue status, as pure functions."""

from datetime import date, timedelta

from app.models.replications import ReplicationStatus

ACTIVE = (ReplicationStatus.planned, ReplicationStatus.in_progress)


def indicator_progress(baseline: float, target: float, latest: float | None) -> float | None:
    """How far the latest value has come from the baseline towards the target (1.0 = reached)."""
    if latest is None:
        return None
    if target == baseline:
        return 1.0 if latest == target else 0.0
    return round((latest - baseline) / (target - baseline), 4)


def is_overdue(status: ReplicationStatus, *, last_update_on: date | None, started_on: date, today: date, days: int) -> bool:
    """A planned or running replication with no progress update for longer than `days`."""
    if status not in ACTIVE:
        return False
    return today - (last_update_on or started_on) > timedelta(days=days)


def mean_progress(progresses: list[float | None]) -> float | None:
    """A replication's progress at a glance: the mean over its indicators that have a value."""
    known = [p for p in progresses if p is not None]
    return round(sum(known) / len(known), 4) if known else None
