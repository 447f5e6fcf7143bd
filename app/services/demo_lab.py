"""Demo country profiles and replications, added through the same services as real ones."""

from datetime import date

from sqlmodel import Session, select

from app.models.accounts import User
from app.models.countries import ChallengeIn
from app.models.ideas import Idea
from app.models.replication_schemas import IndicatorSpec, ProgressUpdateIn, ReplicationCreate, ValueIn
from app.models.replications import ReplicationStatus
from app.services import challenges, replications
from app.services.reference import read_data_file

ORDER = [ReplicationStatus.planned, ReplicationStatus.in_progress, ReplicationStatus.completed]


def seed_demo_profiles(session: Session, *, manager: User) -> int:
    profiles = read_data_file("demo_ideas.json")["challenges"]
    for code, items in profiles.items():
        challenges.replace_challenges(session, actor=manager, code=code,
                                      items=[ChallengeIn(theme=t, priority=p, description=d) for t, p, d in items])
    return len(profiles)


def seed_demo_replications(session: Session, *, users: dict[str, User], manager: User) -> int:
    entries = read_data_file("demo_ideas.json")["replications"]
    for entry in entries:
        idea = session.exec(select(Idea).where(Idea.title == entry["solution"])).one()
        actor = users.get(entry["officer"]) or manager
        indicator = entry["indicator"]
        data = ReplicationCreate(
            idea_id=idea.id, country=entry["country"], adaptation_notes=entry["notes"], partners=entry["partners"],
            budget=entry["budget"], starts_on=_day(entry["starts_on"]), ends_on=_day(entry["ends_on"]),
            indicators=[IndicatorSpec(name=indicator[0], unit=indicator[1], baseline=indicator[2], target=indicator[3])] if indicator else [],
        )
        replication = replications.propose_replication(session, actor=actor, data=data)
        target = ReplicationStatus(entry["status"])
        for status in ORDER[: ORDER.index(target) + 1] if target in ORDER else []:
            replications.change_status(session, actor=actor, replication_id=replication.id, to=status,
                                       expected_version=replication.version)
        for day, value, note in entry["updates"]:
            replications.add_progress_update(session, actor=actor, replication_id=replication.id, data=ProgressUpdateIn(
                note=note, happened_on=date.fromisoformat(day), values=[ValueIn(indicator_id=replication.indicators[0].id, value=value)]))
    return len(entries)


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None
