"""Conflicts of interest: each rule allowed and refused, and the bulk check equals the single one."""

import pytest
from hypothesis import given, settings, strategies as st

from app.services.conflicts import IdeaFacts, ReviewerFacts, conflict_reasons, conflicted_pairs

IDEA = IdeaFacts(id=1, owner_id=10, owner_email="owner@ngo.org", coauthor_emails=frozenset({"co@uni.edu"}),
                 organisation="Water Makers", owner_organisation="Water Makers Ltd", origin_country="KEN")


def reviewer(**changes) -> ReviewerFacts:
    base = dict(id=20, email="rev@elsewhere.org", organisation="Other Institute", country="BRA")
    return ReviewerFacts(**{**base, **changes})


@pytest.mark.parametrize(
    ("facts", "same_country_rule", "reason"),
    [
        (reviewer(), True, None),
        (reviewer(id=10), True, "The reviewer submitted this idea."),
        (reviewer(email="CO@uni.edu"), True, "The reviewer is a co-author of this idea."),
        (reviewer(organisation=" water makers "), True, "The reviewer works for the same organisation."),
        (reviewer(organisation="Water Makers Ltd"), True, "The reviewer works for the same organisation."),
        (reviewer(organisation=""), True, None),
        (reviewer(country="KEN"), True, "The reviewer's country is the idea's origin country."),
        (reviewer(country="KEN"), False, None),
        (reviewer(declared_emails=frozenset({"owner@ngo.org"})), True, "The reviewer declared a conflict with an author of this idea."),
        (reviewer(declared_emails=frozenset({"co@uni.edu"})), True, "The reviewer declared a conflict with an author of this idea."),
        (reviewer(declared_emails=frozenset({"someone@else.org"})), True, None),
        (reviewer(declared_organisations=frozenset({"WATER MAKERS"})), True, "The reviewer declared a conflict with this organisation."),
    ],
)
def test_conflict_rules(facts, same_country_rule, reason):
    reasons = conflict_reasons(facts, IDEA, same_country_rule=same_country_rule)
    assert reasons == ([] if reason is None else [reason])


def test_several_conflicts_are_all_named():
    reasons = conflict_reasons(reviewer(id=10, country="KEN"), IDEA, same_country_rule=True)
    assert reasons == ["The reviewer submitted this idea.", "The reviewer's country is the idea's origin country."]


EMAILS = st.sampled_from(["a@x.org", "b@x.org", "c@y.org", "d@y.org"])
ORGS = st.sampled_from(["", "Org A", "org a ", "Org B", "Org C"])
COUNTRIES = st.sampled_from(["KEN", "BRA", "IND", None])
reviewers = st.builds(
    ReviewerFacts, id=st.integers(1, 6), email=EMAILS, organisation=ORGS, country=COUNTRIES,
    declared_emails=st.frozensets(EMAILS, max_size=2), declared_organisations=st.frozensets(ORGS, max_size=2),
)
ideas = st.builds(
    IdeaFacts, id=st.integers(100, 110), owner_id=st.integers(1, 6), owner_email=EMAILS,
    coauthor_emails=st.frozensets(EMAILS, max_size=2), organisation=ORGS, owner_organisation=ORGS,
    origin_country=st.sampled_from(["KEN", "BRA", "IND"]),
)


@settings(max_examples=200, deadline=None)
@given(st.lists(reviewers, max_size=5, unique_by=lambda r: r.id), st.lists(ideas, max_size=5, unique_by=lambda i: i.id),
       st.booleans())
def test_bulk_conflicts_equal_the_single_check(reviewer_list, idea_list, rule):
    expected = {(i.id, r.id) for r in reviewer_list for i in idea_list if conflict_reasons(r, i, same_country_rule=rule)}
    assert conflicted_pairs(reviewer_list, idea_list, same_country_rule=rule) == expected
