"""Accounts: sign-up, sign-in, profile and password changes, and the admin's user edits."""

import re

from sqlalchemy import func
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from app import i18n
from app.i18n import _
from app.errors import Forbidden, NotFound, Unauthorized, ValidationFailed
from app.models.accounts import (
    AccountUpdate, AdminUserUpdate, PasswordChange, Role, SignUp, User, UserExpertise, UserRole,
)
from app.models.reference import Country, Theme
from app.services import audit, sessions, throttle
from app.services.tokens import issue_token
from app.services.passwords import hash_password, password_problem, verify_password
from app.services.rules import can_manage_users

LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.exec(select(User).where(User.email == normalise_email(email))).first()


def create_user(session: Session, *, data: SignUp, roles: set[Role]) -> User:
    """A new account; the address must be free and the password acceptable."""
    problems = {}
    if find_user_by_email(session, data.email):
        problems["email"] = _("An account with this email address exists already.")
    if problem := password_problem(data.password):
        problems["password"] = problem
    if data.country and session.get(Country, data.country.upper()) is None:
        problems["country"] = _("Choose a country from the list.")
    if problems:
        raise ValidationFailed(_("Please check your input"), fields=problems)
    user = User(
        email=normalise_email(data.email), name=data.name, organisation=data.organisation,
        country_code=data.country.upper() if data.country else None, password_hash=hash_password(data.password),
    )
    user.role_rows = [UserRole(role=role) for role in sorted(roles, key=lambda r: r.value)]
    session.add(user)
    try:
        session.flush()
    except IntegrityError as exc:  # the same address signed up at the same moment
        session.rollback()
        raise ValidationFailed(_("Please check your input"),
                               fields={"email": _("An account with this email address exists already.")}) from exc
    return user


def sign_up(session: Session, *, data: SignUp) -> tuple[User, str]:
    """Anyone may sign up; they become a submitter and are signed in."""
    user = create_user(session, data=data, roles={Role.submitter})
    audit.record(session, kind="signup", actor_id=user.id, subject=f"user:{user.id}")
    key = sessions.start_session(session, user=user)
    session.commit()
    return user, key


def authenticate(session: Session, *, email: str, password: str, address: str) -> User:
    """The account behind an email and password, throttled per account and per address."""
    email = normalise_email(email)
    throttle.check_signin_allowed(session, email=email, address=address)
    user = find_user_by_email(session, email)
    if not verify_password(password, user.password_hash if user else None) or not user.is_active:
        throttle.record_failure(session, email=email, address=address)
        audit.record(session, kind="signin_failed", actor_id=None, subject=f"email:{email}"[:100], data={"address": address})
        session.commit()
        raise Unauthorized(_("Wrong email address or password."))
    return user


def sign_in(session: Session, *, email: str, password: str, address: str) -> tuple[User, str]:
    user = authenticate(session, email=email, password=password, address=address)
    audit.record(session, kind="signin", actor_id=user.id, subject=f"user:{user.id}", data={"address": address})
    key = sessions.start_session(session, user=user)
    session.commit()
    return user, key


def change_password(session: Session, *, user: User, data: PasswordChange, keep_key: str | None) -> None:
    """A password change ends every other session of the user."""
    if not verify_password(data.current_password, user.password_hash):
        raise ValidationFailed(_("Please check your input"), fields={"current_password": _("This is not your current password.")})
    if problem := password_problem(data.new_password):
        raise ValidationFailed(_("Please check your input"), fields={"new_password": problem})
    user.password_hash = hash_password(data.new_password)
    session.add(user)
    sessions.end_all_sessions(session, user_id=user.id, keep_key=keep_key)
    audit.record(session, kind="password_changed", actor_id=user.id, subject=f"user:{user.id}")
    session.commit()


