"""Eight lab managers press "advance" at once: exactly one wins, one transition is written.

The requests run in real threads with their own database connections and commits, so this
test builds and removes its own committed data instead of using the rolled-back session.
"""

from concurrent.futures import ThreadPoolExecutor
from threading import Barrier

from sqlalchemy import delete
from sqlmodel import select

from app.db import open_session
from app.errors import Conflict
from app.models.accounts import Role, User
from app.models.ideas import Idea, Transition
from tests.factories import make_user
from tests.idea_factories import make_idea

THREADS = 8


def advance_once(idea_id: int, manager_id: int, barrier: Barrier) -> str:
    from app.services.stages import change_stage

    barrier.wait(timeout=30)  # before any query: a waiting thread must not hold the SQLite write lock
    session = open_session(write=True)
    try:
        manager = session.get(User, manager_id)
        change_stage(session, idea_id=idea_id, actor=manager, to="incubate", expected_version=1,
                     reason="Concurrent decision", override=True)
        return "ok"
    except Conflict:
        return "conflict"
    finally:
        session.close()


def test_concurrent_advances_exactly_one_succeeds(migrated_database):
    setup = open_session()
    owner = make_user(setup, roles=[Role.submitter])
    manager = make_user(setup, roles=[Role.lab_manager])
    idea = make_idea(setup, owner=owner)
    ids = (idea.id, owner.id, manager.id)
    setup.close()
    try:
        barrier = Barrier(THREADS)
        with ThreadPoolExecutor(THREADS) as pool:
            outcomes = list(pool.map(lambda _: advance_once(ids[0], ids[2], barrier), range(THREADS)))
        assert sorted(outcomes) == ["conflict"] * (THREADS - 1) + ["ok"]
        with open_session() as check:
            transitions = list(check.exec(select(Transition).where(Transition.idea_id == ids[0])))
            final = check.get(Idea, ids[0])
            assert (len(transitions), final.stage.value, final.version) == (1, "incubate", 2)
    finally:
        with open_session() as cleanup:
            cleanup.exec(delete(Transition).where(Transition.idea_id == ids[0]))
            cleanup.exec(delete(Idea).where(Idea.id == ids[0]))
            cleanup.exec(delete(User).where(User.id.in_(ids[1:])))
            cleanup.commit()
