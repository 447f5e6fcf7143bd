"""Country-pair matching, as pure functions over plain data (DESIGN.md section 3).

For a country R every other country P gets four visible parts, each in [0, 1] before weighting:

- evidence: P's solutions (originated or piloted in P) on themes R lists as challenges, each
  weighted by how far it got (pilot 1 < evaluate 2 < replicate 3), its evaluated score, how
  often it was replicated already, and R's priority for that challenge; saturating, so a few
  strong solutions count for much and many weak ones do not run away;
- shared: the share of R's challenges (by priority) that P lists too — peers to learn with;
- context: same sub-region (or region), same income group, a shared official language;
- text: TF-IDF cosine between R's challenge descriptions and the problem statements of P's
  solutions, to catch what the theme tags miss.

The score is the weighted sum; the parts returned are the weighted parts, so they add up to
the score. An index (the fitted vectoriser and solution vectors) is built once per change of
the data and reused for every request.

Matches hold no translated text, so that the index and the answers kept on it serve readers of
every language: the context words are the catalog's English messages, and the plain sentence
(`Match.reason`) is written in the reader's language when it is read.
"""

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from app import i18n
from app.i18n import N_, _, ngettext

PRIORITY_WEIGHT = {1: 1.0, 2: 0.6, 3: 0.3}
STAGE_WEIGHT = {"pilot": 1.0, "evaluate": 2.0, "replicate": 3.0}
EVIDENCE_HALF = 3.0  # raw evidence at which the evidence part reaches one half
UNSCORED = 0.6  # score factor of a solution without an evaluation yet
TEXT_MATCH = 0.12  # cosine above which a solution counts as matching by its text
CONTEXT = {"subregion": 0.5, "region": 0.25, "income": 0.3, "language": 0.2}
# What a partner shares with the country, as Match.context lists it (English: translate with _()).
SAME_SUBREGION = N_("same sub-region")
SAME_REGION = N_("same region")
SAME_INCOME = N_("same income group")
SHARED_LANGUAGE = N_("a shared official language")


@dataclass(frozen=True)
class CountryInfo:
    code: str
    name: str
    region: str | None
    subregion: str | None
    income_group: str | None
    languages: frozenset[str]


@dataclass(frozen=True)
class Challenge:
    theme: str
    priority: int
    description: str


@dataclass(frozen=True)
class Solution:
    id: int
    title: str
    origin: str
    hosts: frozenset[str]  # countries it was piloted in
    stage: str
    score: float | None  # evaluated score on the 1–5 scale
    replications: int
    themes: frozenset[str]
    problem: str

    @property
    def countries(self) -> frozenset[str]:
        return self.hosts | {self.origin}

    @property
    def strength(self) -> float:
        """How proven the solution is: stage, evaluated score and replications."""
        score_factor = self.score / 5 if self.score is not None else UNSCORED
        return STAGE_WEIGHT.get(self.stage, 0.0) * score_factor * (1 + 0.5 * min(self.replications, 4))


@dataclass(frozen=True)
class Weights:
    evidence: float
    shared: float
    context: float
    text: float


@dataclass(frozen=True)
class SolutionEvidence:
    id: int
    title: str
    stage: str
    replications: int
    score: float | None
    via: str  # "theme: water-sanitation" or "text"
    weight: float


@dataclass(frozen=True)
class Match:
    partner: str
    score: float
    parts: dict[str, float]
    shared_challenges: list[str]
    solutions: list[SolutionEvidence]
    context: list[str]  # English messages (SAME_REGION, ...): translate them with _() where they are shown
    partner_name: str  # as the index names it
    top_priority: frozenset[str]  # the asking country's priority-1 challenge themes
    theme_names: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)  # the index's (English)

    @property
    def reason(self) -> str:
        """One plain sentence, in the reader's language: see `explained`."""
        return self.explained()

    def explained(self, *, partner_name: str | None = None, theme_names: Mapping[str, str] | None = None) -> str:
        """One plain sentence in the reader's language, written when it is read (never stored).
        `partner_name` and `theme_names` give the names in that language; by default the index's
        names, the themes' through the catalog."""
        if theme_names is None:
            theme_names = {code: _(name) for code, name in self.theme_names.items()}
        return explain(partner_name or self.partner_name, self.solutions, self.shared_challenges, self.context,
                       self.top_priority, theme_names)


