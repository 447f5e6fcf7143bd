"""The country office dashboard: the office's replications by status, overdue ones first, with
their indicators drawn; the partner countries and proven solutions matched to its challenges."""

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from app.config import settings
from app.errors import Forbidden
from app.i18n import _
from app.models.accounts import Role, User
from app.models.reference import Country
from app.models.replication_schemas import ProgressUpdatePublic, ReplicationPublic
from app.models.replications import ProgressUpdate, Replication, ReplicationStatus
from app.services import matches, reference, replication_views, rules
from app.services.country_pages import TOP_MATCHES, MatchRow, ProvenSolution, match_row, matched_solutions
from app.services.replication_details import IndicatorView, indicator_views, status_name

S = ReplicationStatus
GROUP_ORDER = (S.in_progress, S.planned, S.proposed, S.completed, S.discontinued)
SHOWN = 200
BAR_WIDTH = 160


@dataclass(frozen=True)
class ReplicationCard:
    replication: ReplicationPublic
    origin_name: str
    indicators: list[IndicatorView]


@dataclass(frozen=True)
class StatusGroup:
    status: ReplicationStatus
    name: str
    cards: list[ReplicationCard]


@dataclass(frozen=True)
class Dashboard:
    country: Country | None  # None: a lab manager has not chosen one, or an officer has no country
    chooser: list[Country] | None  # lab managers choose the country
    offices: list[tuple[str, str, int]]  # for lab managers: (code, name, replications) of every adopting country
    groups: list[StatusGroup]
    total: int
    overdue: int
    more: bool  # more replications than the dashboard shows
    matches: list[MatchRow]
    proven: list[ProvenSolution]
    unproven: int
    overdue_days: int


def dashboard_country(viewer: User, requested: str) -> str | None:
    """Officers see their own country's office; lab managers the one they choose (or, if they are
    officers too, their own)."""
    if rules.is_lab_manager(viewer):
        own = viewer.country_code if rules.has_role(viewer, Role.country_officer) else None
        return requested.upper() or own
    if rules.has_role(viewer, Role.country_officer):
        return viewer.country_code
    raise Forbidden(_("The dashboard is for country officers and lab managers."))


def office_dashboard(session: Session, *, viewer: User, country: str = "") -> Dashboard:
    """A country office's dashboard, in a fixed number of queries whatever the number of replications."""
    code = dashboard_country(viewer, country)
    chooser = reference.list_countries(session) if rules.is_lab_manager(viewer) else None
    offices = adopting_countries(session) if chooser is not None else []
    if code is None:
        return Dashboard(None, chooser, offices, [], 0, 0, False, [], [], 0, settings.replication_overdue_days)
    office = reference.get_country(session, code)
    page = replication_views.list_replications(session, viewer=viewer, country=office.code, limit=SHOWN)
    updates = _updates_of(session, [r.id for r in page.items])
    names = reference.country_names(session, [r.origin_country for r in page.items])
    cards = [ReplicationCard(r, names.get(r.origin_country, r.origin_country),
                             indicator_views(r.indicators, updates[r.id], bar_width=BAR_WIDTH)) for r in page.items]
    theme_names = reference.theme_names(session)
    rows = [match_row(m, theme_names) for m in matches.country_matches(session, code=office.code, limit=TOP_MATCHES)]
    proven, unproven = matched_solutions(session, code=office.code, rows=rows, viewer=viewer,
                                         replicated={r.idea_id for r in page.items})
    return Dashboard(country=office, chooser=chooser, offices=offices, groups=group_by_status(cards), total=len(cards),
                     overdue=sum(c.replication.overdue for c in cards), more=page.next_cursor is not None,
                     matches=rows, proven=proven, unproven=unproven, overdue_days=settings.replication_overdue_days)


def adopting_countries(session: Session) -> list[tuple[str, str, int]]:
    """Every country that adopts a solution, with its number of replications, most first."""
    counts = session.exec(select(Replication.country_code, func.count()).group_by(Replication.country_code)).all()
    names = reference.country_names(session, [code for code, _ in counts])
    return sorted(((code, names.get(code, code), n) for code, n in counts), key=lambda office: (-office[2], office[1]))


def group_by_status(cards: list[ReplicationCard]) -> list[StatusGroup]:
    """Running work first; within a status the overdue ones first, then the newest."""
    by_status = defaultdict(list)
    for card in cards:
        by_status[card.replication.status].append(card)
    return [StatusGroup(status, status_name(status.value),
                        sorted(by_status[status], key=lambda c: (not c.replication.overdue, -c.replication.id)))
            for status in GROUP_ORDER if by_status.get(status)]


def _updates_of(session: Session, replication_ids: list[int]) -> dict[int, list[ProgressUpdatePublic]]:
    """The progress updates of many replications with their values, in two queries."""
    found: dict[int, list[ProgressUpdatePublic]] = defaultdict(list)
    if not replication_ids:
        return found
    for u in session.exec(select(ProgressUpdate).where(ProgressUpdate.replication_id.in_(replication_ids))):
        found[u.replication_id].append(ProgressUpdatePublic(id=u.id, note=u.note, happened_on=u.happened_on,
                                                            author_id=u.author_id,
                                                            values={v.indicator_id: v.value for v in u.values}))
    return found