def update_account(session: Session, *, user: User, data: AccountUpdate) -> User:
    problems = _check_references(session, country=data.country, themes=data.expertise)
    bad_languages = [code for code in data.languages if not LANGUAGE_CODE.match(code)]
    if bad_languages:
        problems["languages"] = _("Use ISO 639 language codes such as en, fr, ar.")
    if data.interface_language and data.interface_language not in i18n.SUPPORTED:
        problems["interface_language"] = _("Choose one of the languages offered.")
    if problems:
        raise ValidationFailed(_("Please check your input"), fields=problems)
    user.name, user.organisation = data.name.strip(), data.organisation.strip()
    user.country_code = data.country.upper() if data.country else None
    user.languages = sorted(set(data.languages))
    user.interface_language = data.interface_language or None
    _replace_rows(user, "expertise_rows", [UserExpertise(theme_code=code) for code in sorted(set(data.expertise))])
    session.add(user)
    session.commit()
    return user


def admin_update_user(session: Session, *, actor: User, user_id: int, data: AdminUserUpdate) -> User:
    """Admins set roles, country and the active flag; they cannot lock themselves out."""
    if not can_manage_users(actor):
        raise Forbidden(_("Only an admin manages accounts."))
    user = get_user(session, user_id=user_id)
    if user.id == actor.id and (Role.admin not in data.roles or not data.is_active):
        raise ValidationFailed(_("Please check your input"), fields={"roles": _("You cannot remove your own admin role or deactivate yourself.")})
    if problems := _check_references(session, country=data.country, themes=[]):
        raise ValidationFailed(_("Please check your input"), fields=problems)
    before = {"roles": sorted(r.value for r in user.roles), "country": user.country_code, "active": user.is_active}
    _replace_rows(user, "role_rows", [UserRole(role=role) for role in sorted(set(data.roles), key=lambda r: r.value)])
    user.country_code = data.country.upper() if data.country else None
    user.is_active = data.is_active
    session.add(user)
    if not user.is_active:
        sessions.end_all_sessions(session, user_id=user.id)
    after = {"roles": sorted(r.value for r in data.roles), "country": user.country_code, "active": user.is_active}
    audit.record(session, kind="account_changed", actor_id=actor.id, subject=f"user:{user.id}", data={"before": before, "after": after})
    session.commit()
    return user


def get_user(session: Session, *, user_id: int) -> User:
    user = session.get(User, user_id)
    if user is None:
        raise NotFound(_("No such user"))
    return user


def list_users(session: Session, *, actor: User, q: str = "") -> list[User]:
    if not can_manage_users(actor):
        raise Forbidden(_("Only an admin manages accounts."))
    statement = select(User).order_by(func.lower(User.name))
    if q:
        pattern = f"%{q.strip().lower()}%"
        statement = statement.where(func.lower(User.name).like(pattern) | User.email.like(pattern))
    return list(session.exec(statement.limit(500)))


def _check_references(session: Session, *, country: str | None, themes: list[str]) -> dict[str, str]:
    problems = {}
    if country and session.get(Country, country.upper()) is None:
        problems["country"] = _("Choose a country from the list.")
    known = set(session.exec(select(Theme.code))) if themes else set()
    if set(themes) - known:
        problems["expertise"] = _("Choose themes from the list.")
    return problems


def _replace_rows(user: User, attribute: str, rows: list) -> None:
    """Replace a user's link rows, keeping the ones that stay (no delete-and-insert of the same key)."""
    wanted = {_key(row): row for row in rows}
    current = getattr(user, attribute)
    kept = [row for row in current if _key(row) in wanted]
    kept_keys = {_key(row) for row in kept}
    setattr(user, attribute, kept + [row for key, row in wanted.items() if key not in kept_keys])


def _key(row) -> str:
    return str(getattr(row, "role", None) or getattr(row, "theme_code", None))


def issue_api_token(session: Session, *, email: str, password: str, address: str):
    """A bearer token for an API client that proves its password (throttled like sign-in)."""
    user = authenticate(session, email=email, password=password, address=address)
    return issue_token(session, user=user)


def offered_language(code: str) -> str:
    """`code` if the interface speaks it, else the switcher's field error."""
    if code not in i18n.SUPPORTED:
        raise ValidationFailed(_("Please check your input"), fields={"language": _("Choose one of the languages offered.")})
    return code


def set_interface_language(session: Session, *, user: User, code: str) -> User:
    """The switcher, for a signed-in person: the interface speaks `code` to them from now on."""
    user.interface_language = offered_language(code)
    session.add(user)
    session.commit()
    return user
