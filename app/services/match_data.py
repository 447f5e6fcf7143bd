"""Loading the matcher's plain data from the database, and keeping its index.

The index (with its fitted TF-IDF vectoriser) is rebuilt only when the data it was built
from changed: a cheap fingerprint of the tables involved is compared on every request.
"""

import gc
import logging
import threading
import time
from collections import defaultdict

from sqlalchemy import func
from sqlmodel import Session, select

from app.config import settings
from app.models.countries import CountryChallenge
from app.models.ideas import PUBLIC_STAGES, Idea, PilotPlan, Stage, Status
from app.models.reference import Country, Theme
from app.models.replications import Replication, ReplicationStatus
from app.models.reviews import Review
from app.services.matching import Challenge, CountryInfo, MatchIndex, Solution, Weights, build_index
from app.services.review_stats import lab_summary, reviewer_histories
from app.services.scoring import calibrated_mean

log = logging.getLogger("app.matching")
_lock = threading.Lock()
_cached: tuple[tuple, MatchIndex] | None = None


def weights() -> Weights:
    return Weights(evidence=settings.match_weight_evidence, shared=settings.match_weight_shared,
                   context=settings.match_weight_context, text=settings.match_weight_text)


def fingerprint(session: Session) -> tuple:
    """Changes whenever data the matcher reads changes — and only then: drafts, edits at the
    submit stage and progress updates leave it alone, so busy writing does not rebuild the index."""
    public = (Idea.status == Status.active) & Idea.stage.in_(PUBLIC_STAGES)
    queries = (
        select(func.count(Idea.id), func.max(Idea.updated_at)).where(public),
        select(func.count(CountryChallenge.id), func.max(CountryChallenge.updated_at)),
        select(func.count(PilotPlan.idea_id), func.max(PilotPlan.updated_at)),
        select(func.count(Review.id), func.max(Review.submitted_at)).where(Review.stage == Stage.evaluate),
        select(func.count(Replication.id), func.sum(Replication.version)),
    )
    return tuple(tuple(session.exec(query).one()) for query in queries)


def match_index(session: Session) -> MatchIndex:
    """The index for the current data; one request builds it while the others wait for it."""
    global _cached
    stamp = fingerprint(session)
    with _lock:
        if _cached is None or _cached[0] != stamp:
            started = time.perf_counter()
            _cached = (stamp, load_index(session))
            # The index is long-lived: keep the garbage collector from walking it again and again.
            gc.freeze()
            log.info("matching index built", extra={"fields": {"seconds": round(time.perf_counter() - started, 3)}})
        return _cached[1]


def load_index(session: Session) -> MatchIndex:
    countries = {c.code: CountryInfo(c.code, c.name, c.region, c.subregion, c.income_group, frozenset(c.languages))
                 for c in session.exec(select(Country))}
    challenges = defaultdict(list)
    for row in session.exec(select(CountryChallenge).order_by(CountryChallenge.priority, CountryChallenge.position)):
        challenges[row.country_code].append(Challenge(row.theme_code, row.priority, row.description))
    theme_names = dict(session.exec(select(Theme.code, Theme.name)).all())
    return build_index(countries, challenges, load_solutions(session), theme_names)


def load_solutions(session: Session) -> list[Solution]:
    """Public solutions (pilot or later), with pilot host, evaluated score and replications."""
    ideas = list(session.exec(select(Idea).where(Idea.status == Status.active, Idea.stage.in_(PUBLIC_STAGES))))
    hosts = dict(session.exec(select(PilotPlan.idea_id, PilotPlan.host_country)).all())
    live = (ReplicationStatus.planned, ReplicationStatus.in_progress, ReplicationStatus.completed)
    replications = dict(session.exec(select(Replication.idea_id, func.count()).where(Replication.status.in_(live))
                                     .group_by(Replication.idea_id)).all())
    scores = evaluated_scores(session)
    return [
        Solution(id=i.id, title=i.title, origin=i.origin_country,
                 hosts=frozenset({hosts[i.id]}) if i.id in hosts else frozenset(), stage=i.stage.value,
                 score=scores.get(i.id), replications=replications.get(i.id, 0), themes=frozenset(i.themes), problem=i.problem)
        for i in ideas
    ]


def evaluated_scores(session: Session) -> dict[int, float]:
    """Each idea's calibrated mean at the evaluate stage, in three queries."""
    rows = session.exec(select(Review.idea_id, Review.reviewer_id, Review.total).where(
        Review.stage == Stage.evaluate, Review.submitted.is_(True))).all()
    if not rows:
        return {}
    histories = reviewer_histories(session, {reviewer for _, reviewer, _ in rows})
    lab = lab_summary(session)
    by_idea = defaultdict(list)
    for idea_id, reviewer_id, total in rows:
        by_idea[idea_id].append((total, histories[reviewer_id]))
    return {idea_id: calibrated_mean(reviews, lab) for idea_id, reviews in by_idea.items()}
