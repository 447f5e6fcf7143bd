"""Country-pair matching on hand-built data with known right answers."""

import pytest

from app.services.matching import (
    Challenge, CountryInfo, Solution, Weights, build_index, match_between, rank_partners, strongest_pairs,
)

WEIGHTS = Weights(evidence=0.45, shared=0.2, context=0.15, text=0.2)


def country(code, region="Africa", subregion="Sub-Saharan Africa", income="Low", languages=("en",)):
    return CountryInfo(code, code.title(), region, subregion, income, frozenset(languages))


COUNTRIES = {
    "HOM": country("HOM"),
    "AAA": country("AAA", region="Asia", subregion="Southern Asia", income="High", languages=("hi",)),
    "BBB": country("BBB", region="Asia", subregion="Southern Asia", income="High", languages=("hi",)),
    "NEI": country("NEI"),  # same sub-region, income and language as HOM
    "FAR": country("FAR", region="Americas", subregion="South America", income="High", languages=("es",)),
}


def solution(id, origin, stage="pilot", themes=("water",), replications=0, score=None, problem="", hosts=()):
    return Solution(id=id, title=f"Solution {id}", origin=origin, hosts=frozenset(hosts), stage=stage, score=score,
                    replications=replications, themes=frozenset(themes), problem=problem)


def ranked(challenges, solutions, country="HOM"):
    index = build_index(COUNTRIES, challenges, solutions)
    return rank_partners(index, country, WEIGHTS, limit=10)


def order(result, *codes):
    """The given partners in the order the ranking puts them."""
    return [m.partner for m in result if m.partner in codes]


HOME_WATER = {"HOM": [Challenge("water", 1, "Villages lack safe drinking water")]}


def test_replicated_solution_outranks_a_piloted_one():
    result = ranked(HOME_WATER, [solution(1, "AAA", stage="pilot"), solution(2, "BBB", stage="replicate", replications=2)])
    assert order(result, "AAA", "BBB") == ["BBB", "AAA"]
    assert result[0].partner == "BBB"


def test_higher_priority_challenge_weighs_more():
    challenges = {"HOM": [Challenge("water", 1, ""), Challenge("energy", 3, "")]}
    result = ranked(challenges, [solution(1, "AAA", themes=("energy",)), solution(2, "BBB", themes=("water",))])
    assert order(result, "AAA", "BBB") == ["BBB", "AAA"]


def test_context_breaks_ties():
    result = ranked(HOME_WATER, [solution(1, "NEI"), solution(2, "FAR")])
    assert order(result, "NEI", "FAR") == ["NEI", "FAR"]
    assert result[0].parts["evidence"] == next(m for m in result if m.partner == "FAR").parts["evidence"]
    assert result[0].context == ["same sub-region", "same income group", "a shared official language"]


def test_text_part_finds_an_untagged_solution_by_its_problem_statement():
    challenges = {"HOM": [Challenge("health", 1, "Mothers die in childbirth far from any maternity clinic")]}
    solutions = [
        solution(1, "AAA", themes=("energy",), problem="Maternity clinic births are far away for rural mothers; childbirth risk"),
        solution(2, "BBB", themes=("energy",), problem="Diesel generators are expensive for small shops"),
    ]
    result = ranked(challenges, solutions)
    top = next(m for m in result if m.partner == "AAA")
    assert order(result, "AAA", "BBB") == ["AAA", "BBB"]
    assert top.parts["text"] > 0 and top.parts["evidence"] == 0
    assert [(s.id, s.via) for s in top.solutions] == [(1, "text")]
    assert next(m for m in result if m.partner == "BBB").parts["text"] == 0


def test_country_never_matches_itself():
    result = ranked(HOME_WATER, [solution(1, "HOM", stage="replicate")])
    assert "HOM" not in [m.partner for m in result]
    assert match_between(build_index(COUNTRIES, HOME_WATER, []), "HOM", "HOM", WEIGHTS) is None


def test_parts_add_up_to_the_score():
    challenges = {**HOME_WATER, "NEI": [Challenge("water", 2, "Drinking water")]}
    result = ranked(challenges, [solution(1, "NEI", stage="evaluate", score=4.0, problem="Safe drinking water for villages")])
    for match in result:
        assert match.score == round(sum(match.parts.values()), 4)
    assert result[0].partner == "NEI" and result[0].shared_challenges == ["water"]


def test_same_data_gives_the_same_ranking():
    solutions = [solution(n, code, stage=stage) for n, (code, stage) in
                 enumerate([("AAA", "pilot"), ("BBB", "evaluate"), ("NEI", "pilot"), ("FAR", "replicate")])]
    first = ranked(HOME_WATER, solutions)
    second = ranked(HOME_WATER, list(reversed(solutions)))
    assert [(m.partner, m.score) for m in first] == [(m.partner, m.score) for m in second]


def test_piloted_in_a_country_counts_for_that_country():
    result = ranked(HOME_WATER, [solution(1, "FAR", hosts=("AAA",), stage="evaluate")])
    evidence = {m.partner: m.parts["evidence"] for m in result}
    assert evidence["AAA"] == evidence["FAR"] > 0


def test_a_country_without_a_profile_gets_no_matches():
    assert ranked({}, [solution(1, "AAA")]) == []


def test_reason_names_the_evidence_in_plain_words():
    result = ranked(HOME_WATER, [solution(1, "NEI", stage="replicate", replications=2), solution(2, "NEI", stage="replicate")])
    assert result[0].reason == (
        "Nei has 2 replicated solutions for water, a priority challenge of yours; "
        "same sub-region; same income group; a shared official language."
    )


def test_reason_of_a_partner_with_context_only_reads_as_a_sentence():
    result = ranked(HOME_WATER, [solution(1, "FAR", stage="replicate")])
    neighbour = next(m for m in result if m.partner == "NEI")
    assert neighbour.reason == "Nei: same sub-region; same income group; a shared official language."


def test_strongest_pairs_lists_pairs_across_countries():
    challenges = {**HOME_WATER, "FAR": [Challenge("energy", 1, "")]}
    pairs = strongest_pairs(build_index(COUNTRIES, challenges, [solution(1, "AAA", themes=("energy",), stage="replicate")]),
                            WEIGHTS, limit=3)
    assert pairs[0][0] == "FAR" and pairs[0][1].partner == "AAA"
    assert [p[1].score for p in pairs] == sorted((p[1].score for p in pairs), reverse=True)


@pytest.mark.parametrize("stage", ["submit", "incubate"])
def test_solutions_before_the_pilot_are_not_evidence(stage):
    result = ranked(HOME_WATER, [solution(1, "AAA", stage=stage)])
    assert all(m.parts["evidence"] == 0 for m in result)
