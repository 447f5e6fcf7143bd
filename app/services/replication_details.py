"""What the replication pages show: one replication with its indicators drawn as charts, its
progress updates, its history and the actions open to the viewer; and the proposal form.
Read-only: the actions are in services/replications."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from app.errors import Forbidden, ValidationFailed
from app.i18n import _
from app.models.accounts import User
from app.models.ideas import Idea
from app.models.reference import Country
from app.models.replication_schemas import IndicatorProgress, ProgressUpdatePublic, ReplicationPublic
from app.models.replications import ReplicationStatus
from app.labels import sentence_name
from app.services import reference, replication_views, replications
from app.services.charts import LineChart, ProgressBar, line_chart, progress_bar
from app.services.idea_access import get_visible_idea

BAR_WIDTH = 160
def status_name(code: str) -> str:
    """A status code ("in_progress") as a sentence names it ("in progress"); "new", the state
    before a proposal, stays as it is."""
    return sentence_name(code, ReplicationStatus)


@dataclass(frozen=True)
class IndicatorView:
    indicator: IndicatorProgress
    bar: ProgressBar
    chart: LineChart | None  # None until the indicator has a value


@dataclass(frozen=True)
class UpdateView:
    update: ProgressUpdatePublic
    author_name: str
    values: list[tuple[IndicatorProgress, float]]


@dataclass(frozen=True)
class HistoryView:
    from_status: str  # the status's name in the reader's language; "new" (not shown) for the proposal itself
    to_status: str
    actor_name: str
    reason: str
    at: datetime

    @property
    def created(self) -> bool:
        """The entry that records the proposal (from no status to "proposed")."""
        return self.from_status == "new"


@dataclass(frozen=True)
class ReplicationActions:
    can_change: bool = False
    next_status: ReplicationStatus | None = None
    can_discontinue: bool = False


@dataclass(frozen=True)
class ReplicationPage:
    replication: ReplicationPublic
    idea: Idea
    origin_name: str
    country_name: str
    lead_names: list[str]
    indicators: list[IndicatorView]
    updates: list[UpdateView]
    history: list[HistoryView]
    actions: ReplicationActions
    today: date


def replication_page(session: Session, *, viewer: User | None, replication_id: int, changing: bool = False,
                     today: date | None = None) -> ReplicationPage:
    """Everything about a replication for a signed-in reader, and what the viewer may change.
    `changing` (a refused form shown again) makes a replication the viewer may not change look missing."""
    # Holding the row keeps it in the session's identity map: the reads below then share it.
    row = (replications.get_changeable(session, actor=viewer, replication_id=replication_id) if changing
           else replications.get_replication(session, viewer=viewer, replication_id=replication_id))
    idea = session.get(Idea, row.idea_id)
    shown = replication_views.read_replication(session, viewer=viewer, replication_id=replication_id)
    updates = replication_views.progress_updates(session, viewer=viewer, replication_id=replication_id)
    transitions = replications.history(session, viewer=viewer, replication_id=replication_id)
    people = _names(session, [*shown.leads, *(u.author_id for u in updates), *(t.actor_id for t in transitions)])
    countries = reference.country_names(session, [shown.country, shown.origin_country])
    by_id = {i.id: i for i in shown.indicators}
    can_change = replications.can_change(viewer, row)
    someone = _("someone")
    return ReplicationPage(
        replication=shown, idea=idea,
        origin_name=countries.get(shown.origin_country, shown.origin_country),
        country_name=countries.get(shown.country, shown.country),
        lead_names=[people.get(user_id, someone) for user_id in shown.leads],
        indicators=indicator_views(shown.indicators, updates),
        updates=[UpdateView(u, people.get(u.author_id, someone),
                            [(by_id[i], v) for i, v in sorted(u.values.items()) if i in by_id]) for u in updates],
        history=[HistoryView(status_name(t.from_status), status_name(t.to_status),
                             people.get(t.actor_id, someone), t.reason, t.at) for t in transitions],
        actions=ReplicationActions(can_change=can_change, next_status=replications.NEXT.get(shown.status) if can_change else None,
                                   can_discontinue=can_change and shown.status in replications.OPEN),
        today=today or date.today(),
    )


def indicator_views(indicators: list[IndicatorProgress], updates: list[ProgressUpdatePublic],
                    *, bar_width: float = BAR_WIDTH) -> list[IndicatorView]:
    """Each indicator's progress bar and its values over time (updates may come in any order)."""
    series: dict[int, list[tuple[date, float]]] = defaultdict(list)
    for update in sorted(updates, key=lambda u: (u.happened_on, u.id)):
        for indicator_id, value in update.values.items():
            series[indicator_id].append((update.happened_on, value))
    return [IndicatorView(i, progress_bar(i.progress, width=bar_width),
                          line_chart(series[i.id], baseline=i.baseline, target=i.target) if series.get(i.id) else None)
            for i in indicators]


def _names(session: Session, user_ids: list[int]) -> dict[int, str]:
    wanted = sorted(set(user_ids))
    return dict(session.exec(select(User.id, User.name).where(User.id.in_(wanted))).all()) if wanted else {}


# ---- the proposal form ----

@dataclass(frozen=True)
class ProposalForm:
    idea: Idea
    origin_name: str
    countries: list[Country]  # where the viewer may propose it
    country: str  # the country chosen already


def proposal_form(session: Session, *, viewer: User, idea_id: int, country: str = "") -> ProposalForm:
    """The form to propose replicating a proven solution, for those who may (as propose_replication requires)."""
    idea = get_visible_idea(session, idea_id=idea_id, viewer=viewer)
    if not replications.can_propose(viewer, idea):
        raise Forbidden(_("Country officers (of a country other than the solution's) and lab managers propose replications."))
    if not replications.is_proven(session, idea):
        raise ValidationFailed(_("Only proven solutions are replicated: at the replicate stage, or evaluated with a passing score."))
    choices = [c for c in reference.list_countries(session)
               if c.code != idea.origin_country and replications.may_propose_in(viewer, c.code)]
    codes = {c.code for c in choices}
    chosen = country.upper() if country.upper() in codes else (viewer.country_code if viewer.country_code in codes else "")
    return ProposalForm(idea=idea, origin_name=reference.get_country(session, idea.origin_country).name,
                        countries=choices, country=chosen)
