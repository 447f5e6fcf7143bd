"""The review figures that the gates read: how many submitted reviews an idea has at a
stage, their mean and spread.

Reviews arrive with the reviewer workflows; until then every idea has none.
"""

from dataclasses import dataclass

from sqlmodel import Session

from app.models.ideas import Stage


@dataclass(frozen=True)
class ReviewStats:
    count: int
    mean: float | None
    spread: float | None


def review_stats(session: Session, *, idea_id: int, stage: Stage) -> ReviewStats:
    return ReviewStats(count=0, mean=None, spread=None)
