"""Time every network measure of graph/analysis/metrics.py on power-law graphs of growing size.

    python -m bench.metrics [--sizes 1000,10000,100000] [--paths directed|undirected|both]
                            [--exact-max 10000] [--baseline-max N] [--seed 1] [--json]

Each size is a directed scale-free graph (networkx ``scale_free_graph``, Bollobás et al.,
seeded), every relationship weight 1, collapsed with ``graph.analysis.to_networkx.collapse`` into
the shape the metrics take: parallel relationships become one edge whose weight is their number.
Path measures (closeness, betweenness) run on the directed graph and on its undirected view
(``--paths``); undirected they cost far more, because every node reaches everyone.

Exact betweenness and closeness are skipped above ``--exact-max`` nodes (all-pairs searches).
The measures that run in igraph are also timed as plain networkx on the same graph, at sizes
up to ``--baseline-max`` (default: ``--exact-max``), for the speed-up. Where exact and
sampled betweenness both ran, the report says how well the sample ranks the nodes: Spearman's
rho over all nodes and over the nodes whose exact value is > 0, how many nodes have exact
betweenness 0 (a sample never gives them more: they tie, and ties weaken rho), how many
nodes with exact > 0 the sample gives 0, and the overlap of the two top-100 lists.

Every figure is measured in the run that prints it; rows are printed as they finish, so a
run stopped by a time limit still reports what it measured. ``run`` is what ``make bench``
calls.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import igraph
import networkx as nx
from scipy.stats import spearmanr

from bench.clock import timed
from graph.analysis import groups, metrics
from graph.analysis.to_networkx import collapse

#: Pivots of the sampled betweenness: the target's 256, and what the same time buys in igraph.
SAMPLED_PIVOTS = (256, 1024)
PATHS = ("directed", "undirected")
TOP = 100

Report = Callable[[dict[str, Any]], None]


@dataclass(frozen=True)
class Measure:
    """One timed measure; ``networkx`` is the plain networkx call it replaces, if any."""

    name: str
    ours: Callable[[], Any]
    networkx: Callable[[], Any] | None = None
    all_pairs: bool = False


def power_law_graph(size: int, seed: int) -> nx.DiGraph:
    """A seeded scale-free multigraph, weight 1 per relationship, collapsed per the contract."""
    multigraph = nx.relabel_nodes(nx.scale_free_graph(size, seed=seed), lambda n: f"n{n}")
    for _, _, data in multigraph.edges(data=True):
        data["weight"] = 1.0
    return collapse(multigraph, directed=True)


def agreement(exact: dict[str, float], sampled: dict[str, float]) -> dict[str, Any]:
    """How well sampled betweenness ranks nodes compared with the exact values."""
    nodes = sorted(exact)
    rho_all = spearmanr([exact[n] for n in nodes], [sampled[n] for n in nodes]).statistic
    positive = [n for n in nodes if exact[n] > 0]
    rho_positive = spearmanr([exact[n] for n in positive],
                             [sampled[n] for n in positive]).statistic
    best_exact = {n for n, _ in metrics.top(exact, TOP)}
    best_sampled = {n for n, _ in metrics.top(sampled, TOP)}
    return {"spearman": round(float(rho_all), 4),
            "spearman_nonzero": round(float(rho_positive), 4),
            "zero_nodes": len(nodes) - len(positive), "nonzero_nodes": len(positive),
            "nonzero_sampled_zero": sum(sampled[n] == 0 for n in positive),
            f"top{TOP}_overlap": len(best_exact & best_sampled)}


def general_measures(G: nx.DiGraph, seed: int) -> list[Measure]:
    """Measures on the whole graph; communities and k-core read its undirected view."""
    U = metrics.as_undirected(G)
    return [
        Measure("degree", lambda: metrics.degree(G)),
        Measure("pagerank", lambda: metrics.pagerank(G)),
        Measure("eigenvector", lambda: metrics.eigenvector(G)),
        Measure("k-core", lambda: groups.k_core(G), lambda: nx.core_number(U)),
        Measure("louvain", lambda: groups.communities(G, seed=seed),
                lambda: nx.community.louvain_communities(U, seed=seed)),
        Measure("leiden", lambda: groups.communities(G, method="leiden", seed=seed),
                lambda: nx.community.leiden_communities(U, seed=seed, metric="modularity")),
    ]


def path_measures(G: nx.Graph, paths: str, seed: int) -> list[Measure]:
    """Closeness and betweenness on the directed graph or its undirected view."""
    first = SAMPLED_PIVOTS[0]
    return [
        Measure(f"closeness ({paths})", lambda: metrics.closeness(G),
                lambda: nx.closeness_centrality(G), all_pairs=True),
        Measure(f"betweenness exact ({paths})", lambda: metrics.betweenness(G),
                lambda: nx.betweenness_centrality(G), all_pairs=True),
        *(Measure(f"betweenness k={k} ({paths})",
                  lambda k=k: metrics.betweenness(G, k=k, seed=seed),
                  (lambda: nx.betweenness_centrality(G, k=first, seed=seed)) if k == first
                  else None)
          for k in SAMPLED_PIVOTS),
    ]


def describe(name: str, result: Any) -> str:
    """A short note on a result worth reading beside its time."""
    if name in ("louvain", "leiden"):
        return f"{len(result.communities):,} communities, Q = {result.modularity:.3f}"
    if name == "k-core":
        return f"main core k = {result.k}, {len(result.members):,} nodes"
    return ""


def measure_size(size: int, *, seed: int, paths: tuple[str, ...], exact_max: int,
                 baseline_max: int, report: Report) -> dict[str, Any]:
    """Time every measure on one graph; ``report`` receives each row as soon as it exists."""
    seconds, G = timed(lambda: power_law_graph(size, seed))
    out: dict[str, Any] = {"nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
                           "build_seconds": round(seconds, 3), "measures": {},
                           "agreement": {}}
    report({"size": size, "measure": "build + collapse", "seconds": seconds,
            "note": f"{out['nodes']:,} nodes, {out['edges']:,} edges"})
    plan = general_measures(G, seed)
    for kind in paths:
        plan += path_measures(G if kind == "directed" else metrics.as_undirected(G), kind, seed)
    results = {}
    for measure in plan:
        out["measures"][measure.name], results[measure.name] = _timed_measure(
            measure, size, exact_max, baseline_max, report)
    for kind in paths:
        exact = results.get(f"betweenness exact ({kind})")
        for k in SAMPLED_PIVOTS if exact is not None else ():
            found = agreement(exact, results[f"betweenness k={k} ({kind})"])
            out["agreement"].setdefault(kind, {})[f"k={k}"] = found
            report({"size": size, "measure": f"k={k} vs exact ({kind})", "seconds": None,
                    "note": ", ".join(f"{key} {value}" for key, value in found.items())})
    return out


def _timed_measure(measure: Measure, size: int, exact_max: int, baseline_max: int,
                   report: Report) -> tuple[dict[str, Any], Any]:
    """The measure's own time and, at small sizes, plain networkx's on the same graph."""
    row: dict[str, Any] = {"size": size, "measure": measure.name}
    if measure.all_pairs and size > exact_max:
        report({**row, "seconds": None, "note": f"skipped: > {exact_max:,} nodes (all-pairs)"})
        return {"seconds": None, "skipped": f"more than {exact_max} nodes"}, None
    seconds, result = timed(measure.ours)
    entry = {"seconds": round(seconds, 3)}
    if measure.networkx is not None and size <= baseline_max:
        entry["baseline_seconds"] = round(timed(measure.networkx)[0], 3)
    report({**row, **entry, "note": describe(measure.name, result)})
    return entry, result


def run(sizes: list[int], exact_max: int, seed: int, *, paths: tuple[str, ...] = PATHS,
        baseline_max: int | None = None, report: Report | None = None) -> dict[str, Any]:
    """Seconds per measure per size, networkx baselines, and sampled-betweenness agreement.

    Returns ``{"measures": {measure: {size: {"seconds", "baseline_seconds"?}}},
    "betweenness_agreement": {paths: {size: {"k=256": {...}}}}, "graphs": {size: {...}}}``
    plus the versions; ``baseline_seconds`` is plain networkx on the same graph, timed at
    sizes up to ``baseline_max`` (default ``exact_max``).
    """
    limit = exact_max if baseline_max is None else baseline_max
    out: dict[str, Any] = {"networkx": nx.__version__, "igraph": igraph.__version__,
                           "python": sys.version.split()[0], "seed": seed, "graphs": {},
                           "measures": {}, "betweenness_agreement": {}}
    for size in sizes:
        found = measure_size(size, seed=seed, paths=paths, exact_max=exact_max,
                             baseline_max=limit, report=report or (lambda row: None))
        out["graphs"][size] = {key: found[key] for key in ("nodes", "edges", "build_seconds")}
        for name, entry in found["measures"].items():
            out["measures"].setdefault(name, {})[size] = entry
        for kind, by_k in found["agreement"].items():
            out["betweenness_agreement"].setdefault(kind, {})[size] = by_k
    return out


def print_row(entry: dict[str, Any]) -> None:
    def shown(value: float | None) -> str:
        return "—" if value is None else f"{value:.3f}"

    print(f"{entry['size']:>8,} {entry['measure']:<32} {shown(entry['seconds']):>9} "
          f"{shown(entry.get('baseline_seconds')):>9}  {entry.get('note', '')}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000",
                        help="comma-separated node counts (default: 1000,10000)")
    parser.add_argument("--paths", choices=(*PATHS, "both"), default="both",
                        help="graph the path measures run on (default: both)")
    parser.add_argument("--exact-max", type=int, default=10_000,
                        help="largest size for exact betweenness and closeness")
    parser.add_argument("--baseline-max", type=int, default=None,
                        help="largest size timed in plain networkx too (default: --exact-max; "
                             "0: none)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    paths = PATHS if args.paths == "both" else (args.paths,)
    if not args.json:
        print(f"networkx {nx.__version__}, igraph {igraph.__version__}, python "
              f"{sys.version.split()[0]}; path measures on the {' and '.join(paths)} graph",
              flush=True)
        print(f"{'size':>8} {'measure':<32} {'seconds':>9} {'networkx':>9}  note", flush=True)
    result = run(sizes, args.exact_max, args.seed, paths=paths, baseline_max=args.baseline_max,
                 report=None if args.json else print_row)
    if args.json:
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
