"""Scripted fault checks against a real server on loopback (prints what happened).

    python bench/faults.py worker        # SQLite: one of two workers killed under load
    python bench/faults.py disk          # SQLite on a tiny tmpfs that fills up (needs root for mount)
    FAULT_DATABASE_URL=postgresql+psycopg://postgres@127.0.0.1:5432/faults python bench/faults.py postgres
                                         # PostgreSQL restarted under load (restarts the local cluster!)

Each check sends a bounded stream of requests for a bounded time and counts the answers.
"""

import os
import signal
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench" / "load"))

from run import free_port, stop  # noqa: E402
from setup import prepare  # noqa: E402


def serve(url: str, tmp: Path, workers: int = 2) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "DATABASE_URL": url, "VAR_DIR": str(tmp), "LOG_LEVEL": "WARNING"}
    server = subprocess.Popen([str(ROOT / ".venv" / "bin" / "solutions-lab"), "serve", "--workers", str(workers), "--port", str(port)],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return server, base
        except httpx.HTTPError:
            time.sleep(0.2)
    raise SystemExit("the server did not start")


def hammer(base: str, seconds: float, token: str | None = None, write: bool = False) -> tuple[Counter, list]:
    """Requests in a loop for `seconds` (bounded), answers counted, with the time of each failure."""
    answers, failures, started = Counter(), [], time.monotonic()
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    with httpx.Client(base_url=base, timeout=10) as client:
        n = 0
        while time.monotonic() - started < seconds and n < 20_000:
            n += 1
            try:
                if write:
                    response = client.post("/api/v1/ideas", headers=headers, json={
                        "title": f"Fault draft {n}", "summary": "s", "problem": "p" * 2000, "solution": "s" * 2000,
                        "origin_country": "KEN", "themes": ["health"], "sdgs": [3], "draft": True})
                else:
                    response = client.get("/api/v1/ideas?limit=20")
                answers[response.status_code] += 1
                if response.status_code >= 500:
                    failures.append((round(time.monotonic() - started, 1), response.status_code, response.headers.get("Retry-After")))
            except httpx.HTTPError as exc:
                answers[type(exc).__name__] += 1
                failures.append((round(time.monotonic() - started, 1), type(exc).__name__, None))
    return answers, failures


def check_worker_killed() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="fault-worker-"))
    url = f"sqlite:///{tmp / 'f.db'}"
    prepare(url, 1000)
    server, base = serve(url, tmp)
    try:
        children = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        workers = [pid for pid in children if "multiprocessing" not in open(f"/proc/{pid}/cmdline").read()] or children
        result = {}

        def load():
            result["answers"] = hammer(base, 8)

        thread = threading.Thread(target=load)
        thread.start()
        time.sleep(2)
        os.kill(int(workers[0]), signal.SIGKILL)
        thread.join()
        answers, failures = result["answers"]
        print(f"worker killed: killed pid {workers[0]} of {len(children)} children after 2 s; answers over 8 s: {dict(answers)}")
        print(f"  failures: {failures[:10]}")
        time.sleep(3)
        after = subprocess.run(["pgrep", "-P", str(server.pid)], capture_output=True, text=True).stdout.split()
        print(f"  worker processes 3 s later: {len(after)} (the supervisor restarts a dead worker)")
    finally:
        stop(server)


def check_postgres_restart() -> None:
    url = os.environ.get("FAULT_DATABASE_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/faults")
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", url.rsplit("/", 1)[1]], capture_output=True)
    tmp = Path(tempfile.mkdtemp(prefix="fault-pg-"))
    prepare(url, 1000)
    server, base = serve(url, tmp)
    cluster = sorted(os.listdir("/etc/postgresql"))[0]
    try:
        result = {}
        thread = threading.Thread(target=lambda: result.setdefault("answers", hammer(base, 15)))
        thread.start()
        time.sleep(3)
        subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", cluster, "main", "restart"], check=True)
        thread.join()
        answers, failures = result["answers"]
        print(f"postgres restarted after 3 s: answers over 15 s: {dict(answers)}")
        print(f"  failures (time s, status, Retry-After): {failures[:12]}{' …' if len(failures) > 12 else ''}")
        last = hammer(base, 2)[0]
        print(f"  after the restart: {dict(last)}")
    finally:
        stop(server)


def check_full_disk() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="fault-disk-"))
    mount = tmp / "small"
    mount.mkdir()
    if subprocess.run(["mount", "-t", "tmpfs", "-o", "size=40m", "tmpfs", str(mount)], capture_output=True).returncode != 0:
        print("full disk: cannot mount a tmpfs here (needs root); not checked")
        return
    try:
        url = f"sqlite:///{mount / 'f.db'}"
        plan = prepare(url, 200)
        server, base = serve(url, tmp, workers=1)
        try:
            with open(mount / "filler", "wb") as filler:  # leave ~1 MB free
                free = os.statvfs(mount).f_bavail * os.statvfs(mount).f_frsize
                filler.write(b"\0" * max(0, free - 1_000_000))
            answers, failures = hammer(base, 6, token=plan["submitter_token"], write=True)
            print(f"full disk: answers to draft writes: {dict(answers)}; first failures: {failures[:5]}")
            (mount / "filler").unlink()
            check = sqlite3.connect(mount / "f.db")
            integrity = check.execute("PRAGMA integrity_check").fetchone()[0]
            stored = check.execute("SELECT count(*) FROM idea WHERE title LIKE 'Fault draft%'").fetchone()[0]
            print(f"  integrity after the disk was freed: {integrity}; drafts stored: {stored}")
            check.close()
            print(f"  writes after freeing space: {dict(hammer(base, 2, token=plan['submitter_token'], write=True)[0])}")
        finally:
            stop(server)
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


if __name__ == "__main__":
    checks = {"worker": check_worker_killed, "postgres": check_postgres_restart, "disk": check_full_disk}
    for name in sys.argv[1:] or ["worker", "disk"]:
        checks[name]()
