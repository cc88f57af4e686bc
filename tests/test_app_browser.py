"""The explorer in a real headless Chromium: ``streamlit run app.py`` driven by Playwright.

Proves what AppTest cannot: the pyvis iframe draws a canvas, tooltips are HTML with the
case-file text escaped (a hostile name shows as text and runs nothing). Off CI a machine
without /usr/bin/chromium skips; on CI (``CI`` set) a missing browser fails the test.
Screenshots of the network page and of a saved query's result are saved in the test's
tmp_path.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_explore import HOSTILE, load_fixture

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
IN_CI = os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
STARTUP_S = 60

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists() and not IN_CI,
    reason=f"{CHROMIUM} is missing (apt-get install chromium); on CI this fails instead")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_healthy(base: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    pytest.fail(f"streamlit was not healthy within {STARTUP_S} s:\n{log.read_text()}")


@pytest.fixture
def explorer(tmp_path: Path) -> Iterator[str]:
    """Base URL of ``streamlit run app.py`` on the fixture graph; stopped afterwards."""
    store = load_fixture(tmp_path)
    port, log = free_port(), tmp_path / "streamlit.log"
    env = {**os.environ, "DISMARK_STORE": store.url}
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        wait_until_healthy(base, server, log)
        yield base
    finally:
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
        store.close()


def test_network_page_draws_the_graph(explorer: str, tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing on CI: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    dialogs: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1300})
            page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))

            page.goto(f"{explorer}/?entity=person-b")
            graph = page.frame_locator("iframe").first
            graph.locator("canvas").first.wait_for(timeout=30_000)
            page.get_by_role("heading", name="Noël de Vries").wait_for(timeout=30_000)
            frame = next(f for f in page.frames if f.locator("#mynetwork").count())
            labels = frame.evaluate("() => nodes.get().map(n => n.label)")
            assert sorted(labels) == ["+31 6 0000 0001", "Crew X", "Noël de Vries",
                                      "nl-2020-test-002"]
            canvas = graph.locator("canvas").first.bounding_box()
            assert canvas and canvas["width"] > 400 and canvas["height"] > 400
            page.wait_for_timeout(500)  # let the canvas finish its first drawing
            page.screenshot(path=tmp_path / "network.png", full_page=True)

            page.goto(f"{explorer}/?entity=person-h")
            graph = page.frame_locator("iframe").first
            graph.locator("canvas").first.wait_for(timeout=30_000)
            frame = next(f for f in page.frames if f.locator("#mynetwork").count())
            tooltip = hover_node(page, frame, HOSTILE)
            assert HOSTILE in tooltip  # shown as text, the markup escaped
            assert page.get_by_role("heading", name=HOSTILE).count() == 1

            page.goto(f"{explorer}/?query=network-around")
            page.get_by_role("textbox", name="id (id)").fill("person-a")
            page.get_by_role("spinbutton", name="hops (integer 1–3)").fill("1")
            page.get_by_role("button", name="Run").click()
            graph = page.frame_locator("iframe").first
            graph.locator("canvas").first.wait_for(timeout=30_000)
            frame = next(f for f in page.frames if f.locator("#mynetwork").count())
            labels = frame.evaluate("() => nodes.get().map(n => n.label)")
            assert sorted(labels) == ["Anna Peeters", "Crew X"]  # case files not followed
            page.screenshot(path=tmp_path / "saved-query.png", full_page=True)
            assert dialogs == []
        finally:
            browser.close()


def hover_node(page, frame, label: str) -> str:
    """Move the mouse onto the node labelled ``label``; return its tooltip's visible text."""
    where = frame.evaluate(
        """(label) => {
             const node = nodes.get({filter: n => n.label === label})[0];
             return network.canvasToDOM(network.getPositions([node.id])[node.id]);
           }""", label)
    box = frame.locator("canvas").first.bounding_box()
    page.mouse.move(box["x"] + where["x"], box["y"] + where["y"])
    tooltip = frame.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible", timeout=10_000)
    return tooltip.inner_text()
