"""The solutions-lab command: migrate, seed, users, serve."""

import argparse
import sys

from app.config import PROJECT_DIR, settings


def alembic_config(url: str | None = None):
    from alembic.config import Config

    config = Config(str(PROJECT_DIR / "alembic.ini"))
    config.set_main_option("script_location", str(PROJECT_DIR / "migrations"))
    config.attributes["database_url"] = url or settings.resolved_database_url
    return config


def cmd_migrate(args: argparse.Namespace) -> int:
    from alembic import command

    command.upgrade(alembic_config(), args.revision)
    print(f"Database migrated to {args.revision}.")
    return 0


def cmd_seed(args: argparse.Namespace) -> int:
    from app.db import session_scope
    from app.services import demo, reference, rubrics

    with session_scope() as session:
        for name, count in reference.seed_reference_data(session).items():
            print(f"{name}: {count}")
        print(f"rubrics: {rubrics.seed_default_rubrics(session)} added")
        if args.demo:
            for line in demo.seed_demo(session):
                print(line)
    return 0


def cmd_notify(args: argparse.Namespace) -> int:
    from datetime import date

    from app.db import session_scope
    from app.services import assignments, notifications

    with session_scope() as session:
        reminded = assignments.remind_overdue(session, today=date.today())
        sent, failed = notifications.deliver_outbox(session)
    print(f"reminders: {reminded}; emails sent: {sent}, failed (kept for a retry): {failed}")
    return 0 if failed == 0 else 1


def cmd_backup(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.services.backup import backup

    print(f"Backup written to {backup(settings.resolved_database_url, Path(args.path))}.")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from pathlib import Path

    from app.services.backup import restore

    restore(settings.resolved_database_url, Path(args.path))
    print(f"Database restored from {args.path}.")
    return 0


def cmd_audit_verify(args: argparse.Namespace) -> int:
    from app.db import session_scope
    from app.services.audit import verify_chain

    with session_scope(write=False) as session:
        verdict = verify_chain(session)
    if verdict.intact:
        print(f"Audit log intact: {verdict.checked} events checked.")
        return 0
    print(f"Audit log tampered with: event {verdict.first_bad_id} — {verdict.problem} "
          f"({verdict.checked} events before it are intact).")
    return 1


def cmd_serve(args: argparse.Namespace) -> int:
    import uvicorn

    uvicorn.run(
        "app.main:create_app", factory=True, host=args.host, port=args.port,
        workers=args.workers, proxy_headers=True, forwarded_allow_ips="127.0.0.1", access_log=False,
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="solutions-lab", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    migrate = sub.add_parser("migrate", help="apply the database migrations")
    migrate.add_argument("revision", nargs="?", default="head")
    migrate.set_defaults(func=cmd_migrate)

    seed = sub.add_parser("seed", help="load reference data (and demo data with --demo)")
    seed.add_argument("--demo", action="store_true", help="add demo users and ideas when there are none")
    seed.set_defaults(func=cmd_seed)

    notify = sub.add_parser("notify", help="remind overdue reviewers and send (or retry) queued emails")
    notify.set_defaults(func=cmd_notify)

    backup = sub.add_parser("backup", help="write a backup of the database to PATH")
    backup.add_argument("path")
    backup.set_defaults(func=cmd_backup)
    restore = sub.add_parser("restore", help="replace the database with the backup at PATH")
    restore.add_argument("path")
    restore.set_defaults(func=cmd_restore)

    audit = sub.add_parser("audit", help="the audit log")
    audit_sub = audit.add_subparsers(dest="audit_command", required=True)
    audit_sub.add_parser("verify", help="check the hash chain; names the first tampered event").set_defaults(func=cmd_audit_verify)

    serve = sub.add_parser("serve", help="serve the web app")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1)
    serve.set_defaults(func=cmd_serve)

    from app.cli_users import add_user_commands

    add_user_commands(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
