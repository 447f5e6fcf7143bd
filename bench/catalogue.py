"""Catalogue, list API and full-text search latency at 1,000 and at 100,000 ideas.

    python bench/catalogue.py                      # SQLite in a temporary folder
    BENCH_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/bench python bench/catalogue.py

The PostgreSQL database is emptied first. Requests go through the whole app in-process
(routing, dependencies, queries, templates, JSON), without a network hop.
"""

import logging
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
TMP = Path(tempfile.mkdtemp(prefix="bench-catalogue-"))
os.environ["DATABASE_URL"] = os.environ.get("BENCH_DATABASE_URL") or f"sqlite:///{TMP / 'bench.db'}"
os.environ["VAR_DIR"] = str(TMP)
os.environ.setdefault("LOG_LEVEL", "WARNING")

from fastapi.testclient import TestClient  # noqa: E402
from sqlalchemy import insert, text  # noqa: E402

from app.cli import alembic_config  # noqa: E402
from app.db import engine, session_scope  # noqa: E402
from app.main import create_app  # noqa: E402
from app.models.accounts import Role, SignUp  # noqa: E402
from app.models.ideas import Idea, IdeaSdg, IdeaTheme  # noqa: E402
from app.services.accounts import create_user  # noqa: E402
from app.services.reference import read_data_file, seed_reference_data  # noqa: E402

SIZES = (1_000, 100_000)
REQUESTS = 60
BATCH = 5_000
WORDS = ("water solar school clinic farmers market women youth flood drought mobile radio cooperative "
         "village health nutrition energy sanitation teachers savings credit insurance irrigation seeds "
         "forest coastal fishing waste recycling transport housing migrants refugees data registry").split()
RARE = [f"zq{n:04d}" for n in range(500)]  # each rare word appears in ~0.2% of ideas


def prepare_database() -> int:
    from alembic import command

    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    command.upgrade(alembic_config(os.environ["DATABASE_URL"]), "head")
    with session_scope() as session:
        seed_reference_data(session)
        owner = create_user(session, data=SignUp(email="bench@example.org", name="Bench", password="bench-password-1"),
                            roles={Role.submitter})
        session.commit()
        return owner.id


def sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)) + " " + rng.choice(RARE)


def add_ideas(owner_id: int, start: int, stop: int) -> None:
    rng = random.Random(start)
    countries = [c["code"] for c in read_data_file("countries.json")["countries"]]
    themes = [t["code"] for t in read_data_file("themes.json")["themes"]]
    stages = ["submit", "incubate", "pilot", "evaluate", "replicate"]
    for batch_start in range(start, stop, BATCH):
        ids = range(batch_start + 1, min(batch_start + BATCH, stop) + 1)
        ideas = [{
            "id": i, "owner_id": owner_id, "title": f"Idea {i}: {sentence(rng, 4)}", "summary": sentence(rng, 12),
            "problem": sentence(rng, 40), "solution": sentence(rng, 40), "origin_country": rng.choice(countries),
            "organisation": "", "beneficiaries": "", "stage": rng.choice(stages), "status": "active", "version": 1,
            "language": "fr" if i % 10 == 0 else "en",  # one in ten, without drawing from rng (same data as before)
        } for i in ids]
        with engine.begin() as connection:
            connection.execute(insert(Idea.__table__), ideas)
            connection.execute(insert(IdeaTheme.__table__), [{"idea_id": i, "theme_code": rng.choice(themes)} for i in ids])
            connection.execute(insert(IdeaSdg.__table__), [{"idea_id": i, "sdg_number": rng.randint(1, 17)} for i in ids])
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.execute(text("ANALYZE"))
            connection.execute(text("SELECT setval('idea_id_seq', (SELECT max(id) FROM idea))"))


def median_ms(client: TestClient, url: str, headers: dict[str, str]) -> tuple[float, float]:
    client.get(url, headers=headers)  # warm up
    timings = []
    for _ in range(REQUESTS):
        started = time.perf_counter()
        response = client.get(url, headers=headers)
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), statistics.quantiles(timings, n=20)[18]


def main() -> None:
    owner_id = prepare_database()
    client = TestClient(create_app())
    logging.getLogger("httpx").setLevel(logging.WARNING)
    arabic = {"Accept-Language": "ar"}
    urls = {
        "catalogue page": "/solutions",
        "catalogue page in Arabic": ("/solutions", arabic),
        "list API, language filter": "/api/v1/ideas?language=fr&limit=20",
        "list API": "/api/v1/ideas?limit=20",
        "list API, theme filter": "/api/v1/ideas?theme=health&limit=20",
        "full-text search (API)": "/api/v1/ideas?q=zq0042",
        "full-text search (page)": "/solutions?q=zq0042+water",
    }
    print(f"database: {engine.dialect.name}; {REQUESTS} requests each; median / p95 in ms")
    results = {}
    done = 0
    for size in SIZES:
        started = time.perf_counter()
        add_ideas(owner_id, done, size)
        done = size
        print(f"\n{size:,} ideas (seeded in {time.perf_counter() - started:.1f} s)")
        for label, target in urls.items():
            url, headers = target if isinstance(target, tuple) else (target, {})
            median, p95 = median_ms(client, url, headers)
            results[(label, size)] = median
            print(f"  {label:<26} {median:7.2f} / {p95:7.2f}")
    print("\nratio of medians at 100,000 to 1,000 ideas:")
    for label in urls:
        print(f"  {label:<26} {results[(label, SIZES[1])] / results[(label, SIZES[0])]:.2f}x")


if __name__ == "__main__":
    main()
