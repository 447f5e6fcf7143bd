"""solutions-lab users create EMAIL --role ROLE [--role …] [--country ISO3] [--name NAME]"""

import argparse
import getpass
import sys

from app.models.accounts import Role


def cmd_users_create(args: argparse.Namespace) -> int:
    from app.db import session_scope
    from app.errors import ValidationFailed
    from app.models.accounts import SignUp
    from app.services import accounts

    password = _read_password()
    try:
        data = SignUp(email=args.email, name=args.name or args.email.split("@")[0], password=password, country=args.country)
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    with session_scope() as session:
        try:
            user = accounts.create_user(session, data=data, roles={Role(r) for r in args.role})
            session.commit()
        except ValidationFailed as exc:
            for field, message in exc.extra["fields"].items():
                print(f"error: {field}: {message}", file=sys.stderr)
            return 2
        print(f"Created user {user.id} <{user.email}> with roles {', '.join(sorted(r.value for r in user.roles))}.")
    return 0


def _read_password() -> str:
    """The password from standard input: a prompt on a terminal, the first line of a pipe."""
    if sys.stdin.isatty():
        return getpass.getpass("Password: ")
    return sys.stdin.readline().rstrip("\r\n")


def add_user_commands(sub) -> None:
    users = sub.add_parser("users", help="manage accounts")
    users_sub = users.add_subparsers(dest="users_command", required=True)
    create = users_sub.add_parser("create", help="create an account; the password is read from standard input")
    create.add_argument("email")
    create.add_argument("--role", action="append", required=True, choices=[r.value for r in Role])
    create.add_argument("--country", help="ISO 3166-1 alpha-3 code")
    create.add_argument("--name")
    create.set_defaults(func=cmd_users_create)
