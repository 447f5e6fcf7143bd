"""Country-pair matches as the API and the pages show them."""

from dataclasses import asdict

from sqlmodel import Session

from app.errors import NotFound
from app.models.countries import MatchParts, MatchPublic, MatchSolution
from app.services import matching
from app.services.match_data import match_index, weights
from app.services.reference import get_country


def _public(index: matching.MatchIndex, country: str, match: matching.Match) -> MatchPublic:
    return MatchPublic(
        country=country, partner=match.partner, partner_name=index.countries[match.partner].name, score=match.score,
        parts=MatchParts(**match.parts), shared_challenges=match.shared_challenges,
        solutions=[MatchSolution(**{k: v for k, v in asdict(s).items() if k != "weight"}) for s in match.solutions],
        context=match.context, reason=match.reason,
    )


def country_matches(session: Session, *, code: str, limit: int = 10) -> list[MatchPublic]:
    """Ranked partner countries for `code`; empty until the country has a challenge profile."""
    country = get_country(session, code)
    index = match_index(session)
    key = ("partners", country.code, limit)
    if key not in index.answers:
        ranked = matching.rank_partners(index, country.code, weights(), limit=limit)
        index.answers[key] = [_public(index, country.code, m) for m in ranked]
    return index.answers[key]


def strongest_pairs(session: Session, *, limit: int = 20) -> list[MatchPublic]:
    index = match_index(session)
    key = ("pairs", limit)
    if key not in index.answers:
        index.answers[key] = [_public(index, c, m) for c, m in matching.strongest_pairs(index, weights(), limit=limit)]
    return index.answers[key]


def pair(session: Session, *, code: str, partner: str) -> MatchPublic:
    """How `partner` fits `code`'s challenges, explained."""
    country, other = get_country(session, code), get_country(session, partner)
    index = match_index(session)
    match = matching.match_between(index, country.code, other.code, weights())
    if match is None:
        raise NotFound(f"{country.name} has no challenge profile to match against" if country.code != other.code
                       else "A country is not matched with itself")
    return _public(index, country.code, match)
