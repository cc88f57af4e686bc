"""The explorer as a browser meets it: ``streamlit run app.py`` on a port of its own, a
headless Chromium (``/usr/bin/chromium``) signing in, and what the drawn network shows.

One copy for all that drive the real thing: the benchmarks (``bench/explorer_clicks.py``,
``bench/explorer.py``) and the tests that serve or open the explorer
(``tests/test_app_browser.py``, ``tests/test_app_serving.py``, ``tests/test_deployment.py``).
Playwright is imported only when a browser is launched, so a harness that needs no more than
a free port (``tests/falkor_server.py``) pulls in the standard library alone.
"""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
#: what a headless Chromium needs in a container (no sandbox, no GPU, a small /dev/shm)
CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage")
#: a window tall enough for the drawing and the card under it
VIEWPORT = {"width": 1400, "height": 1300}
#: how long ``streamlit run`` may take to answer its health check
STARTUP_S = 60
#: the drawing's vis-network instance, from its element (the component keeps its state on
#: its shadow root: explorer/static/network_view.js)
NETWORK = "el => el.getRootNode().__dismarkNetwork.network"
#: JavaScript: the canvases of the drawings vis-network has finished, in page order (each
#: drawing lives in a shadow root)
DRAWN_CANVASES = ("[...document.querySelectorAll('*')].filter(e => e.shadowRoot)"
                  ".flatMap(e => [...e.shadowRoot.querySelectorAll("
                  "'.dm-frame[data-ready=\"1\"] .dm-canvas')])")


class ExplorerDidNotStart(RuntimeError):
    """``streamlit run`` exited, or did not answer healthy in time; the message holds its log."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now, for a server of our own."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(base: str, server: subprocess.Popen, log: Path,
                       timeout_s: float = STARTUP_S) -> None:
    """Return once the explorer at ``base`` answers its health check with ``ok``; raise
    :class:`ExplorerDidNotStart` with ``log`` when ``server`` exits or ``timeout_s`` passes."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise ExplorerDidNotStart(
                f"streamlit exited with {server.returncode}:\n{log.read_text()}")
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise ExplorerDidNotStart(
        f"streamlit was not healthy within {timeout_s} s:\n{log.read_text()}")


@contextmanager
def running_explorer(env: Mapping[str, str], log: Path) -> Iterator[str]:
    """``streamlit run app.py`` from the repository with ``env`` (the store, the local role,
    …), its output in ``log``; yields its base URL once healthy, stops it afterwards. The
    address, data export etc. come from the repository's .streamlit/config.toml."""
    port = free_port()
    with open(log, "wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)],
            cwd=REPO, env=dict(env), stdout=out, stderr=subprocess.STDOUT)
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


@contextmanager
def chromium(args: Sequence[str] = CHROMIUM_ARGS) -> Iterator[Any]:
    """A headless Chromium (Playwright's ``Browser``), closed afterwards."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=list(args))
        try:
            yield browser
        finally:
            browser.close()


def sign_in(page, user: str, purpose: str, *, timeout_ms: float) -> None:
    """The first screen, as a user fills it: a name (never pre-filled) and a purpose."""
    name = page.get_by_role("textbox", name="Your name or user id")
    assert name.input_value(timeout=timeout_ms) == ""
    name.fill(user)
    page.get_by_role("textbox", name="Purpose").fill(purpose)
    page.get_by_role("button", name="Continue").click()


def screenshot(page, path: Path) -> None:
    """The whole page into ``path``, once the canvas has finished its first drawing."""
    page.wait_for_timeout(500)
    page.screenshot(path=path, full_page=True)


def drawn_network(page, nth: int = 0, *, timeout_ms: float):
    """The canvas element of the ``nth`` network drawing, once vis-network has drawn it."""
    page.locator(".dm-frame[data-ready='1']").nth(nth).wait_for(timeout=timeout_ms)
    return page.locator(".dm-canvas").nth(nth)


def on_network(canvas, body: str, arg=None):
    """Evaluate ``body`` (a JS expression over ``net`` and ``arg``) on the drawing."""
    return canvas.evaluate(f"(el, arg) => {{ const net = ({NETWORK})(el); return {body}; }}",
                           arg)


def labels_of(canvas) -> list[str]:
    """The labels of every node in the drawing, hidden ones included, sorted."""
    return sorted(on_network(canvas, "net.body.data.nodes.get().map(n => n.label)"))


def visible_label_boxes(canvas) -> list[list[float]]:
    """The drawn boxes (canvas coordinates) of the node labels shown without hovering."""
    return on_network(canvas, """net.body.data.nodes.getIds().map(id => net.body.nodes[id])
        .filter(n => n.options.font.size > 0 && n.options.label)
        .map(n => { const s = n.labelModule.size;
                    return [s.left, s.top, s.left + s.width, s.top + s.height]; })""")


def overlapping_pairs(boxes: list[list[float]]) -> int:
    """How many pairs of ``boxes`` (left, top, right, bottom) overlap."""
    return sum(a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]
               for i, a in enumerate(boxes) for b in boxes[i + 1:])


def labels_over_nodes(canvas) -> int:
    """How many (label shown without hovering, other node) pairs overlap on the canvas: a
    label drawn across another node hides it."""
    return on_network(canvas, """(() => {
        const overlaps = (a, b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
        const all = net.body.data.nodes.getIds().map(id => net.body.nodes[id]);
        const shape = n => [n.x - n.shape.width / 2, n.y - n.shape.height / 2,
                            n.x + n.shape.width / 2, n.y + n.shape.height / 2];
        let count = 0;
        for (const n of all.filter(n => n.options.font.size > 0 && n.options.label
                                        && n.options.shape !== "box")) {
            const s = n.labelModule.size;
            const box = [s.left, s.top, s.left + s.width, s.top + s.height];
            count += all.filter(o => o !== n && overlaps(shape(o), box)).length;
        }
        return count; })()""")


def node_on_screen(canvas, label: str, *, zoom: float | None = None) -> tuple[float, float]:
    """Page coordinates of the (first) node labelled ``label``; with ``zoom``, the drawing
    is centred on it at that scale first, where a pointer surely lands on it."""
    canvas.scroll_into_view_if_needed()
    where = on_network(canvas, """(() => {
        const node = net.body.data.nodes.get({filter: n => n.label === arg.label})[0];
        if (arg.zoom) net.focus(node.id, {scale: arg.zoom, animation: false});
        return net.canvasToDOM(net.getPositions([node.id])[node.id]); })()""",
                       {"label": label, "zoom": zoom})
    box = canvas.bounding_box()
    return box["x"] + where["x"], box["y"] + where["y"]
