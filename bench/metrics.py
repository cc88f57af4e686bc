"""Time every network measure of graph/metrics.py on power-law graphs of growing size.

    python -m bench.metrics [--sizes 1000,10000,100000] [--paths directed|undirected]
                                 [--exact-max 10000] [--json]

Each size is a directed scale-free graph (networkx ``scale_free_graph``, Bollobás et al.,
seeded), every relationship weight 1, collapsed with ``graph.export.collapse`` into the shape
the metrics take: parallel relationships become one edge whose weight is their number.
Path measures (closeness, betweenness) run on the directed graph by default, or on its
undirected view with ``--paths undirected`` (several times slower: every node reaches
everyone). Exact betweenness and closeness are skipped above ``--exact-max`` nodes (both are
all-pairs searches); where exact and sampled (k=256) betweenness both ran, the report gives
their Spearman rank correlation, the same over the nodes whose exact value is > 0 (the
zeros are trivially agreed on), and the overlap of their top-100 lists.

Every figure is measured in the run that prints it; rows are printed as they finish, so a
run stopped by a time limit still reports what it measured.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from typing import Any

import networkx as nx
from scipy.stats import spearmanr

from graph import groups, metrics
from graph.export import collapse

SAMPLED_PIVOTS = 256
TOP = 100


def power_law_graph(size: int, seed: int) -> nx.DiGraph:
    """A seeded scale-free multigraph, weight 1 per relationship, collapsed per the contract."""
    multigraph = nx.relabel_nodes(nx.scale_free_graph(size, seed=seed), lambda n: f"n{n}")
    for _, _, data in multigraph.edges(data=True):
        data["weight"] = 1.0
    return collapse(multigraph, directed=True)


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def agreement(exact: dict[str, float], sampled: dict[str, float]) -> dict[str, float]:
    """How well sampled betweenness ranks nodes compared with the exact values."""
    nodes = sorted(exact)
    rho_all = spearmanr([exact[n] for n in nodes], [sampled[n] for n in nodes]).statistic
    positive = [n for n in nodes if exact[n] > 0]
    rho_positive = spearmanr([exact[n] for n in positive],
                             [sampled[n] for n in positive]).statistic
    best_exact = {n for n, _ in metrics.top(exact, TOP)}
    best_sampled = {n for n, _ in metrics.top(sampled, TOP)}
    return {"spearman": round(float(rho_all), 4),
            "spearman_nonzero": round(float(rho_positive), 4), "nonzero_nodes": len(positive),
            f"top{TOP}_overlap": len(best_exact & best_sampled)}


def measure_size(size: int, *, seed: int, paths: str, exact_max: int,
                 report: Callable[[dict[str, Any]], None]) -> dict[str, Any]:
    """Time every measure on one graph; ``report`` receives each row as soon as it exists."""
    seconds, G = timed(lambda: power_law_graph(size, seed))
    on_paths = G if paths == "directed" else metrics.as_undirected(G)
    out: dict[str, Any] = {"size": size, "nodes": G.number_of_nodes(),
                           "edges": G.number_of_edges(), "paths": paths, "rows": []}

    def row(measure: str, seconds: float | None, note: str = "") -> None:
        entry = {"size": size, "measure": measure,
                 "seconds": None if seconds is None else round(seconds, 3), "note": note}
        out["rows"].append(entry)
        report(entry)

    row("build + collapse", seconds, f"{out['nodes']:,} nodes, {out['edges']:,} edges")
    big = size > exact_max
    exact = sampled = None
    plan: list[tuple[str, Callable[[], Any], str | None]] = [
        ("degree", lambda: metrics.degree(G), None),
        ("pagerank", lambda: metrics.pagerank(G), None),
        ("eigenvector", lambda: metrics.eigenvector(G), None),
        ("k-core", lambda: groups.k_core(G), None),
        ("louvain", lambda: groups.communities(G, seed=seed), None),
        ("leiden", lambda: groups.communities(G, method="leiden", seed=seed), None),
        (f"closeness ({paths})", lambda: metrics.closeness(on_paths),
         f"skipped: > {exact_max:,} nodes (all-pairs search)" if big else None),
        (f"betweenness exact ({paths})", lambda: metrics.betweenness(on_paths),
         f"skipped: > {exact_max:,} nodes (all-pairs search)" if big else None),
        (f"betweenness k={SAMPLED_PIVOTS} ({paths})",
         lambda: metrics.betweenness(on_paths, k=SAMPLED_PIVOTS, seed=seed), None),
    ]
    for name, run, skipped in plan:
        if skipped:
            row(name, None, skipped)
            continue
        seconds, result = timed(run)
        note = ""
        if name in ("louvain", "leiden"):
            note = f"{len(result.communities):,} communities, Q = {result.modularity:.3f}"
        elif name == "k-core":
            note = f"main core k = {result.k}, {len(result.members):,} nodes"
        elif name.startswith("betweenness exact"):
            exact = result
        elif name.startswith("betweenness k="):
            sampled = result
        row(name, seconds, note)
    if exact is not None and sampled is not None:
        out["sampled_vs_exact"] = agreement(exact, sampled)
        report({"size": size, "measure": "sampled vs exact", "seconds": None,
                "note": ", ".join(f"{k} {v}" for k, v in out["sampled_vs_exact"].items())})
    return out


def print_row(entry: dict[str, Any]) -> None:
    seconds = "—" if entry["seconds"] is None else f"{entry['seconds']:.3f}"
    print(f"{entry['size']:>8,} {entry['measure']:<34} {seconds:>9}  {entry['note']}",
          flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated node counts (default: 1000,10000)")
    parser.add_argument("--paths", choices=("directed", "undirected"), default="directed",
                        help="graph the path measures run on (default: directed)")
    parser.add_argument("--exact-max", type=int, default=10_000,
                        help="largest size for exact betweenness and closeness")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    report = (lambda entry: None) if args.json else print_row
    if not args.json:
        print(f"networkx {nx.__version__}, python {sys.version.split()[0]}; "
              f"path measures on the {args.paths} graph", flush=True)
        print(f"{'size':>8} {'measure':<34} {'seconds':>9}  note", flush=True)
    results = [measure_size(size, seed=args.seed, paths=args.paths, exact_max=args.exact_max,
                            report=report) for size in sizes]
    if args.json:
        print(json.dumps({"networkx": nx.__version__, "results": results}, indent=2))


if __name__ == "__main__":
    main()