@dataclass
class MatchIndex:
    countries: dict[str, CountryInfo]
    challenges: dict[str, list[Challenge]]
    solutions: list[Solution]
    vectoriser: TfidfVectorizer | None = None
    solution_vectors: object = None
    challenge_vectors: dict[str, object] = field(default_factory=dict)
    by_country: dict[str, list[int]] = field(default_factory=dict)  # country -> solution positions
    theme_names: dict[str, str] = field(default_factory=dict)
    # Answers already computed from this index (it is rebuilt, and so emptied, when the data changes).
    answers: dict = field(default_factory=dict)
    theme_strength: dict[str, dict[str, float]] = field(default_factory=dict)  # country -> theme -> strength
    # Dense forms for ranking every partner at once: rows are countries, columns themes.
    codes: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    strength_matrix: object = None
    challenge_matrix: object = None
    member_solution: object = None  # (solution position, country row) of every membership
    member_country: object = None


def build_index(countries: Mapping[str, CountryInfo], challenges: Mapping[str, Sequence[Challenge]],
                solutions: Sequence[Solution], theme_names: Mapping[str, str] | None = None) -> MatchIndex:
    """Everything the ranking needs that does not depend on the country asking."""
    solutions = [s for s in solutions if s.stage in STAGE_WEIGHT]
    index = MatchIndex(countries=dict(countries), challenges={c: list(v) for c, v in challenges.items() if v},
                       solutions=solutions, theme_names=dict(theme_names or {}))
    by_country, strength = defaultdict(list), defaultdict(lambda: defaultdict(float))
    for position, solution in enumerate(solutions):
        for code in solution.countries:
            by_country[code].append(position)
            for theme in solution.themes:
                strength[code][theme] += solution.strength
    index.by_country = dict(by_country)
    index.theme_strength = {code: dict(themes) for code, themes in strength.items()}
    _build_matrices(index)
    problems = [s.problem for s in solutions]
    if any(p.strip() for p in problems):
        index.vectoriser = TfidfVectorizer(sublinear_tf=True, min_df=1, stop_words="english", dtype=np.float32)
        index.solution_vectors = index.vectoriser.fit_transform(problems)
        for code, items in index.challenges.items():
            index.challenge_vectors[code] = index.vectoriser.transform([" ".join(c.description for c in items)])
    return index


def _build_matrices(index: MatchIndex) -> None:
    index.codes = sorted(index.countries)
    row = {code: n for n, code in enumerate(index.codes)}
    index.themes = sorted({t for s in index.solutions for t in s.themes} | {c.theme for v in index.challenges.values() for c in v})
    column = {theme: n for n, theme in enumerate(index.themes)}
    index.strength_matrix = np.zeros((len(index.codes), len(index.themes)))
    for code, themes in index.theme_strength.items():
        for theme, value in themes.items():
            if code in row:
                index.strength_matrix[row[code], column[theme]] = value
    index.challenge_matrix = np.zeros((len(index.codes), len(index.themes)))
    for code, items in index.challenges.items():
        for challenge in items:
            if code in row:
                index.challenge_matrix[row[code], column[challenge.theme]] = 1.0
    members = [(position, row[code]) for position, s in enumerate(index.solutions) for code in s.countries if code in row]
    index.member_solution = np.array([m[0] for m in members], dtype=np.int64)
    index.member_country = np.array([m[1] for m in members], dtype=np.int64)


def rank_partners(index: MatchIndex, country: str, weights: Weights, *, limit: int = 10) -> list[Match]:
    """Every other country ranked as a partner for `country`, strongest first.

    All partners are scored at once with array arithmetic; only the top `limit` are then
    explained with their solutions and a sentence."""
    scored = _score_all(index, country, weights)
    if scored is None:
        return []
    similarities, arrays, total = scored
    order = sorted((n for n, code in enumerate(index.codes) if code != country), key=lambda n: (-round(total[n], 4), index.codes[n]))
    return [_match(index, country, n, weights, similarities, arrays) for n in order[:limit]]


def _score_all(index: MatchIndex, country: str, weights: Weights):
    """(similarities, unweighted part arrays, total scores) of every country row, or None."""
    challenges = index.challenges.get(country, [])
    home = index.countries.get(country)
    if not challenges or home is None:
        return None
    similarities = _similarities(index, country)
    evidence, shared, text = _part_arrays(index, challenges, similarities)
    context = np.array([context_of(home, index.countries[code])[0] for code in index.codes])
    total = weights.evidence * evidence + weights.shared * shared + weights.context * context + weights.text * text
    return similarities, (evidence, shared, text), total


