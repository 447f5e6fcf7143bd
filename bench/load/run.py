"""Load test: `solutions-lab serve --workers 2` with 10,000 ideas, driven from another process.

    python bench/load/run.py                       # SQLite in a temporary folder
    LOAD_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/load python bench/load/run.py
    LOAD_SECONDS=120 LOAD_RATE=100 ...             # the defaults

1. Throughput ceiling with wrk (closed loop, 10 s each): the bare /livez endpoint (no database
   work) and the list API; their ratio says how much of the framework's speed the app keeps.
2. A fixed rate (LOAD_RATE requests/s for LOAD_SECONDS) of 90% reads (catalogue page, idea
   page, list API, country matches) and 10% writes (idea drafts, reviews, progress updates),
   open loop: latency is measured from when each request was due, so queueing counts.
Only loopback addresses are used; every loop is bounded in count and time.
"""

import asyncio
import os
import random
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import aiohttp
import httpx

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
TMP = Path(tempfile.mkdtemp(prefix="bench-load-"))
URL = os.environ.get("LOAD_DATABASE_URL") or f"sqlite:///{TMP / 'load.db'}"
SECONDS = int(os.environ.get("LOAD_SECONDS", "120"))
RATE = int(os.environ.get("LOAD_RATE", "100"))
IDEAS = 10_000
ENV = {**os.environ, "DATABASE_URL": URL, "VAR_DIR": str(TMP), "LOG_LEVEL": os.environ.get("LOAD_LOG_LEVEL", "WARNING")}

from setup import prepare  # noqa: E402  (bench/load/setup.py, run in this process)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_server(port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(ROOT / ".venv" / "bin" / "solutions-lab"), "serve", "--workers", "2", "--port", str(port)],
        env=ENV, stdout=subprocess.DEVNULL, stderr=open(os.environ.get("LOAD_SERVER_LOG", os.devnull), "w"), start_new_session=True,
    )
    for _ in range(100):
        try:
            if httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=1).status_code == 200:
                return server
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def stop(server: subprocess.Popen) -> None:
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=10)


def wrk_throughput(url: str) -> float:
    if not shutil.which("wrk"):
        return float("nan")
    output = subprocess.run(["wrk", "-t2", "-c32", "-d10s", url], capture_output=True, text=True, timeout=60).stdout
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


async def fixed_rate(base: str, plan: dict) -> dict[str, list]:
    """aiohttp drives the load: light enough on the CPU that the client is not what we measure."""
    results = {"read": [], "write": []}
    statuses = Counter()
    rng = random.Random(3)
    connector = aiohttp.TCPConnector(limit=64)
    timeout = aiohttp.ClientTimeout(total=30)
    async with aiohttp.ClientSession(base_url=base, connector=connector, timeout=timeout) as client:
        tasks = []
        started = time.perf_counter()
        for n in range(SECONDS * RATE):
            due = started + n / RATE
            delay = due - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            kind, request = pick(rng, plan, n)
            tasks.append(asyncio.create_task(send(client, kind, request, due, results, statuses)))
        await asyncio.gather(*tasks)
    return {**results, "statuses": statuses, "elapsed": time.perf_counter() - started}


def pick(rng: random.Random, plan: dict, n: int):
    if rng.random() < 0.9:
        choice = rng.choice(["catalogue", "idea", "list", "matches"])
        url = {"catalogue": "/solutions", "idea": f"/api/v1/ideas/{rng.choice(plan['public_ideas'])}",
               "list": "/api/v1/ideas?limit=20", "matches": f"/api/v1/countries/{rng.choice(plan['countries'])}/matches"}[choice]
        if choice == "idea" and rng.random() < 0.5:
            url = url.replace("/api/v1/ideas/", "/ideas/")
        return "read", ("GET", url, None, None)
    choice = rng.choice(["draft", "review", "progress"])
    if choice == "draft":
        body = {"title": f"Load draft {n}", "summary": "s", "problem": "p", "solution": "s", "origin_country": "KEN",
                "themes": ["health"], "sdgs": [3], "draft": True}
        return "write", ("POST", "/api/v1/ideas", body, plan["submitter_token"])
    if choice == "review" and plan["assignments"]:
        assignment = plan["assignments"].pop()
        body = {"scores": plan["rubric_scores"], "recommendation": "advance", "comment_to_submitter": "Good"}
        return "write", ("POST", f"/api/v1/assignments/{assignment}/review", body, plan["reviewer_token"])
    body = {"note": f"Update {n}", "happened_on": "2026-11-01", "values": []}
    return "write", ("POST", f"/api/v1/replications/{plan['replication']}/updates", body, plan["officer_token"])


async def send(client, kind, request, due, results, statuses):
    method, url, body, token = request
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    try:
        async with client.request(method, url, json=body, headers=headers) as response:
            await response.read()
            statuses[response.status] += 1
    except (aiohttp.ClientError, asyncio.TimeoutError) as exc:
        statuses[type(exc).__name__] += 1
    results[kind].append((time.perf_counter() - due) * 1000)


def warm_up(base: str, plan: dict) -> None:
    """Each worker builds its matching index and template cache before the clock starts."""
    with httpx.Client(base_url=base, timeout=60) as client:
        for _ in range(6):
            for code in plan["countries"][:3]:
                client.get(f"/api/v1/countries/{code}/matches")
            client.get("/solutions")


def percentiles(values: list[float]) -> str:
    if len(values) < 2:
        return "n/a"
    cuts = statistics.quantiles(values, n=100)
    return f"p50 {cuts[49]:7.1f}  p95 {cuts[94]:7.1f}  p99 {cuts[98]:7.1f} ms"


def main() -> None:
    plan = prepare(URL, IDEAS)
    port = free_port()
    server = start_server(port)
    base = f"http://127.0.0.1:{port}"
    try:
        bare = wrk_throughput(f"{base}/livez")
        listing = wrk_throughput(f"{base}/api/v1/ideas?limit=20")
        warm_up(base, plan)
        outcome = asyncio.run(fixed_rate(base, plan))
    finally:
        stop(server)
    database = "postgresql" if URL.startswith("postgresql") else "sqlite"
    print(f"database: {database}; {IDEAS:,} ideas; server: 2 workers")
    print(f"throughput (wrk, 32 connections): bare /livez {bare:,.0f} req/s, list API {listing:,.0f} req/s, "
          f"ratio {listing / bare:.0%}")
    total = len(outcome["read"]) + len(outcome["write"])
    print(f"fixed rate: {total:,} requests in {outcome['elapsed']:.0f} s ({total / outcome['elapsed']:.1f} req/s)")
    print(f"  reads  ({len(outcome['read']):,}): {percentiles(outcome['read'])}")
    print(f"  writes ({len(outcome['write']):,}): {percentiles(outcome['write'])}")
    print("  answers by status: " + ", ".join(f"{k}: {v}" for k, v in sorted(outcome["statuses"].items(), key=str)))


if __name__ == "__main__":
    main()
