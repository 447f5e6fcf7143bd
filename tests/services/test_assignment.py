"""Automatic assignment: properties over random instances, and the brute-force optimum on small ones."""

from itertools import combinations, product

from hypothesis import given, settings, strategies as st

from app.services.assignment import IdeaNeed, ReviewerOffer, fit, plan_assignments

THEMES = ["health", "water", "energy", "education"]
LANGUAGES = ["en", "fr", "es"]


@st.composite
def instances(draw, max_ideas=6, max_reviewers=6):
    ideas = [
        IdeaNeed(id=i, themes=frozenset(draw(st.sets(st.sampled_from(THEMES), min_size=1, max_size=2))),
                 languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=1))), needed=draw(st.integers(0, 3)))
        for i in range(draw(st.integers(1, max_ideas)))
    ]
    reviewers = [
        ReviewerOffer(id=100 + r, themes=frozenset(draw(st.sets(st.sampled_from(THEMES), max_size=2))),
                      languages=frozenset(draw(st.sets(st.sampled_from(LANGUAGES), max_size=2))), capacity=draw(st.integers(0, 3)))
        for r in range(draw(st.integers(1, max_reviewers)))
    ]
    pairs = [(i.id, r.id) for i in ideas for r in reviewers]
    excluded = set(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 2))) if pairs else set()
    return ideas, reviewers, excluded


@settings(max_examples=150, deadline=None)
@given(instances())
def test_plan_never_pairs_a_conflict_and_holds_caps(instance):
    ideas, reviewers, excluded = instance
    plan = plan_assignments(ideas, reviewers, excluded=excluded)
    pairs = [(p.idea_id, p.reviewer_id) for p in plan.pairings]
    assert not set(pairs) & excluded
    assert len(pairs) == len(set(pairs))
    for reviewer in reviewers:
        assert sum(1 for _, r in pairs if r == reviewer.id) <= reviewer.capacity
    for idea in ideas:
        given_count = sum(1 for i, _ in pairs if i == idea.id)
        assert given_count <= idea.needed
        assert plan.uncovered.get(idea.id, 0) == idea.needed - given_count


def brute_force(ideas, reviewers, excluded):
    """(slots covered, total fit) of the best assignment, by trying every one."""
    options = []
    for idea in ideas:
        allowed = [r for r in reviewers if (idea.id, r.id) not in excluded and r.capacity > 0]
        choices = [c for size in range(min(idea.needed, len(allowed)) + 1) for c in combinations(allowed, size)]
        options.append([(idea, chosen) for chosen in choices])
    best = (0, 0)
    for combo in product(*options):
        load = {}
        for _, chosen in combo:
            for r in chosen:
                load[r.id] = load.get(r.id, 0) + 1
        if any(load.get(r.id, 0) > r.capacity for r in reviewers):
            continue
        covered = sum(len(chosen) for _, chosen in combo)
        total = sum(fit(idea, r)[0] for idea, chosen in combo for r in chosen)
        best = max(best, (covered, total))
    return best


@settings(max_examples=60, deadline=None)
@given(instances(max_ideas=3, max_reviewers=4))
def test_plan_equals_brute_force_optimum_on_small_instances(instance):
    ideas, reviewers, excluded = instance
    plan = plan_assignments(ideas, reviewers, excluded=excluded)
    assert (len(plan.pairings), plan.total_fit) == brute_force(ideas, reviewers, excluded)


def test_plan_explains_each_pairing():
    idea = IdeaNeed(id=1, themes=frozenset({"health", "water"}), languages=frozenset({"fr"}), needed=1)
    expert = ReviewerOffer(id=7, themes=frozenset({"water"}), languages=frozenset({"fr", "en"}), capacity=1)
    novice = ReviewerOffer(id=8, themes=frozenset(), languages=frozenset({"en"}), capacity=5)
    plan = plan_assignments([idea], [novice, expert], excluded=set())
    [pairing] = plan.pairings
    assert (pairing.reviewer_id, pairing.fit) == (7, 1 + 10 + 4)
    assert pairing.reasons == ("shares expertise in water", "works in fr, a language of the idea's country")


def test_plan_reports_ideas_it_could_not_cover():
    ideas = [IdeaNeed(id=n, themes=frozenset({"health"}), languages=frozenset(), needed=2) for n in (1, 2)]
    only = ReviewerOffer(id=9, themes=frozenset({"health"}), languages=frozenset(), capacity=5)
    plan = plan_assignments(ideas, [only], excluded={(2, 9)})
    assert [(p.idea_id, p.reviewer_id) for p in plan.pairings] == [(1, 9)]
    assert plan.uncovered == {1: 1, 2: 2}