def strongest_pairs(index: MatchIndex, weights: Weights, *, limit: int = 20) -> list[tuple[str, Match]]:
    """The strongest (country, partner) pairs over all countries with a challenge profile:
    every pair is scored, only the strongest are explained."""
    candidates, kept = [], {}
    for country in sorted(index.challenges):
        scored = _score_all(index, country, weights)
        if scored is None:
            continue
        kept[country] = scored
        total = scored[2]
        for n in np.argsort(-total, kind="stable")[: limit + 1]:
            if index.codes[n] != country:
                candidates.append((-round(float(total[n]), 4), country, index.codes[n], int(n)))
    candidates.sort()
    return [(country, _match(index, country, n, weights, kept[country][0], kept[country][1]))
            for _, country, _, n in candidates[:limit]]


def _similarities(index: MatchIndex, country: str):
    """Cosine of `country`'s challenge text with every solution's problem statement (or None)."""
    vector = index.challenge_vectors.get(country)
    if vector is None or index.solution_vectors is None:
        return None
    return (index.solution_vectors @ vector.T).toarray().ravel()


def _part_arrays(index: MatchIndex, challenges: list[Challenge], similarities):
    """Evidence, shared and text parts (unweighted, 0..1) for every country row at once."""
    priorities = np.zeros(len(index.themes))
    column = {theme: n for n, theme in enumerate(index.themes)}
    for challenge in challenges:
        priorities[column[challenge.theme]] = max(priorities[column[challenge.theme]], PRIORITY_WEIGHT.get(challenge.priority, 0.3))
    raw = index.strength_matrix @ priorities
    evidence = raw / (raw + EVIDENCE_HALF)
    shared = (index.challenge_matrix @ priorities) / priorities.sum()
    text = np.zeros(len(index.codes))
    if similarities is not None and len(index.member_solution):
        np.maximum.at(text, index.member_country, similarities[index.member_solution])
    return evidence, shared, text


def _match(index: MatchIndex, country: str, row: int, weights: Weights, similarities, arrays) -> Match:
    home, partner = index.countries[country], index.countries[index.codes[row]]
    challenges = index.challenges[country]
    evidence, shared, text = (values[row] for values in arrays)
    partner_themes = {c.theme for c in index.challenges.get(partner.code, [])}
    shared_challenges = sorted({c.theme for c in challenges} & partner_themes)
    context_value, context_words = context_of(home, partner)
    parts = {
        "evidence": round(weights.evidence * float(evidence), 4),
        "shared": round(weights.shared * float(shared), 4),
        "context": round(weights.context * context_value, 4),
        "text": round(weights.text * float(text), 4),
    }
    hits = [(p, float(similarities[p])) for p in index.by_country.get(partner.code, [])
            if similarities is not None and similarities[p] >= TEXT_MATCH]
    solutions = _evidence_list(index, partner.code, challenges, hits)
    return Match(partner=partner.code, score=round(sum(parts.values()), 4), parts=parts,
                 shared_challenges=shared_challenges, solutions=solutions, context=context_words,
                 partner_name=partner.name, top_priority=frozenset(c.theme for c in challenges if c.priority == 1),
                 theme_names=index.theme_names)


def context_of(home: CountryInfo, partner: CountryInfo) -> tuple[float, list[str]]:
    value, words = 0.0, []
    if home.subregion and home.subregion == partner.subregion:
        value, words = value + CONTEXT["subregion"], words + [SAME_SUBREGION]
    elif home.region and home.region == partner.region:
        value, words = value + CONTEXT["region"], words + [SAME_REGION]
    if home.income_group and home.income_group == partner.income_group:
        value, words = value + CONTEXT["income"], words + [SAME_INCOME]
    if home.languages & partner.languages:
        value, words = value + CONTEXT["language"], words + [SHARED_LANGUAGE]
    return min(value, 1.0), words


def _evidence_list(index: MatchIndex, partner: str, challenges: list[Challenge],
                   text_hits: list[tuple[int, float]]) -> list[SolutionEvidence]:
    priority = {}
    for c in challenges:
        priority[c.theme] = max(priority.get(c.theme, 0.0), PRIORITY_WEIGHT.get(c.priority, 0.3))
    found = {}
    for position in index.by_country.get(partner, []):
        solution = index.solutions[position]
        themes = sorted(solution.themes & set(priority), key=lambda t: (-priority[t], t))
        if themes:
            found[solution.id] = _evidence(solution, f"theme: {themes[0]}", priority[themes[0]] * solution.strength)
    for position, similarity in text_hits:
        solution = index.solutions[position]
        if solution.id not in found:
            found[solution.id] = _evidence(solution, "text", similarity * solution.strength)
    return sorted(found.values(), key=lambda e: (-e.weight, e.id))[:10]


