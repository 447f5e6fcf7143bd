"""Data for the load test: reference and demo data, 10,000 ideas, tokens, open assignments."""

import os
import random
import sys
from pathlib import Path

from sqlalchemy import insert, text

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))


def prepare(url: str, ideas: int) -> dict:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("VAR_DIR", str(Path(url.removeprefix("sqlite:///")).parent) if url.startswith("sqlite") else "/tmp")
    from alembic import command

    from app.cli import alembic_config
    from app.db import engine, session_scope
    from app.models.accounts import User
    from app.models.ideas import Idea, IdeaTheme, Stage
    from app.models.replications import Replication
    from app.models.reviews import Assignment
    from app.services import demo, reference, rubrics, tokens

    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    command.upgrade(alembic_config(url), "head")
    with session_scope() as session:
        reference.seed_reference_data(session)
        rubrics.seed_default_rubrics(session)
        demo.seed_demo(session)
        users = {u.email.split("@")[0]: u for u in session.query(User)}
        first_id = session.execute(text("SELECT max(id) FROM idea")).scalar() + 1
        owner = users["innovator"].id
    rng = random.Random(5)
    countries = ["KEN", "UGA", "PER", "BGD", "IND", "VNM", "SEN", "GHA", "COL", "NPL", "TZA", "BOL", "MAR", "ECU", "EGY"]
    themes = ["health", "water-sanitation", "energy", "education", "food-security", "climate-adaptation"]
    rows = [{"id": first_id + n, "owner_id": owner, "title": f"Load idea {n}", "summary": "A solution for the load test.",
             "problem": f"{rng.choice(themes)} problem in villages number {n}", "solution": "A tested approach.",
             "origin_country": rng.choice(countries), "organisation": "", "beneficiaries": "",
             "stage": rng.choice(["pilot", "evaluate", "replicate", "submit"]), "status": "active", "version": 1}
            for n in range(ideas)]
    with engine.begin() as connection:
        connection.execute(insert(Idea.__table__), rows)
        connection.execute(insert(IdeaTheme.__table__), [{"idea_id": r["id"], "theme_code": rng.choice(themes)} for r in rows])
        if engine.dialect.name == "postgresql":
            connection.execute(text("SELECT setval('idea_id_seq', (SELECT max(id) FROM idea))"))
            connection.execute(text("ANALYZE"))
    with session_scope() as session:
        reviewer = session.get(User, users["reviewer1"].id)
        to_review = [r["id"] for r in rows if r["stage"] == "submit" and r["origin_country"] != "IND"][:2000]
        session.execute(insert(Assignment.__table__), [
            {"idea_id": i, "reviewer_id": reviewer.id, "stage": "submit", "status": "accepted", "created_by_id": reviewer.id,
             "decline_reason": "", "rationale": "load test"} for i in to_review])
        session.commit()
        assignments = [a for (a,) in session.execute(text("SELECT id FROM assignment WHERE rationale = 'load test'"))]
        rubric = rubrics.current_rubric(session, stage=Stage.submit)
        replication = session.query(Replication).filter(Replication.country_code == "KEN").first()
        plan = {
            "public_ideas": [r["id"] for r in rows if r["stage"] != "submit"][:5000],
            "countries": ["BGD", "KEN", "UGA", "PER", "BOL", "IND", "VNM", "SEN", "GHA", "COL", "NPL", "TZA"],
            "submitter_token": tokens.issue_token(session, user=session.get(User, owner))[0],
            "reviewer_token": tokens.issue_token(session, user=reviewer)[0],
            "officer_token": tokens.issue_token(session, user=session.get(User, users["officer.ken"].id))[0],
            "assignments": assignments,
            "rubric_scores": {str(c.id): 4 for c in rubric.criteria},
            "replication": replication.id,
        }
    engine.dispose()
    return plan
