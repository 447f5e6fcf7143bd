"""Conflicts of interest between a reviewer and an idea, as one pure function.

Each conflict names its reason, so a manager sees why an assignment is refused. The reasons
are the English messages of the catalog: translate them with `_()` where they are shown.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from app.i18n import N_


@dataclass(frozen=True)
class ReviewerFacts:
    id: int
    email: str
    organisation: str
    country: str | None
    declared_emails: frozenset[str] = field(default_factory=frozenset)
    declared_organisations: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class IdeaFacts:
    id: int
    owner_id: int
    owner_email: str
    coauthor_emails: frozenset[str]
    organisation: str
    owner_organisation: str
    origin_country: str


def same_organisation(left: str, right: str) -> bool:
    return bool(left.strip()) and left.strip().casefold() == right.strip().casefold()


def conflict_reasons(reviewer: ReviewerFacts, idea: IdeaFacts, *, same_country_rule: bool) -> list[str]:
    """Every reason this reviewer may not review this idea; empty when there is none."""
    reasons = []
    if reviewer.id == idea.owner_id:
        reasons.append(N_("The reviewer submitted this idea."))
    if reviewer.email.casefold() in {e.casefold() for e in idea.coauthor_emails}:
        reasons.append(N_("The reviewer is a co-author of this idea."))
    if any(same_organisation(reviewer.organisation, org) for org in (idea.organisation, idea.owner_organisation)):
        reasons.append(N_("The reviewer works for the same organisation."))
    if same_country_rule and reviewer.country and reviewer.country == idea.origin_country:
        reasons.append(N_("The reviewer's country is the idea's origin country."))
    declared = {e.casefold() for e in reviewer.declared_emails}
    if idea.owner_email.casefold() in declared or declared & {e.casefold() for e in idea.coauthor_emails}:
        reasons.append(N_("The reviewer declared a conflict with an author of this idea."))
    if any(same_organisation(org, o) for org in reviewer.declared_organisations for o in (idea.organisation, idea.owner_organisation)):
        reasons.append(N_("The reviewer declared a conflict with this organisation."))
    return reasons


def conflicted_pairs(
    reviewers: Iterable[ReviewerFacts], ideas: Iterable[IdeaFacts], *, same_country_rule: bool
) -> set[tuple[int, int]]:
    """(idea id, reviewer id) pairs that must never be assigned: the same rules as
    conflict_reasons, through indexes, so thousands of ideas and reviewers take milliseconds."""
    by_owner, by_coauthor, by_author, by_organisation, by_country = (defaultdict(set) for _ in range(5))
    for idea in ideas:
        by_owner[idea.owner_id].add(idea.id)
        for email in idea.coauthor_emails:
            by_coauthor[email.casefold()].add(idea.id)
        for email in {idea.owner_email, *idea.coauthor_emails}:
            by_author[email.casefold()].add(idea.id)
        for organisation in {idea.organisation.strip().casefold(), idea.owner_organisation.strip().casefold()} - {""}:
            by_organisation[organisation].add(idea.id)
        by_country[idea.origin_country].add(idea.id)
    pairs = set()
    for reviewer in reviewers:
        hit = by_owner[reviewer.id] | by_coauthor[reviewer.email.casefold()]
        hit = hit | by_organisation[reviewer.organisation.strip().casefold()] if reviewer.organisation.strip() else hit
        if same_country_rule and reviewer.country:
            hit = hit | by_country[reviewer.country]
        for email in reviewer.declared_emails:
            hit = hit | by_author[email.casefold()]
        for organisation in reviewer.declared_organisations:
            hit = hit | by_organisation[organisation.strip().casefold()]
        pairs.update((idea_id, reviewer.id) for idea_id in hit)
    return pairs
