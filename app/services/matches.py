"""Country-pair matches as the API and the pages show them.

The answers kept on the index are the matcher's own (no translated text); each request
writes them in its reader's language: country and theme names, context words, the reason.
"""

from collections.abc import Sequence
from dataclasses import asdict

from sqlmodel import Session

from app.errors import NotFound
from app.i18n import _
from app.models.countries import MatchParts, MatchPublic, MatchSolution
from app.services import matching, reference
from app.services.match_data import match_index, weights
from app.services.reference import get_country


def _public(country: str, match: matching.Match, names: dict[str, str], theme_names: dict[str, str]) -> MatchPublic:
    partner_name = names.get(match.partner, match.partner_name)
    return MatchPublic(
        country=country, partner=match.partner, partner_name=partner_name, score=match.score,
        parts=MatchParts(**match.parts), shared_challenges=match.shared_challenges,
        solutions=[MatchSolution(**{k: v for k, v in asdict(s).items() if k != "weight"}) for s in match.solutions],
        context=[_(word) for word in match.context],
        reason=match.explained(partner_name=partner_name, theme_names=theme_names),
    )


def _present(session: Session, pairs: Sequence[tuple[str, matching.Match]]) -> list[MatchPublic]:
    """Matches in the reader's language; (asking country, match) pairs."""
    names = reference.country_names(session, [m.partner for _country, m in pairs])
    theme_names = reference.theme_names(session)
    return [_public(country, match, names, theme_names) for country, match in pairs]


def country_matches(session: Session, *, code: str, limit: int = 10) -> list[MatchPublic]:
    """Ranked partner countries for `code`; empty until the country has a challenge profile."""
    country = get_country(session, code)
    index = match_index(session)
    key = ("partners", country.code, limit)
    if key not in index.answers:
        index.answers[key] = matching.rank_partners(index, country.code, weights(), limit=limit)
    return _present(session, [(country.code, m) for m in index.answers[key]])


def strongest_pairs(session: Session, *, limit: int = 20) -> list[MatchPublic]:
    index = match_index(session)
    key = ("pairs", limit)
    if key not in index.answers:
        index.answers[key] = matching.strongest_pairs(index, weights(), limit=limit)
    return _present(session, index.answers[key])


def pair(session: Session, *, code: str, partner: str) -> MatchPublic:
    """How `partner` fits `code`'s challenges, explained."""
    country, other = get_country(session, code), get_country(session, partner)
    index = match_index(session)
    match = matching.match_between(index, country.code, other.code, weights())
    if match is None:
        raise NotFound(_("%(country)s has no challenge profile to match against") % {"country": country.name}
                       if country.code != other.code else _("A country is not matched with itself"))
    return _present(session, [(country.code, match)])[0]
