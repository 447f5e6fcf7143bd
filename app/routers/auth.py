"""API authentication: bearer tokens and the caller's own account."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.security import OAuth2PasswordRequestForm

from app.deps import CurrentUser, SessionDep
from app.models.accounts import TokenIssued, UserPublic
from app.routers.responses import errors
from app.services import accounts

router = APIRouter(prefix="/api/v1", tags=["accounts"])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/auth/token", response_model=TokenIssued, responses=errors(401, 422, 429))
def issue_token(form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, session: SessionDep):
    value, token = accounts.issue_api_token(
        session, email=form.username, password=form.password, address=client_address(request)
    )
    return TokenIssued(access_token=value, expires_at=token.expires_at)


@router.get("/me", response_model=UserPublic, responses=errors(401))
def me(user: CurrentUser):
    return UserPublic.of(user)
