"""Country-pair matches as the API and the pages show them.

The answers kept on the index hold no translated text: the matcher's matches with their public
form as far as it is the same in every language. Each request then writes in its reader's
language what people read: the partner's name, the context words and the reason.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from sqlmodel import Session

from app.errors import NotFound
from app.i18n import _
from app.models.countries import MatchParts, MatchPublic, MatchSolution
from app.services import matching, reference
from app.services.match_data import match_index, weights
from app.services.reference import get_country


@dataclass(frozen=True)
class _Answer:
    """A match as the memo keeps it: `public` has the index's names, English context words and no reason."""

    match: matching.Match
    public: MatchPublic


def _answer(country: str, match: matching.Match) -> _Answer:
    return _Answer(match, MatchPublic(
        country=country, partner=match.partner, partner_name=match.partner_name, score=match.score,
        parts=MatchParts(**match.parts), shared_challenges=match.shared_challenges,
        solutions=[MatchSolution(id=s.id, title=s.title, stage=s.stage, replications=s.replications, score=s.score, via=s.via)
                   for s in match.solutions],
        context=match.context, reason="",
    ))


def _present(session: Session, answers: Sequence[_Answer]) -> list[MatchPublic]:
    """Memoised answers in the reader's language."""
    names = reference.country_names(session, [a.match.partner for a in answers])
    theme_names = reference.theme_names(session)
    shown = []
    for answer in answers:
        partner_name = names.get(answer.match.partner, answer.match.partner_name)
        shown.append(answer.public.model_copy(update={
            "partner_name": partner_name, "context": [_(word) for word in answer.match.context],
            "reason": answer.match.explained(partner_name=partner_name, theme_names=theme_names),
        }))
    return shown


def country_matches(session: Session, *, code: str, limit: int = 10) -> list[MatchPublic]:
    """Ranked partner countries for `code`; empty until the country has a challenge profile."""
    country = get_country(session, code)
    index = match_index(session)
    key = ("partners", country.code, limit)
    if key not in index.answers:
        ranked = matching.rank_partners(index, country.code, weights(), limit=limit)
        index.answers[key] = [_answer(country.code, m) for m in ranked]
    return _present(session, index.answers[key])


def strongest_pairs(session: Session, *, limit: int = 20) -> list[MatchPublic]:
    index = match_index(session)
    key = ("pairs", limit)
    if key not in index.answers:
        index.answers[key] = [_answer(c, m) for c, m in matching.strongest_pairs(index, weights(), limit=limit)]
    return _present(session, index.answers[key])


def pair(session: Session, *, code: str, partner: str) -> MatchPublic:
    """How `partner` fits `code`'s challenges, explained."""
    country, other = get_country(session, code), get_country(session, partner)
    index = match_index(session)
    match = matching.match_between(index, country.code, other.code, weights())
    if match is None:
        raise NotFound(_("%(country)s has no challenge profile to match against") % {"country": country.name}
                       if country.code != other.code else _("A country is not matched with itself"))
    return _present(session, [_answer(country.code, match)])[0]
