"""Who may do what: small predicates used by services, routers' dependencies and templates."""

from app.models.accounts import Role, User


def has_role(user: User | None, *roles: Role) -> bool:
    return user is not None and user.is_active and bool(user.roles & set(roles))


def is_admin(user: User | None) -> bool:
    return has_role(user, Role.admin)


def is_lab_manager(user: User | None) -> bool:
    """Lab managers run the stage gates; admins may do everything a lab manager does."""
    return has_role(user, Role.lab_manager, Role.admin)


def can_manage_users(user: User | None) -> bool:
    return is_admin(user)


def is_country_officer_of(user: User | None, country_code: str | None) -> bool:
    return has_role(user, Role.country_officer) and country_code is not None and user.country_code == country_code
