"""Pages to sign up, sign in and out, and keep one's own account."""

from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import HTMLResponse, JSONResponse

from app.deps import SESSION_COOKIE, CurrentUser, IdentityDep, OptionalUser, SessionDep, cookie_settings, require_role
from app.errors import Unauthorized, ValidationFailed
from app.i18n import _
from app.models.accounts import AccountUpdate, PasswordChange, Role, SignUp, User
from app.models.review_schemas import DeclaredConflictIn
from app.routers.auth import client_address
from app.routers.web import parse_form, redirect, render, safe_next
from app.services import accounts, declared_conflicts, personal_data, reference, rules, sessions, tokens

router = APIRouter(include_in_schema=False)


def _signed_in(response, key: str):
    response.set_cookie(SESSION_COOKIE, key, **cookie_settings())
    return response


@router.get("/signin", response_class=HTMLResponse)
def signin_form(request: Request, user: OptionalUser, next: str = "/"):
    if user is not None:
        return redirect(safe_next(next))
    return render(request, "accounts/signin.html", {"next": safe_next(next), "form": {}, "errors": {}}, private=True)


@router.post("/signin", response_class=HTMLResponse)
def signin(
    request: Request, session: SessionDep,
    email: Annotated[str, Form(max_length=254)] = "", password: Annotated[str, Form(max_length=1024)] = "",
    next: Annotated[str, Form(max_length=500)] = "/",
):
    # A blank field is a mistake to point at, not a failed sign-in to count against the throttle.
    missing = {name: _("This field is required.") for name, value in (("email", email), ("password", password)) if not value}
    if missing:
        return _signin_page(request, next=next, email=email, errors=missing, status_code=422)
    try:
        _user, key = accounts.sign_in(session, email=email, password=password, address=client_address(request))
    except Unauthorized as exc:
        return _signin_page(request, next=next, email=email, errors={"form": exc.detail}, status_code=401)
    return _signed_in(redirect(safe_next(next), flash=_("Welcome back.")), key)


def _signin_page(request: Request, *, next: str, email: str, errors: dict, status_code: int):
    context = {"next": safe_next(next), "form": {"email": email}, "errors": errors}
    return render(request, "accounts/signin.html", context, status_code=status_code, private=True)


@router.get("/signup", response_class=HTMLResponse)
def signup_form(request: Request, session: SessionDep, user: OptionalUser):
    if user is not None:
        return redirect("/account")
    countries = reference.list_countries(session)
    return render(request, "accounts/signup.html", {"form": {}, "errors": {}, "countries": countries}, private=True)


@router.post("/signup", response_class=HTMLResponse)
async def signup(request: Request, session: SessionDep):
    form = dict(await request.form())
    fields = {k: form.get(k, "") for k in ("email", "name", "password", "organisation", "country")}
    fields["country"] = fields["country"] or None
    data, errors = parse_form(SignUp, fields)
    try:
        if data is not None:
            _user, key = accounts.sign_up(session, data=data)
            return _signed_in(redirect("/my/ideas", flash=_("Welcome to Solutions Lab! Your account is ready.")), key)
    except ValidationFailed as exc:
        errors = exc.extra["fields"]
    fields.pop("password")
    context = {"form": fields, "errors": errors, "countries": reference.list_countries(session)}
    return render(request, "accounts/signup.html", context, status_code=422, private=True)


@router.post("/signout")
def signout(session: SessionDep, identity: IdentityDep):
    if identity.session_key:
        sessions.end_session(session, key=identity.session_key)
    response = redirect("/", flash=_("You are signed out."))
    response.delete_cookie(SESSION_COOKIE, path="/")
    return response


def _account_page(request: Request, session, user, *, form=None, errors=None, status_code=200, conflict=None):
    context = {
        "form": form or {"name": user.name, "organisation": user.organisation, "country": user.country_code or "",
                         "languages": " ".join(user.languages), "expertise": user.expertise,
                         "interface_language": user.interface_language or ""},
        "errors": errors or {},
        "countries": reference.list_countries(session),
        "themes": reference.list_themes(session),
        "tokens": tokens.list_tokens(session, user=user),
        "roles": sorted(role.value for role in user.roles),
        "declares_conflicts": rules.can_declare_conflicts(user),
        "conflicts": declared_conflicts.list_declared_conflicts(session, actor=user),
        "conflict": conflict or {"form": {}, "errors": {}},
    }
    return render(request, "accounts/account.html", context, status_code=status_code)


