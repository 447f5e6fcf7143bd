"""A solution's lineage (DESIGN.md section 4): where it came from, where it was piloted and with
what results, where it was replicated and how each replication is doing."""

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from sqlmodel import Session

from app.models.accounts import User
from app.models.ideas import PUBLIC_STAGES, Idea, PilotPlan
from app.models.replication_schemas import ReplicationPublic
from app.services import reference, replication_views, replications, rules
from app.services.charts import ProgressBar, progress_bar
from app.services.progress import indicator_progress, mean_progress

BAR_WIDTH = 120


@dataclass(frozen=True)
class PilotResult:
    name: str
    unit: str
    baseline: float
    target: float
    actual: float | None
    bar: ProgressBar


@dataclass(frozen=True)
class PilotStep:
    country: str
    country_name: str
    starts_on: date
    ends_on: date
    results: list[PilotResult]
    summary: str | None  # the pilot report's, once reported


@dataclass(frozen=True)
class ReplicationStep:
    replication: ReplicationPublic
    country_name: str
    bar: ProgressBar  # the mean progress over its indicators


@dataclass(frozen=True)
class Lineage:
    origin: str
    origin_name: str
    pilot: PilotStep | None
    replications: list[ReplicationStep] | None  # None: only signed-in users read replications
    proven: bool
    propose_url: str | None  # None: the viewer may not propose a replication of it


def solution_lineage(session: Session, *, idea: Idea, viewer: User | None, plan: PilotPlan | None) -> Lineage | None:
    """The lineage of a solution in the catalogue (pilot stage or later); None before that."""
    if idea.stage not in PUBLIC_STAGES:
        return None
    shown = (replication_views.list_replications(session, viewer=viewer, idea_id=idea.id, limit=200).items
             if viewer is not None else None)
    names = reference.country_names(session, [idea.origin_country, *([plan.host_country] if plan else []),
                                              *(r.country for r in shown or [])])
    proven = replications.is_proven(session, idea)
    return Lineage(
        origin=idea.origin_country, origin_name=names.get(idea.origin_country, idea.origin_country),
        pilot=_pilot_step(plan, names) if plan else None,
        replications=None if shown is None else [
            ReplicationStep(r, names.get(r.country, r.country),
                            progress_bar(mean_progress([i.progress for i in r.indicators]), width=BAR_WIDTH))
            for r in shown],
        proven=proven,
        propose_url=propose_url(viewer, idea) if proven and replications.can_propose(viewer, idea) else None,
    )


def _pilot_step(plan: PilotPlan, names: dict[str, str]) -> PilotStep:
    results = [PilotResult(i.name, i.unit, i.baseline, i.target, i.actual,
                           progress_bar(indicator_progress(i.baseline, i.target, i.actual), width=BAR_WIDTH))
               for i in plan.indicators]
    return PilotStep(country=plan.host_country, country_name=names.get(plan.host_country, plan.host_country),
                     starts_on=plan.starts_on, ends_on=plan.ends_on, results=results, summary=plan.report_summary)


def propose_url(viewer: User | None, idea: Idea) -> str:
    """The proposal form, with the officer's own country already chosen."""
    query = {"idea_id": idea.id}
    if rules.is_country_officer_of(viewer, viewer.country_code) and viewer.country_code != idea.origin_country:
        query["country"] = viewer.country_code
    return f"/replications/new?{urlencode(query)}"
