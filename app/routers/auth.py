"""API authentication: bearer tokens and the caller's own account."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response
from fastapi.security import OAuth2PasswordRequestForm

from app.deps import CurrentUser, SessionDep
from app.models.accounts import TokenIssued, UserPublic
from app.routers.responses import errors
from app.services import accounts, personal_data

router = APIRouter(prefix="/api/v1", tags=["accounts"])


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("/auth/token", response_model=TokenIssued, responses=errors(401, 422, 429))
def issue_token(
    form: Annotated[OAuth2PasswordRequestForm, Depends()], request: Request, response: Response, session: SessionDep
):
    value, token = accounts.issue_api_token(
        session, email=form.username, password=form.password, address=client_address(request)
    )
    # An answer carrying a credential must not be kept by any cache (RFC 6749, section 5.1).
    response.headers["Cache-Control"] = "no-store"
    return TokenIssued(access_token=value, expires_at=token.expires_at)


@router.get("/me", response_model=UserPublic, responses=errors(401))
def me(user: CurrentUser):
    return UserPublic.of(user)


@router.get("/me/export", responses=errors(401))
def export_my_data(session: SessionDep, user: CurrentUser) -> dict:
    """Everything the lab holds about the caller."""
    return personal_data.export_user_data(session, user=user)
