"""What the country pages show: a country's facts, its challenge profile, partner countries, the
proven solutions behind them and its replications; a country's full ranking; a pair explained;
the strongest pairs overall. Read-only: the profile changes through challenges.replace_challenges,
replications through services/replications."""

from dataclasses import dataclass
from urllib.parse import urlencode

from sqlmodel import Session, select

from app.errors import Forbidden, NotFound
from app.i18n import N_, _
from app.models.accounts import User
from app.models.countries import MatchPublic, MatchSolution
from app.models.ideas import Idea
from app.models.reference import Country, ThemePublic
from app.models.replication_schemas import ReplicationPublic
from app.services import challenges as challenge_service
from app.services import matches, reference, replication_views, replications
from app.services.charts import Segment, stacked_bar
from app.services.match_data import weights

PRIORITY_NAMES = {1: N_("high"), 2: N_("medium"), 3: N_("low")}  # translated where shown
PART_NAMES = ("evidence", "shared", "context", "text")  # the score's parts (keys, CSS classes)
PART_LABELS = {"evidence": N_("evidence"), "shared": N_("shared"), "context": N_("context"), "text": N_("text")}
BLANK_ROWS = 3
TOP_MATCHES = 10
BAR_WIDTH = 160


@dataclass(frozen=True)
class ChallengeRow:
    theme: str
    theme_name: str
    priority: int
    priority_name: str
    description: str


@dataclass(frozen=True)
class SolutionLine:
    """One solution behind a match, named for the page: via which theme, from where."""

    solution: MatchSolution
    via: str


@dataclass(frozen=True)
class MatchRow:
    match: MatchPublic
    bar: list[Segment]
    shared_names: list[str]
    solutions: list[SolutionLine]


@dataclass(frozen=True)
class ProvenSolution:
    id: int
    title: str
    stage: str
    origin: str
    origin_name: str
    partner_name: str  # the partner country whose match brought it here
    replications: int
    replicated_here: bool
    propose_url: str | None  # None: the viewer may not propose it here


@dataclass(frozen=True)
class CountryPage:
    country: Country
    challenges: list[ChallengeRow]
    can_edit: bool
    themes: list[ThemePublic]
    form_rows: list[dict[str, str]]
    matches: list[MatchRow]
    proven: list[ProvenSolution]
    unproven: int  # further solutions behind the matches, not proven yet
    replications: list[ReplicationPublic] | None  # None: signed-in users only
    names: dict[str, str]  # country names of the replications' origins


def country_page(session: Session, *, code: str, viewer: User | None, editing: bool = False) -> CountryPage:
    """The country page; `editing` refuses viewers who may not keep the profile (the form's page)."""
    country = reference.get_country(session, code)
    can_edit = challenge_service.can_edit_profile(viewer, country.code)
    if editing and not can_edit:
        raise Forbidden(_("Only this country's officers and lab managers keep its challenge profile."))
    themes = reference.list_themes(session)
    theme_names = {t.code: t.name for t in themes}
    profile = challenge_service.list_challenges(session, code=country.code)
    rows = [match_row(m, theme_names) for m in matches.country_matches(session, code=country.code, limit=TOP_MATCHES)]
    shown = (replication_views.list_replications(session, viewer=viewer, country=country.code).items
             if viewer is not None else None)
    proven, unproven = matched_solutions(session, code=country.code, rows=rows, viewer=viewer,
                                         replicated={r.idea_id for r in shown or []})
    return CountryPage(
        country=country,
        challenges=[ChallengeRow(c.theme, theme_names.get(c.theme, c.theme), c.priority, _(PRIORITY_NAMES[c.priority]),
                                 c.description) for c in profile],
        can_edit=can_edit, themes=themes, form_rows=challenge_form_rows(profile), matches=rows,
        proven=proven, unproven=unproven, replications=shown,
        names=reference.country_names(session, [r.origin_country for r in shown or []]),
    )


def challenge_form_rows(profile) -> list[dict[str, str]]:
    """The profile form: one row per challenge, then a few blank rows to add more."""
    rows = [{"theme": c.theme, "priority": str(c.priority), "description": c.description} for c in profile]
    return rows + [{"theme": "", "priority": "2", "description": ""} for _ in range(BLANK_ROWS)]


