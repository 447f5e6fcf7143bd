"""Automatic reviewer assignment as a min-cost flow (pure functions, no database).

source → idea (capacity: reviewers still needed) → reviewer (capacity 1, cost: the lower the
fit, the dearer) → sink (capacity: what is left of the reviewer's load cap). The maximum
flow of least cost covers as many review slots as possible and, among those coverings,
maximises the total expertise fit. Conflicted pairs have no edge, so they can never be chosen.

For speed each idea first keeps only its best CANDIDATES reviewers by fit (ties to the
least loaded). When that leaves review slots uncovered while reviewers still have room,
the flow is solved again with every reviewer as a candidate, so pruning never costs
coverage. With no more reviewers than CANDIDATES the result is the exact optimum.
"""

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

import networkx as nx

from app.i18n import N_, _

THEME_FIT = 10
LANGUAGE_FIT = 4
BASE_FIT = 1
MAX_FIT = BASE_FIT + 5 * THEME_FIT + LANGUAGE_FIT
CANDIDATES = 12

# Why a reviewer fits an idea. The reasons are written in English: auto_assign stores them in the
# assignment's rationale ("Automatic: a; b."), which the report reads back. `reason_text` gives
# one in the reader's language where it is shown.
SHARED_THEMES = N_("shares expertise in %(themes)s")
SHARED_LANGUAGES = N_("works in %(languages)s, a language of the idea's country")
CAPACITY_ONLY = N_("has capacity, though no shared theme or language")


def _pattern(template: str) -> re.Pattern:
    """The template as a regular expression: each escaped placeholder "%\\(name\\)s" matches its value."""
    return re.compile("^" + re.sub(r"%\\\((\w+)\\\)s", r"(?P<\1>.+)", re.escape(template)) + "$")


_REASON_PATTERNS = [(template, _pattern(template)) for template in (SHARED_THEMES, SHARED_LANGUAGES, CAPACITY_ONLY)]


@dataclass(frozen=True)
class IdeaNeed:
    id: int
    themes: frozenset[str]
    languages: frozenset[str]
    needed: int


@dataclass(frozen=True)
class ReviewerOffer:
    id: int
    themes: frozenset[str]
    languages: frozenset[str]
    capacity: int


@dataclass(frozen=True)
class Pairing:
    idea_id: int
    reviewer_id: int
    fit: int
    reasons: tuple[str, ...]


@dataclass
class AssignmentPlan:
    pairings: list[Pairing] = field(default_factory=list)
    uncovered: dict[int, int] = field(default_factory=dict)  # idea id -> reviewers still missing

    @property
    def total_fit(self) -> int:
        return sum(p.fit for p in self.pairings)


def fit(idea: IdeaNeed, reviewer: ReviewerOffer) -> tuple[int, tuple[str, ...]]:
    """How well a reviewer fits an idea, and why, in words (English: see `reason_text`)."""
    shared_themes = sorted(idea.themes & reviewer.themes)
    shared_languages = sorted(idea.languages & reviewer.languages)
    reasons = []
    if shared_themes:
        reasons.append(SHARED_THEMES % {"themes": ", ".join(shared_themes)})
    if shared_languages:
        reasons.append(SHARED_LANGUAGES % {"languages": ", ".join(shared_languages)})
    score = BASE_FIT + THEME_FIT * len(shared_themes) + (LANGUAGE_FIT if shared_languages else 0)
    return score, tuple(reasons) or (CAPACITY_ONLY,)


def reason_text(reason: str) -> str:
    """A reason `fit` gave, in the reader's language; a reason it does not know stays as written."""
    for template, pattern in _REASON_PATTERNS:
        if found := pattern.match(reason):
            return _(template) % found.groupdict() if found.groupdict() else _(template)
    return reason


AUTOMATIC = "Automatic: "  # marks the rationale of an automatic assignment (stored, never shown)


def automatic_rationale(reasons: Sequence[str]) -> str:
    """What an automatic assignment stores as its rationale: "Automatic: a; b." (English)."""
    return (AUTOMATIC + "; ".join(reasons) + ".")[:1000]


def rationale_reasons(rationale: str) -> list[str]:
    """The reasons of an automatic rationale, in the reader's language (no reason holds "; ")."""
    return [reason_text(part.strip()) for part in rationale.removeprefix(AUTOMATIC).rstrip(".").split("; ") if part.strip()]


def plan_assignments(
    ideas: Sequence[IdeaNeed], reviewers: Sequence[ReviewerOffer], *, excluded: Iterable[tuple[int, int]],
    candidates: int = CANDIDATES,
) -> AssignmentPlan:
    """The best conflict-free assignment within the reviewers' capacities."""
    excluded = set(excluded)
    plan = _solve(ideas, reviewers, excluded, candidates)
    if plan.uncovered and candidates < len(reviewers):
        widened = _solve(ideas, reviewers, excluded, len(reviewers))
        if sum(widened.uncovered.values()) < sum(plan.uncovered.values()):
            return widened
    return plan


def _solve(ideas: Sequence[IdeaNeed], reviewers: Sequence[ReviewerOffer], excluded: set, candidates: int) -> AssignmentPlan:
    graph = nx.DiGraph()
    graph.add_node("source", demand=0)
    graph.add_node("sink", demand=0)
    for reviewer in reviewers:
        if reviewer.capacity > 0:
            graph.add_edge(("r", reviewer.id), "sink", capacity=reviewer.capacity, weight=0)
    explained = {}
    for idea in ideas:
        if idea.needed <= 0:
            continue
        graph.add_edge("source", ("i", idea.id), capacity=idea.needed, weight=0)
        for reviewer, score, reasons in _candidates(idea, reviewers, excluded, candidates):
            graph.add_edge(("i", idea.id), ("r", reviewer.id), capacity=1, weight=MAX_FIT - score)
            explained[(idea.id, reviewer.id)] = (score, reasons)
    flow = nx.max_flow_min_cost(graph, "source", "sink")
    plan = AssignmentPlan()
    for idea in ideas:
        chosen = [node[1] for node, amount in flow.get(("i", idea.id), {}).items() if amount > 0]
        for reviewer_id in sorted(chosen):
            score, reasons = explained[(idea.id, reviewer_id)]
            plan.pairings.append(Pairing(idea.id, reviewer_id, score, reasons))
        if len(chosen) < idea.needed:
            plan.uncovered[idea.id] = idea.needed - len(chosen)
    return plan


def _candidates(idea: IdeaNeed, reviewers: Sequence[ReviewerOffer], excluded: set, limit: int):
    scored = []
    for reviewer in reviewers:
        if reviewer.capacity > 0 and (idea.id, reviewer.id) not in excluded:
            score, reasons = fit(idea, reviewer)
            scored.append((-score, -reviewer.capacity, reviewer.id, reviewer, score, reasons))
    scored.sort(key=lambda row: row[:3])
    return [(row[3], row[4], row[5]) for row in scored[:limit]]