@router.get("/account", response_class=HTMLResponse)
def account(request: Request, session: SessionDep, user: CurrentUser):
    return _account_page(request, session, user)


@router.post("/account", response_class=HTMLResponse)
async def update_account(request: Request, session: SessionDep, user: CurrentUser):
    form = await request.form()
    fields = {
        "name": form.get("name", ""), "organisation": form.get("organisation", ""),
        "country": form.get("country") or None, "languages": str(form.get("languages", "")).replace(",", " ").split(),
        "expertise": form.getlist("expertise"), "interface_language": form.get("interface_language") or None,
    }
    data, errors = parse_form(AccountUpdate, fields)
    try:
        if data is not None:
            accounts.update_account(session, user=user, data=data)
            return redirect("/account", flash=_("Your account is saved."))
    except ValidationFailed as exc:
        errors = exc.extra["fields"]
    shown = {**fields, "country": fields["country"] or "", "languages": " ".join(fields["languages"]),
             "interface_language": fields["interface_language"] or ""}
    return _account_page(request, session, user, form=shown, errors=errors, status_code=422)


@router.post("/account/password", response_class=HTMLResponse)
def change_password(
    request: Request, session: SessionDep, user: CurrentUser, identity: IdentityDep,
    current_password: Annotated[str, Form(max_length=1024)] = "", new_password: Annotated[str, Form(max_length=1024)] = "",
):
    try:
        data = PasswordChange(current_password=current_password, new_password=new_password)
        accounts.change_password(session, user=user, data=data, keep_key=identity.session_key)
    except ValidationFailed as exc:
        return _account_page(request, session, user, errors=exc.extra["fields"], status_code=422)
    return redirect("/account", flash=_("Your password is changed; your other sessions are signed out."))


@router.post("/account/tokens/{token_id}/revoke")
def revoke_token(token_id: int, session: SessionDep, user: CurrentUser):
    tokens.revoke_token(session, user=user, token_id=token_id)
    return redirect("/account", flash=_("The token is revoked."))


# ---- a reviewer's declared conflicts of interest ----

Reviewer = require_role(Role.reviewer)
CONFLICT_FIELDS = ("email", "organisation", "note")


@router.post("/account/conflicts", response_class=HTMLResponse)
async def declare_conflict(request: Request, session: SessionDep, user: User = Reviewer):
    form = await request.form()
    shown = {name: str(form.get(f"conflict_{name}", "")) for name in CONFLICT_FIELDS}
    data, errors = parse_form(DeclaredConflictIn, shown)
    try:
        if data is None:
            raise ValidationFailed(_("Please check your input"), fields=errors)
        declared_conflicts.add_declared_conflict(session, actor=user, data=data)
    except ValidationFailed as exc:
        conflict = {"form": shown, "errors": {f"conflict_{k}": v for k, v in exc.extra.get("fields", {}).items()}}
        return _account_page(request, session, user, conflict=conflict, status_code=422)
    return redirect("/account#conflicts", flash=_("Your conflict of interest is declared: you will not be assigned such ideas."))


@router.post("/account/conflicts/{conflict_id}/remove")
def remove_conflict(conflict_id: int, session: SessionDep, user: User = Reviewer):
    declared_conflicts.remove_declared_conflict(session, actor=user, conflict_id=conflict_id)
    return redirect("/account#conflicts", flash=_("The declared conflict is removed."))


@router.get("/account/export")
def export_my_data(session: SessionDep, user: CurrentUser):
    """Everything the lab holds about the signed-in user, as a JSON download."""
    data = personal_data.export_user_data(session, user=user)
    return JSONResponse(data, headers={"Content-Disposition": 'attachment; filename="my-solutions-lab-data.json"'})
