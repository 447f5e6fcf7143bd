"""The lab's flows: each replication as a flow from its solution's origin country to the adopting
country, and the flow map that draws them as arcs on a world of country dots."""

from collections import Counter, defaultdict
from dataclasses import dataclass

from sqlmodel import Session, select

from app import i18n
from app.errors import Unauthorized
from app.i18n import _
from app.models.accounts import User
from app.models.ideas import Idea
from app.models.reference import Country
from app.models.replications import Replication, ReplicationStatus
from app.services.charts import Frame, Graticule, Label, arc_path, arc_width, graticule, place_labels, project
from app.services.replication_details import status_name

# The inhabited latitudes at 960 px wide: 8/3 px a degree both ways, 384 px high.
FRAME = Frame(width=960, north=84, south=-60)
MIN_RISE = 30  # px: an arc between neighbours still shows above their dots (its peak rises half as high)
STATUS_ORDER = (ReplicationStatus.proposed, ReplicationStatus.planned, ReplicationStatus.in_progress,
                ReplicationStatus.completed, ReplicationStatus.discontinued)


@dataclass(frozen=True)
class FlowRow:
    replication_id: int
    idea_id: int
    title: str
    origin: str
    country: str
    status: ReplicationStatus


@dataclass(frozen=True)
class Arc:
    origin: str
    country: str
    status: ReplicationStatus
    count: int
    path: str
    width: float
    label: str


@dataclass(frozen=True)
class Dot:
    code: str
    name: str
    x: float
    y: float
    region: str  # the UN M49 region as a CSS class: the continents show by their tint
    label: Label | None  # where its code is written: only where a flow starts or ends

    @property
    def active(self) -> bool:
        return self.label is not None


@dataclass(frozen=True)
class FlowMap:
    frame: Frame
    graticule: Graticule
    dots: list[Dot]
    arcs: list[Arc]
    rows: list[FlowRow]
    names: dict[str, str]
    legend: list[tuple[ReplicationStatus, int]]


def replication_flows(session: Session, *, viewer: User | None) -> list[FlowRow]:
    """Every replication as a flow from origin to adopting country, in one query; signed-in users read them."""
    if viewer is None:
        raise Unauthorized(_("Please sign in."))
    statement = (select(Replication.id, Idea.id, Idea.title, Idea.origin_country, Replication.country_code, Replication.status)
                 .join(Idea, Idea.id == Replication.idea_id).order_by(Replication.id))
    return [FlowRow(*row) for row in session.exec(statement).all()]


def flow_map(session: Session, *, viewer: User | None) -> FlowMap:
    """The flow map: two queries whatever the number of replications."""
    rows = replication_flows(session, viewer=viewer)
    countries = list(session.exec(select(Country).order_by(Country.code)))
    names = {c.code: i18n.country_name(c.alpha2, c.name) for c in countries}
    where = {c.code: project(c.lat, c.lon, FRAME) for c in countries
             if c.lat is not None and c.lon is not None and FRAME.contains(c.lat, c.lon)}
    active = {code for row in rows for code in (row.origin, row.country)} & where.keys()
    labels = place_labels([(code, *where[code]) for code in sorted(active)])
    dots = [Dot(c.code, names[c.code], *where[c.code], region=(c.region or "none").lower(), label=labels.get(c.code))
            for c in countries if c.code in where]
    counts = Counter((row.origin, row.country, row.status) for row in rows)
    return FlowMap(frame=FRAME, graticule=graticule(FRAME), dots=dots, arcs=flow_arcs(counts, where, names), rows=rows,
                   names=names, legend=[(s, sum(n for (_, _, status), n in counts.items() if status == s)) for s in STATUS_ORDER])


def flow_arcs(counts: Counter, where: dict[str, tuple[float, float]], names: dict[str, str]) -> list[Arc]:
    """One arc per (origin, adopting country, status), wider for more replications; arcs of the
    same pair bend apart so that none hides another. The widest are drawn first, below the rest."""
    statuses = defaultdict(list)
    for origin, country, status in sorted(counts, key=lambda key: (key[0], key[1], STATUS_ORDER.index(key[2]))):
        statuses[(origin, country)].append(status)
    arcs = []
    for (origin, country), kinds in statuses.items():
        if origin not in where or country not in where:
            continue
        for n, status in enumerate(kinds):
            count = counts[(origin, country, status)]
            arcs.append(Arc(origin=origin, country=country, status=status, count=count,
                            path=arc_path(where[origin], where[country], bend=0.2 + 0.12 * n, min_rise=MIN_RISE * (n + 1)),
                            width=arc_width(count),
                            label=_("%(origin)s to %(country)s: %(num)s %(status)s")
                            % {"origin": names[origin], "country": names[country], "num": i18n.format_number(count),
                               "status": status_name(status.value)}))
    return sorted(arcs, key=lambda arc: -arc.width)
