"""The country challenge profiles and country-pair matching API."""

from typing import Annotated

from fastapi import APIRouter, Query

from app.deps import CurrentUser, SessionDep
from app.models.countries import ChallengeIn, ChallengePublic, MatchPublic
from app.routers.responses import errors
from app.services import challenges, matches

router = APIRouter(prefix="/api/v1", tags=["countries and matching"])


@router.get("/countries/{code}/challenges", response_model=list[ChallengePublic], responses=errors(404))
def read_challenges(code: str, session: SessionDep):
    return challenges.list_challenges(session, code=code)


@router.put("/countries/{code}/challenges", response_model=list[ChallengePublic], responses=errors(401, 403, 404, 422))
def save_challenges(code: str, items: list[ChallengeIn], session: SessionDep, user: CurrentUser):
    return challenges.replace_challenges(session, actor=user, code=code, items=items)


@router.get("/countries/{code}/matches", response_model=list[MatchPublic], responses=errors(404, 422))
def country_matches(code: str, session: SessionDep, limit: Annotated[int, Query(ge=1, le=100)] = 10):
    return matches.country_matches(session, code=code, limit=limit)


@router.get("/matches/pairs", response_model=list[MatchPublic], responses=errors(422))
def strongest_pairs(session: SessionDep, limit: Annotated[int, Query(ge=1, le=100)] = 20):
    return matches.strongest_pairs(session, limit=limit)


@router.get("/pairs/{code}/{partner}", response_model=MatchPublic, responses=errors(404))
def pair(code: str, partner: str, session: SessionDep):
    return matches.pair(session, code=code, partner=partner)
