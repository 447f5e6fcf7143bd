"""Browser journeys: the real app served by uvicorn (`solutions-lab serve`) on a free loopback
port, driven by Debian's Chromium through playwright, headless.

The server has a database of its own, whatever the rest of the suite uses: a SQLite file in the
run's temporary folder, migrated with `solutions-lab migrate` and seeded with `solutions-lab
seed --demo` (so the demo accounts of every role exist, password `demo-pass-2026`). When
TEST_DATABASE_URL points at PostgreSQL the journeys still run on that SQLite file.

Without /usr/bin/chromium (or the playwright package) every browser test is skipped, with one
line saying how to enable them. A failing test leaves a screenshot of each of its pages in
test-output/.
"""

import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from app.config import PROJECT_DIR

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
SCREENSHOTS = PROJECT_DIR / "test-output"
DESKTOP = {"width": 1280, "height": 800}
PHONE = {"width": 390, "height": 844}
ACTION_TIMEOUT_MS = 10_000
SERVER_START_SECONDS = 60


def _missing_browser() -> str | None:
    """Why the browser tests cannot run here, or None."""
    if not CHROMIUM.exists():
        return "Chromium not found: apt-get install chromium to run the browser tests"
    if importlib.util.find_spec("playwright") is None:
        return "playwright not installed: pip install -e '.[test]' (make test does) to run the browser tests"
    return None


if importlib.util.find_spec("playwright") is None:
    # The journeys import playwright: without it they cannot even be collected.
    collect_ignore_glob = ["test_*.py"]


def pytest_terminal_summary(terminalreporter) -> None:
    if importlib.util.find_spec("playwright") is None:
        terminalreporter.write_line(f"SKIPPED browser tests: {_missing_browser()}")


def pytest_runtest_setup(item) -> None:
    # Skipped from this hook (not from a fixture, not with a mark) every browser test reports the
    # same place and reason, which pytest folds into one summary line.
    reason = _missing_browser()
    if reason:
        pytest.skip(reason)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test, for the screenshot-on-failure fixture."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"report_{report.when}", report)


# ---- the server ----

def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _cli(*args: str) -> list[str]:
    script = Path(sys.executable).with_name("solutions-lab")
    return [str(script), *args] if script.exists() else [sys.executable, "-m", "app.cli", *args]


def _wait_until_healthy(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + SERVER_START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"the server did not answer /healthz within {SERVER_START_SECONDS} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def live_server(tmp_path_factory) -> Iterator[str]:
    """The base URL of the app served on its own migrated, demo-seeded SQLite database."""
    folder = tmp_path_factory.mktemp("e2e")
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder / 'e2e.db'}", "VAR_DIR": str(folder / "var"),
           "LOG_LEVEL": "WARNING"}
    env.pop("SMTP_URL", None)
    for step in (("migrate",), ("seed", "--demo")):
        done = subprocess.run(_cli(*step), env=env, cwd=folder, capture_output=True, text=True, timeout=180)
        if done.returncode != 0:
            raise RuntimeError(f"solutions-lab {' '.join(step)} failed:\n{done.stdout}{done.stderr}")
    port, log = _free_port(), folder / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(_cli("serve", "--host", "127.0.0.1", "--port", str(port)), env=env, cwd=folder,
                                  stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_until_healthy(url, server, log)
        yield url
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


# ---- the browser ----

@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


@pytest.fixture
def new_page(request, browser, live_server) -> Iterator[Callable]:
    """`new_page(viewport=DESKTOP)`: a page in a fresh browser (own cookies) on the live server.
    Every page a test opened is screenshotted into test-output/ when the test fails."""
    contexts = []

    def open_page(viewport: dict = DESKTOP):
        phone = viewport["width"] <= PHONE["width"]
        context = browser.new_context(base_url=live_server, viewport=viewport, is_mobile=phone, has_touch=phone)
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield open_page
    failed = any(getattr(request.node, f"report_{when}", None) and getattr(request.node, f"report_{when}").failed
                 for when in ("setup", "call"))
    for number, context in enumerate(contexts):
        if failed:
            _screenshot(context, request.node.nodeid, number)
        context.close()


def _screenshot(context, nodeid: str, number: int) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    name = re.sub(r"[^A-Za-z0-9_.-]+", "_", nodeid.split("::", 1)[-1])
    for index, page in enumerate(context.pages):
        page.screenshot(path=SCREENSHOTS / f"{name}-{number}-{index}.png", full_page=True)
