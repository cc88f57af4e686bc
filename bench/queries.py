"""Latency of every saved query, against an indexed look-up measured in the same run.

    python -m bench.queries --scale 1 [--runs 10] [--json]     # generate, load, measure
    python -m bench.queries --store falkordb-lite:PATH           # an existing graph

Each query runs with its defaults; a required entity id gets the busiest entity of the
parameter's label (a Person when none is declared), the worst case an analyst meets. The
baseline is ``MATCH (n:Person {id: $id}) RETURN n``: the cheapest round trip the store
answers, so the ratio says how much work the query itself adds on this machine.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import tempfile
from pathlib import Path
from typing import Any

from bench.clock import timings
from evaluation.worlds import loaded_world
from graph.errors import DismarkError
from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphStore, cypher, open_store
from graph.store.saved_queries import SavedQuery, load_library, run_saved

BASELINE = "MATCH (n:Person {id: $id}) RETURN n"
#: The floor of a query that must look at every relationship once (a property test that
#: nothing passes, so nothing is shipped): on FalkorDB such a scan costs far more per item
#: than a scan of nodes, and some analyses (links resting on weak gradings) are such scans.
SCAN_BASELINE = "MATCH ()-[r]->() WHERE r.first_seen > $never RETURN count(r)"


def busiest(store: GraphStore, ontology: Ontology, label: str, count: int) -> list[str]:
    """Ids of the ``count`` entities of ``label`` with the most relationships."""
    result = store.read(f"MATCH (n:{cypher.label(ontology, label)}) "
                        "RETURN n.id AS id, size([(n)--(m) | m]) AS degree "
                        "ORDER BY degree DESC, id LIMIT $count", {"count": count})
    return [row[0] for row in result.rows]


def sample_params(store: GraphStore, ontology: Ontology, query: SavedQuery) -> dict[str, Any]:
    """Values for the required parameters; the rest keep their defaults."""
    params: dict[str, Any] = {}
    required = [p for p in query.params.values() if p.required]
    ids = [p for p in required if p.type == "id"]
    for i, param in enumerate(ids):  # two id parameters (from, to) get two entities
        params[param.name] = busiest(store, ontology, param.label or "Person", len(ids))[i]
    for param in required:
        if param.type == "list[id]":
            params[param.name] = busiest(store, ontology, param.label or "Person", 3)
    return params


def _ratio(ms: float, baseline_ms: float) -> float:
    return round(ms / max(baseline_ms, 1e-3), 1)


def run(store: GraphStore, ontology: Ontology, runs: int) -> dict[str, Any]:
    """Every saved query's p50, p95 and rows, each beside the baselines of the same run.

    What ``make bench`` records: ``{"baseline": {p50_ms, p95_ms}, "scan_baseline": {p50_ms,
    p95_ms, relationships}, "queries": {name: {p50_ms, p95_ms, rows, params, ratio_p50,
    ratio_p95}}}``; a query that fails (a timeout is a result too) has ``error`` instead of
    the figures.
    """
    person = busiest(store, ontology, "Person", 1)[0]
    baseline = timings(lambda: store.read(BASELINE, {"id": person}), runs)
    scan = timings(lambda: store.read(SCAN_BASELINE, {"never": "9999"}), runs)
    scan["relationships"] = store.read("MATCH ()-[r]->() RETURN count(r)").scalar()
    out: dict[str, Any] = {"baseline": baseline, "scan_baseline": scan, "queries": {}}
    for query in load_library(ontology).queries.values():
        params = sample_params(store, ontology, query)
        try:
            rows = len(run_saved(store, query, params).rows)  # warm-up, the answer's size
        except DismarkError as exc:
            out["queries"][query.name] = {"error": str(exc), "params": params}
            continue
        measured = timings(lambda q=query, p=params: run_saved(store, q, p), runs)
        measured.update(rows=rows, params=params,
                        ratio_p50=_ratio(measured["p50_ms"], baseline["p50_ms"]),
                        ratio_p95=_ratio(measured["p95_ms"], baseline["p95_ms"]))
        out["queries"][query.name] = measured
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="measure an existing graph instead of generating one")
    parser.add_argument("--scale", type=float, default=1.0, help="synthetic scale to generate")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, contextlib.ExitStack() as stack:
        if args.store:
            store = stack.enter_context(contextlib.closing(open_store(args.store)))
        else:
            store, _ = stack.enter_context(loaded_world(Path(tmp), seed=1, scale=args.scale))
        entities = store.read("MATCH (n) RETURN count(n)").scalar()
        result = {"entities": entities, **run(store, load_ontology(), args.runs)}
    if args.json:
        print(json.dumps(result, indent=2))
        return
    base = result["baseline"]
    print(f"{result['entities']:,} nodes; baseline (indexed look-up) p50 {base['p50_ms']} ms, "
          f"p95 {base['p95_ms']} ms")
    print(f"{'query':<48} {'rows':>6} {'p50 ms':>9} {'p95 ms':>9} {'x base':>7}")
    for name, m in result["queries"].items():
        if "error" in m:
            print(f"{name:<48} error: {m['error']}")
            continue
        print(f"{name:<48} {m['rows']:>6} {m['p50_ms']:>9} {m['p95_ms']:>9} {m['ratio_p50']:>7}")


if __name__ == "__main__":
    main()