def match_row(match: MatchPublic, theme_names: dict[str, str]) -> MatchRow:
    """A match with its parts drawn as one stacked bar (a full bar is the highest possible score)."""
    w = weights()
    scale = w.evidence + w.shared + w.context + w.text
    parts = [(name, getattr(match.parts, name)) for name in PART_NAMES]
    lines = [SolutionLine(s, _via(s.via, theme_names)) for s in match.solutions]
    labels = {name: _(text) for name, text in PART_LABELS.items()}
    return MatchRow(match=match, bar=stacked_bar(parts, scale=scale, width=BAR_WIDTH, labels=labels),
                    shared_names=[theme_names.get(t, t) for t in match.shared_challenges], solutions=lines)


def _via(via: str, theme_names: dict[str, str]) -> str:
    if via.startswith("theme: "):
        theme = via.removeprefix("theme: ")
        return theme_names.get(theme, theme)
    return _("similar problem statement")


def matched_solutions(session: Session, *, code: str, rows: list[MatchRow], viewer: User | None,
                      replicated: set[int] = frozenset()) -> tuple[list[ProvenSolution], int]:
    """The proven solutions behind a country's matches, best match first, each once; and how many
    other solutions (not proven yet) stand behind them. A fixed number of queries."""
    partner_of: dict[int, str] = {}
    for row in rows:
        for line in row.solutions:
            partner_of.setdefault(line.solution.id, row.match.partner_name)
    found = list(session.exec(select(Idea).where(Idea.id.in_(list(partner_of))))) if partner_of else []
    ideas = {i.id: i for i in found if i.origin_country != code}
    proven = replications.proven_ids(session, list(ideas.values()))
    names = reference.country_names(session, [i.origin_country for i in ideas.values()])
    counts = {line.solution.id: line.solution.replications for row in rows for line in row.solutions}
    may_propose = replications.may_propose_in(viewer, code)
    shown = [
        ProvenSolution(
            id=i.id, title=i.title, stage=i.stage.value, origin=i.origin_country,
            origin_name=names.get(i.origin_country, i.origin_country), partner_name=partner_of[i.id],
            replications=counts[i.id], replicated_here=i.id in replicated,
            propose_url=f"/replications/new?{urlencode({'idea_id': i.id, 'country': code})}" if may_propose else None,
        )
        for i in (ideas[n] for n in partner_of if n in ideas) if i.id in proven
    ]
    return shown, len(ideas) - len(shown)


# ---- a country's ranking, a pair, the strongest pairs ----

@dataclass(frozen=True)
class RankingPage:
    country: Country
    rows: list[MatchRow]
    has_profile: bool


def ranking_page(session: Session, *, code: str, limit: int = 50) -> RankingPage:
    """Every partner of a country, strongest first, with the parts of each score."""
    country = reference.get_country(session, code)
    theme_names = reference.theme_names(session)
    rows = [match_row(m, theme_names) for m in matches.country_matches(session, code=country.code, limit=limit)]
    return RankingPage(country=country, rows=rows, has_profile=bool(rows))  # ranked only with a profile


@dataclass(frozen=True)
class PairPage:
    country: Country
    partner: Country
    row: MatchRow
    reverse: MatchRow | None  # how the country fits the partner's challenges, if it has a profile


def pair_page(session: Session, *, code: str, partner: str) -> PairPage:
    """One pair explained, both ways when both countries have a challenge profile."""
    theme_names = reference.theme_names(session)
    row = match_row(matches.pair(session, code=code, partner=partner), theme_names)
    try:
        reverse = match_row(matches.pair(session, code=partner, partner=code), theme_names)
    except NotFound:
        reverse = None
    return PairPage(country=reference.get_country(session, code), partner=reference.get_country(session, partner),
                    row=row, reverse=reverse)


@dataclass(frozen=True)
class PairRow:
    country_name: str
    row: MatchRow


def strongest_pairs_page(session: Session, *, limit: int = 30) -> list[PairRow]:
    """The strongest country pairs of the lab, each with the asking country's name."""
    found = matches.strongest_pairs(session, limit=limit)
    names = reference.country_names(session, [m.country for m in found])
    theme_names = reference.theme_names(session)
    return [PairRow(country_name=names.get(m.country, m.country), row=match_row(m, theme_names)) for m in found]