def _evidence(solution: Solution, via: str, weight: float) -> SolutionEvidence:
    return SolutionEvidence(id=solution.id, title=solution.title, stage=solution.stage, replications=solution.replications,
                            score=solution.score, via=via, weight=round(weight, 4))


def explain(partner_name: str, solutions: list[SolutionEvidence], shared: list[str], context: list[str],
            top_priority: frozenset[str] | set[str], theme_names: Mapping[str, str] | None = None) -> str:
    """One plain sentence in the reader's language: what the partner has done for our challenges,
    and what we share. `theme_names` are in the reader's language; `context` holds the English
    messages context_of gives."""
    names = theme_names or {}
    phrases = []
    for stage in ("replicate", "evaluate", "pilot"):
        items = [s for s in solutions if s.stage == stage]
        if not items:
            continue
        themes = sorted({s.via.removeprefix("theme: ") for s in items if s.via.startswith("theme: ")})
        listed = ", ".join(names.get(t, t).lower() for t in themes) if themes else None
        phrases.append(_stage_phrase(stage, len(items), listed, priority=bool(set(themes) & top_priority)))
    extras = ([_("shares your challenges in %(themes)s") % {"themes": ", ".join(names.get(t, t).lower() for t in shared)}]
              if shared else []) + [_(word) for word in context]
    if not phrases and not extras:
        return _("%(country)s has no matching solutions or challenges yet.") % {"country": partner_name}
    facts = "; ".join(phrases + extras)
    if phrases or shared:
        return _("%(country)s %(facts)s.") % {"country": partner_name, "facts": facts}
    # Context only: "Bhutan: same sub-region", not "Bhutan same sub-region".
    return _("%(country)s: %(facts)s.") % {"country": partner_name, "facts": facts}


# What a partner did with n solutions at a stage, by how they were found: whole sentences, so that
# translators can order them. Keyed by (stage, how): "text" found by their problem statements,
# "priority" for a priority challenge of ours, "themes" for our other challenges.
_STAGE_PHRASES = {
    ("replicate", "text"): lambda n: ngettext("has %(num)s replicated solution matching your challenge descriptions",
                                              "has %(num)s replicated solutions matching your challenge descriptions", n),
    ("replicate", "priority"): lambda n: ngettext(
        "has %(num)s replicated solution for %(themes)s, a priority challenge of yours",
        "has %(num)s replicated solutions for %(themes)s, a priority challenge of yours", n),
    ("replicate", "themes"): lambda n: ngettext("has %(num)s replicated solution for %(themes)s",
                                                "has %(num)s replicated solutions for %(themes)s", n),
    ("evaluate", "text"): lambda n: ngettext("evaluated %(num)s solution matching your challenge descriptions",
                                             "evaluated %(num)s solutions matching your challenge descriptions", n),
    ("evaluate", "priority"): lambda n: ngettext(
        "evaluated %(num)s solution for %(themes)s, a priority challenge of yours",
        "evaluated %(num)s solutions for %(themes)s, a priority challenge of yours", n),
    ("evaluate", "themes"): lambda n: ngettext("evaluated %(num)s solution for %(themes)s",
                                               "evaluated %(num)s solutions for %(themes)s", n),
    ("pilot", "text"): lambda n: ngettext("piloted %(num)s solution matching your challenge descriptions",
                                          "piloted %(num)s solutions matching your challenge descriptions", n),
    ("pilot", "priority"): lambda n: ngettext(
        "piloted %(num)s solution for %(themes)s, a priority challenge of yours",
        "piloted %(num)s solutions for %(themes)s, a priority challenge of yours", n),
    ("pilot", "themes"): lambda n: ngettext("piloted %(num)s solution for %(themes)s",
                                            "piloted %(num)s solutions for %(themes)s", n),
}


def _stage_phrase(stage: str, n: int, themes: str | None, *, priority: bool) -> str:
    """What the partner did with `n` solutions at `stage`: for the listed themes (None: found by
    their text), and whether one of those is a priority challenge."""
    how = "text" if themes is None else "priority" if priority else "themes"
    return _STAGE_PHRASES[(stage, how)](n) % {"num": i18n.format_number(n), "themes": themes}


def match_between(index: MatchIndex, country: str, partner: str, weights: Weights) -> Match | None:
    """The match of one pair, explained (None when `country` has no challenge profile)."""
    if partner not in index.countries or country == partner:
        return None
    scored = _score_all(index, country, weights)
    if scored is None:
        return None
    return _match(index, country, index.codes.index(partner), weights, scored[0], scored[1])
