"""The network view as an investigator meets it: a real explorer, a real headless Chromium.

    python -m bench.explorer_clicks [--scale 3] [--json]     # 0: the demo case files

One run: a world (``dismark synth`` at ``--scale``, seed 1; 0 = the demo) loaded into a
fresh embedded store, ``streamlit run app.py`` on it, Chromium (``/usr/bin/chromium``)
signing in as a user would. For the busiest person and the busiest port (most links), the
2-hop view:

- **first drawing**: from asking for the page to the drawing being there (the server's
  fetch, fold and layout, the page's script, vis-network's first frame);
- **visible nodes** (groups count as one), **overlapping labels** (pairs of node labels
  drawn without hovering whose boxes on the canvas overlap: vis-network's own measures) and
  **labels over nodes** (such a label drawn across another node's shape);
- **click to card**: a click on a node until its card shows under the drawing;
- **expand**: a double-click on it until the new drawing is there.

The baseline, measured in the same run, is the Overview page from request to its first
table: what any page costs on this machine. Targets (issue 23): first drawing < 2 s, a click
to a card < 300 ms, an expand < 1 s, at most 150 visible nodes, no overlapping labels.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from bench.browser import (
    DRAWN_CANVASES,
    REPO,
    VIEWPORT,
    chromium,
    drawn_network,
    labels_over_nodes,
    node_on_screen,
    on_network,
    overlapping_pairs,
    running_explorer,
    screenshot,
    sign_in,
    visible_label_boxes,
)
from bench.queries import busiest
from generator import generate
from graph.model.ontology import load_ontology
from graph.store import open_store
from graph.store.config import Settings
from loaders.load import load_paths

WAIT_MS = 120_000
#: JavaScript: the label of a node to click: labelled, not the entity asked for, not a group
_PICK = """net.body.data.nodes.get().find(n => n.font && n.font.size > 0 && n.size < 24
                                          && n.shape !== "box")?.label ?? null"""


@contextmanager
def explorer(store_url: str, folder: Path) -> Iterator[str]:
    """``streamlit run app.py`` on the store, as an analyst; its base URL."""
    env = {**os.environ, "DISMARK_STORE": store_url, "DISMARK_LOCAL_ROLE": "analyst",
           "DISMARK_AUDIT_LOG": str(folder / "audit" / "audit.jsonl")}
    env.pop("DISMARK_LOCAL_TOKEN_FILE", None)
    with running_explorer(env, folder / "streamlit.log") as base:
        yield base


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


def measure_view(page, base: str, entity: str, shots: Path | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    page.goto(f"{base}/network?entity={entity}&hops=2")
    canvas = drawn_network(page, timeout_ms=WAIT_MS)
    first = _ms(started)
    if shots is not None:
        screenshot(page, shots / f"{entity}.png")
    row: dict[str, Any] = {"entity": entity, "first_drawing_ms": first,
                           "visible_nodes": int(canvas.get_attribute("data-nodes")),
                           "overlapping_labels": overlapping_pairs(visible_label_boxes(canvas)),
                           "labels_over_nodes": labels_over_nodes(canvas)}
    label = on_network(canvas, _PICK)
    if label is None:
        return row
    where = node_on_screen(canvas, label)
    started = time.perf_counter()
    page.mouse.click(*where)
    page.get_by_text(f"{label} — ").first.wait_for(timeout=WAIT_MS)
    row["click_to_card_ms"] = _ms(started)
    view = canvas.get_attribute("data-view")
    started = time.perf_counter()
    page.mouse.dblclick(*where)
    page.wait_for_function(  # a new drawing, or the page saying nothing new came
        "v => document.body.innerText.includes('Nothing new around') || "
        f"{DRAWN_CANVASES}.some(c => c.dataset.view !== v)", arg=view, timeout=WAIT_MS)
    row["expand_ms"] = _ms(started)
    row["expand_added"] = int(canvas.get_attribute("data-nodes")) - row["visible_nodes"]
    row["clicked"] = label
    return row


def run(scale: float, shots: Path | None = None) -> dict[str, Any]:
    ontology = load_ontology()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        if scale > 0:
            generate(folder / "world", seed=1, scale=scale)
            paths = [folder / "world"]
        else:
            paths = [REPO / "data" / "demo"]
        store = open_store(f"falkordb-lite:{folder / 'store.db'}", Settings())
        try:
            report = load_paths(store, paths, ontology)
            assert report.exit_code == 0, report.as_dict()
            targets = {"busiest person": busiest(store, ontology, "Person", 1)[0],
                       "busiest port": busiest(store, ontology, "Port", 1)[0]}
            with explorer(store.url, folder) as base, chromium() as browser:
                page = browser.new_context(viewport=VIEWPORT).new_page()
                page.goto(base)
                sign_in(page, "bench", "explorer benchmark", timeout_ms=WAIT_MS)
                page.get_by_role("heading", name="Overview").wait_for(timeout=WAIT_MS)
                page.wait_for_function("() => document.cookie.includes('dismark_session=')",
                                       timeout=WAIT_MS)  # later pages resume the sign-in
                started = time.perf_counter()
                page.goto(base)  # a new session: the sign-in ticket lets it in
                page.locator("[data-testid='stDataFrame']").first.wait_for(timeout=WAIT_MS)
                baseline = _ms(started)
                try:
                    views = {name: measure_view(page, base, entity, shots)
                             for name, entity in targets.items()}
                except Exception:
                    shot = Path(tempfile.gettempdir()) / "explorer_clicks-failure.png"
                    page.screenshot(path=shot, full_page=True)
                    print(f"the page when it failed: {shot}", file=sys.stderr)
                    raise
        finally:
            store.close()
    for row in views.values():
        row["first_drawing_vs_baseline"] = round(row["first_drawing_ms"] / baseline, 1)
    return {"scale": scale, "baseline_overview_ms": baseline, "views": views}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", type=float, default=3.0)
    parser.add_argument("--shots", type=Path, help="a folder for a screenshot of each view")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    result = run(args.scale, args.shots)
    if args.json:
        print(json.dumps(result, indent=2))
        return 0
    print(f"scale {result['scale']}: Overview page {result['baseline_overview_ms']:.0f} ms "
          "(baseline)")
    for name, row in result["views"].items():
        print(f"{name} ({row['entity']}): first drawing {row['first_drawing_ms']:.0f} ms "
              f"({row['first_drawing_vs_baseline']}x baseline), {row['visible_nodes']} "
              f"visible nodes, {row['overlapping_labels']} overlapping labels, "
              f"{row['labels_over_nodes']} labels over nodes, click to card "
              f"{row.get('click_to_card_ms', '-')} ms, expand {row.get('expand_ms', '-')} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
