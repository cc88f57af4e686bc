"""Time the explorer's network view: building the page on the server, drawing it in a browser.

    python -m bench.explorer [--sizes 100,500,1000] [--runs 3] [--no-browser] [--json]
    python -m bench.explorer --store falkordb-lite:PATH   # the 2-hop view on a loaded graph

Each size is a seeded scale-free network of entities typed and named like case-file
entities (diacritics included, half Belgian, half Dutch), about 1.5 relationships per node.
Two figures per size, each measured in the run that prints it:

- **server**: ``explorer.viewmodels.drawing.network_html`` (layout, styling, escaping, pyvis page),
  the median of ``--runs``; next to it the raw baseline of the same run, ``json.dumps`` of the same
  nodes and relationships (what any view must at least serialise), and their ratio.
- **browser**: a real headless Chromium (``/usr/bin/chromium``) opens the page and the
  time from navigation to the first complete drawing of the canvas is read from the page's
  own clock. Physics is off and positions come from the server, so the first drawing is the
  stable one: nothing moves afterwards.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

import networkx as nx

from bench.browser import CHROMIUM, VIEWPORT, chromium
from bench.clock import median_seconds
from explorer.viewmodels.drawing import network_html
from explorer.viewmodels.network import Network, find_entity, network_around
from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphNode, GraphRelationship, GraphStore, open_store

LABELS = ("Person", "Person", "Person", "Organisation", "Phone", "Vehicle", "Plantation")
FIRST = ("Noël", "Désiré", "Jeroen", "Anouk", "Koen", "Saïd", "Els", "Geert")
LAST = ("de Vries", "Peeters", "Claeys", "Dekker", "Van den Broeck", "Jansen", "Maes")
#: JavaScript: milliseconds from navigation start until the network has drawn a frame.
_TIME_TO_DRAWN = """() => new Promise(done => {
  network.once("afterDrawing", () => done(performance.now()));
  network.redraw();
})"""


def entity_network(size: int, seed: int = 7) -> Network:
    """A seeded network of ``size`` entities shaped like a neighbourhood view."""
    rng = random.Random(seed)
    shape = nx.Graph(nx.scale_free_graph(size, seed=seed).to_undirected())
    shape.remove_edges_from(nx.selfloop_edges(shape))
    nodes = {}
    for n in shape:
        label = rng.choice(LABELS)
        nodes[str(n)] = GraphNode(str(n), (label,), {
            "id": f"{label.lower()}-{n}", "name": f"{rng.choice(FIRST)} {rng.choice(LAST)}",
            "residence_country": rng.choice(("BE", "NL")), "sources": [f"be-2020-{n:04d}"],
            "first_seen": "2019-03-01", "last_seen": "2021-11-30"})
    relationships = tuple(
        GraphRelationship(f"r{i}", "CONTACT", str(a), str(b), {"grading": "B2", "count": 3})
        for i, (a, b) in enumerate(shape.edges))
    return Network(nodes, relationships, focus="0")


def server_times(network: Network, runs: int) -> dict[str, float]:
    ontology = load_ontology()
    page = network_html(network, ontology)
    view = median_seconds(lambda: network_html(network, ontology), runs)
    raw = median_seconds(lambda: json.dumps(
        [[asdict(n) for n in network.nodes.values()],
         [asdict(r) for r in network.relationships]]), runs)
    return {"server_s": view, "raw_json_s": raw, "ratio": view / raw, "page_bytes": len(page)}


def browser_ms(pages: dict[int, str], runs: int) -> dict[int, float]:
    """Median ms from navigation to the first complete drawing, per size."""
    out = {}
    with tempfile.TemporaryDirectory() as folder, chromium() as browser:
        for size, page_html in pages.items():
            path = Path(folder) / f"network-{size}.html"
            path.write_text(page_html, encoding="utf-8")
            times = []
            for _ in range(runs):
                tab = browser.new_page(viewport=VIEWPORT)
                tab.goto(path.as_uri(), wait_until="load")
                tab.wait_for_function("() => typeof network !== 'undefined'")
                times.append(tab.evaluate(_TIME_TO_DRAWN))
                tab.close()
            out[size] = statistics.median(times)
    return out


def run(sizes: list[int], runs: int, *, browser: bool = True) -> dict[int, dict[str, float]]:
    """Server and (with ``browser``) Chromium figures per network size."""
    networks = {size: entity_network(size) for size in sizes}
    rows = {size: server_times(net, runs) for size, net in networks.items()}
    if browser:
        if not CHROMIUM.exists():
            raise RuntimeError(f"{CHROMIUM} is missing: apt-get install chromium, or skip "
                               "the browser figures")
        ontology = load_ontology()
        drawn = browser_ms({s: network_html(n, ontology) for s, n in networks.items()}, runs)
        for size, ms in drawn.items():
            rows[size]["browser_ms"] = ms
    for size, net in networks.items():
        rows[size]["relationships"] = len(net.relationships)
    return rows


def neighbourhood(store: GraphStore, ontology: Ontology, entity_id: str, runs: int, *,
                  hops: int = 2, limit: int = 500) -> dict[str, float]:
    """The Network page's work on a loaded graph, server side: the neighbourhood query
    (``network_around``, up to ``limit`` nodes) and the page built from it, median of
    ``runs``; the baseline is the indexed look-up of the entity alone, same run."""
    net = network_around(store, entity_id, hops=hops, limit=limit, ontology=ontology)
    query = median_seconds(lambda: network_around(store, entity_id, hops=hops, limit=limit,
                                                  ontology=ontology), runs)
    page = median_seconds(lambda: network_html(net, ontology), runs)
    lookup = median_seconds(lambda: find_entity(store, entity_id, ontology), runs)
    return {"entity": entity_id, "hops": hops, "nodes": len(net.nodes),
            "relationships": len(net.relationships), "query_s": query, "page_s": page,
            "total_s": query + page, "lookup_s": lookup, "ratio": (query + page) / lookup}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="100,500,1000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-browser", action="store_true")
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--store", help="time the 2-hop view around the busiest person of "
                                        "this loaded graph instead (``neighbourhood``)")
    args = parser.parse_args(argv)
    if args.store:
        from bench.queries import busiest

        ontology = load_ontology()
        store = open_store(args.store)
        try:
            print(json.dumps(neighbourhood(store, ontology,
                                           busiest(store, ontology, "Person", 1)[0],
                                           args.runs), indent=2))
        finally:
            store.close()
        return 0
    try:
        rows = run([int(s) for s in args.sizes.split(",")], args.runs,
                   browser=not args.no_browser)
    except RuntimeError as exc:
        print(exc, file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(rows, indent=2))
        return 0
    from bench.report import explorer_table

    print(explorer_table(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
