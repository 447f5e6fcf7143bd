"""Replications as the API and the pages show them: progress, overdue flags, lists."""

from datetime import date

from sqlmodel import Session, select

from app.config import settings
from app.errors import Unauthorized, ValidationFailed
from app.i18n import _
from app.models.accounts import User
from app.models.ideas import Idea
from app.models.replication_schemas import IndicatorProgress, ProgressUpdatePublic, ReplicationPage, ReplicationPublic
from app.models.replications import ProgressUpdate, ProgressValue, Replication, ReplicationStatus
from app.services.ideas import decode_cursor, encode_cursor
from app.services.progress import indicator_progress, is_overdue
from app.services.replications import get_replication


def present(session: Session, replications: list[Replication], *, today: date | None = None) -> list[ReplicationPublic]:
    """Many replications with their progress, in a fixed number of queries."""
    if not replications:
        return []
    today = today or date.today()
    ids = [r.id for r in replications]
    ideas = {i.id: i for i in session.exec(select(Idea).where(Idea.id.in_({r.idea_id for r in replications})))}
    rows = session.exec(
        select(ProgressUpdate.replication_id, ProgressUpdate.happened_on, ProgressValue.indicator_id, ProgressValue.value)
        .join(ProgressValue, ProgressValue.update_id == ProgressUpdate.id, isouter=True)
        .where(ProgressUpdate.replication_id.in_(ids)).order_by(ProgressUpdate.happened_on, ProgressUpdate.id)
    ).all()
    latest_value, last_update = {}, {}
    for replication_id, happened_on, indicator_id, value in rows:  # oldest first: later rows win
        last_update[replication_id] = happened_on
        if indicator_id is not None:
            latest_value[indicator_id] = value
    return [_one(r, ideas[r.idea_id], latest_value, last_update.get(r.id), today) for r in replications]


def _one(r: Replication, idea: Idea, latest: dict[int, float], last_update_on: date | None, today: date) -> ReplicationPublic:
    return ReplicationPublic(
        id=r.id, idea_id=r.idea_id, idea_title=idea.title, origin_country=idea.origin_country, country=r.country_code,
        status=r.status, version=r.version, starts_on=r.starts_on, ends_on=r.ends_on, budget=r.budget, partners=r.partners,
        adaptation_notes=r.adaptation_notes, discontinued_reason=r.discontinued_reason,
        leads=sorted(lead.user_id for lead in r.lead_rows),
        indicators=[IndicatorProgress(id=i.id, name=i.name, unit=i.unit, baseline=i.baseline, target=i.target,
                                      latest=latest.get(i.id), progress=indicator_progress(i.baseline, i.target, latest.get(i.id)))
                    for i in r.indicators],
        last_update_on=last_update_on,
        overdue=is_overdue(r.status, last_update_on=last_update_on, started_on=r.starts_on or r.created_at.date(),
                           today=today, days=settings.replication_overdue_days),
        created_at=r.created_at, updated_at=r.updated_at,
    )


def list_replications(session: Session, *, viewer: User | None, country: str | None = None,
                      status: ReplicationStatus | None = None, idea_id: int | None = None,
                      cursor: str | None = None, limit: int = 50) -> ReplicationPage:
    """Every signed-in user reads replications; newest first, a page at a time."""
    if viewer is None:
        raise Unauthorized(_("Please sign in."))
    if not 1 <= limit <= 200:
        raise ValidationFailed(_("limit must be between 1 and 200"), fields={"limit": _("out of range")})
    statement = select(Replication)
    if country:
        statement = statement.where(Replication.country_code == country.upper())
    if status is not None:
        statement = statement.where(Replication.status == status)
    if idea_id is not None:
        statement = statement.where(Replication.idea_id == idea_id)
    after = decode_cursor(cursor)
    if after is not None:
        statement = statement.where(Replication.id < after)
    rows = list(session.exec(statement.order_by(Replication.id.desc()).limit(limit + 1)))
    next_cursor = encode_cursor(rows[limit - 1].id) if len(rows) > limit else None
    return ReplicationPage(items=present(session, rows[:limit]), next_cursor=next_cursor)


def read_replication(session: Session, *, viewer: User | None, replication_id: int) -> ReplicationPublic:
    return present(session, [get_replication(session, viewer=viewer, replication_id=replication_id)])[0]


def progress_updates(session: Session, *, viewer: User | None, replication_id: int) -> list[ProgressUpdatePublic]:
    replication = get_replication(session, viewer=viewer, replication_id=replication_id)
    updates = session.exec(select(ProgressUpdate).where(ProgressUpdate.replication_id == replication.id)
                           .order_by(ProgressUpdate.happened_on.desc(), ProgressUpdate.id.desc()))
    return [ProgressUpdatePublic(id=u.id, note=u.note, happened_on=u.happened_on, author_id=u.author_id,
                                 values={v.indicator_id: v.value for v in u.values}) for u in updates]
