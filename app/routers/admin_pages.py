"""The admin's pages: the list of accounts and editing one."""

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from app.deps import SessionDep, require_role
from app.errors import ValidationFailed
from app.i18n import _
from app.models.accounts import AdminUserUpdate, Role, User
from app.routers.web import parse_form, redirect, render
from app.services import accounts, personal_data, reference

router = APIRouter(prefix="/admin", include_in_schema=False)
AdminUser = require_role(Role.admin)


@router.get("/users", response_class=HTMLResponse)
def users(request: Request, session: SessionDep, actor: User = AdminUser, q: str = ""):
    return render(request, "admin/users.html", {"users": accounts.list_users(session, actor=actor, q=q), "q": q})


def _edit_page(request: Request, session, target: User, *, form: dict, errors: dict, status_code: int = 200):
    context = {
        "target": target, "form": form, "errors": errors, "all_roles": [role.value for role in Role],
        "countries": reference.list_countries(session),
    }
    return render(request, "admin/user_edit.html", context, status_code=status_code)


@router.get("/users/{user_id}", response_class=HTMLResponse)
def edit_user(user_id: int, request: Request, session: SessionDep, actor: User = AdminUser):
    target = accounts.get_user(session, user_id=user_id)
    form = {"roles": [role.value for role in target.roles], "country": target.country_code or "", "is_active": target.is_active}
    return _edit_page(request, session, target, form=form, errors={})


@router.post("/users/{user_id}", response_class=HTMLResponse)
async def save_user(user_id: int, request: Request, session: SessionDep, actor: User = AdminUser):
    form = await request.form()
    fields = {"roles": form.getlist("roles"), "country": form.get("country") or None, "is_active": form.get("is_active") == "on"}
    data, errors = parse_form(AdminUserUpdate, fields)
    try:
        if data is not None:
            target = accounts.admin_update_user(session, actor=actor, user_id=user_id, data=data)
            return redirect("/admin/users", flash=_("%(name)s's account is saved.") % {"name": target.name})
    except ValidationFailed as exc:
        errors = exc.extra["fields"]
    target = accounts.get_user(session, user_id=user_id)
    return _edit_page(request, session, target, form={**fields, "country": fields["country"] or ""}, errors=errors, status_code=422)


@router.post("/users/{user_id}/erase")
def erase_user(user_id: int, session: SessionDep, actor: User = AdminUser):
    personal_data.erase_user(session, actor=actor, user_id=user_id)
    return redirect("/admin/users", flash=_("The account is erased; its contributions stay, anonymous."))
