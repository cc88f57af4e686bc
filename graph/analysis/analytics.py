"""The metrics an analyst asks for, over an exported network, as one plain report.

``dismark metrics`` and the explorer both call ``run_metrics``: it collapses the exported
multigraph the way the request says (directed or not, weighted or not), runs each measure
of ``graph.analysis.metrics``, ``graph.analysis.brokerage`` and ``graph.analysis.disruption``, and
returns rows ready for a table or JSON, plus the per-node scores that can be written back to the
store.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

import networkx as nx

from graph.analysis import groups, metrics
from graph.analysis.brokerage import brokerage_roles, cross_border_brokers
from graph.analysis.disruption import STRATEGIES, removal_curve
from graph.analysis.to_networkx import collapse
from graph.errors import InvalidInput, Problem

MEASURES = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank",
            "core", "communities", "brokerage", "disruption")
#: Measures that rank actors by one number: their rows are the top N by it.
_RANKED = ("degree", "strength", "betweenness", "closeness", "eigenvector", "pagerank",
           "core")


@dataclass(frozen=True)
class MetricsRequest:
    """What to compute. ``directed`` applies to the centralities; brokerage always reads
    the directed graph (roles depend on who passes to whom)."""

    measures: tuple[str, ...] = ("degree", "betweenness", "pagerank")
    top: int = 10
    directed: bool = False
    weighted: bool = False
    sample: int | None = None
    seed: int | None = 1
    method: str = "louvain"
    groups: tuple[str, str] = ("BE", "NL")
    strategy: str = "degree"
    steps: int = 10
    recompute: bool = True
    #: two-mode data: tie two entities when one case file names both (the export must hold
    #: the entities, the case files and MENTIONED_IN); weight = case files shared
    co_mentioned: bool = False

    def check(self) -> None:
        problems = [Problem("metrics", None, "measure", f"expected one of "
                            f"{', '.join(MEASURES)}, got {m!r}")
                    for m in self.measures if m not in MEASURES]
        if self.strategy not in STRATEGIES:
            problems.append(Problem("metrics", None, "strategy", f"expected one of "
                                    f"{', '.join(STRATEGIES)}, got {self.strategy!r}"))
        if self.top < 1 or self.steps < 0 or (self.sample is not None and self.sample < 1):
            problems.append(Problem("metrics", None, "top/steps/sample",
                                    "expected positive whole numbers"))
        if problems:
            raise InvalidInput(problems)


@dataclass
class MetricsReport:
    nodes: int
    edges: int
    #: measure -> rows (dicts) for a table
    tables: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: measure -> summary figures (modularity, main core k …)
    summaries: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: score name (graph.analysis.scores.SCORES) -> node id -> value, for write-back
    scores: dict[str, dict[str, float | int]] = field(default_factory=dict)


def run_metrics(multigraph: nx.MultiDiGraph, request: MetricsRequest) -> MetricsReport:
    """Every requested measure on the collapsed network, ranked, ties broken by id."""
    request.check()
    if request.co_mentioned:  # symmetric ties: both directions for brokerage
        undirected = _co_mentioned(multigraph)
        directed = undirected.to_directed()
    else:
        directed = collapse(multigraph, directed=True)
        undirected = metrics.as_undirected(directed)
    graph = directed if request.directed else undirected
    report = MetricsReport(graph.number_of_nodes(), graph.number_of_edges())
    weight = "weight" if request.weighted else None
    for measure in request.measures:
        if measure in ("degree", "strength"):
            found = metrics.degree(graph, weight="weight")
            report.scores["degree"] = {n: d.degree for n, d in found.items()}
            report.scores["strength"] = {n: d.strength for n, d in found.items()}
        elif measure == "betweenness":
            report.scores[measure] = metrics.betweenness(graph, weighted=request.weighted,
                                                         k=request.sample, seed=request.seed)
        elif measure == "closeness":
            report.scores[measure] = metrics.closeness(graph, weighted=request.weighted)
        elif measure == "eigenvector":
            report.scores[measure] = metrics.eigenvector(graph, weight=weight)
        elif measure == "pagerank":
            report.scores[measure] = metrics.pagerank(graph, weight=weight)
        elif measure == "core":
            core = groups.k_core(graph)
            report.scores[measure] = dict(core.core_numbers)
            report.summaries[measure] = {"main_core_k": core.k,
                                         "main_core_size": len(core.members)}
        elif measure == "communities":
            _communities(graph, request, weight, report)
        elif measure == "brokerage":
            _brokerage(directed, request, report)
        elif measure == "disruption":
            curve = removal_curve(graph, request.strategy, request.steps,
                                  recompute=request.recompute, seed=request.seed,
                                  weighted=request.weighted)
            report.tables[measure] = [asdict(step) for step in curve]
            report.summaries[measure] = {"strategy": request.strategy,
                                         "recompute": request.recompute}
        if measure in _RANKED:
            report.tables[measure] = _ranked(graph, report.scores[measure], request.top)
    return report


def _co_mentioned(multigraph: nx.MultiDiGraph) -> nx.Graph:
    """The one-mode projection of entity–case-file data onto the entities."""
    two_mode = collapse(multigraph, directed=False)
    entities = [n for n, data in two_mode.nodes(data=True) if data.get("type") != "CaseFile"]
    projected = metrics.project_two_mode(two_mode, entities, weight="weight")
    for _, _, data in projected.edges(data=True):
        data["count"] = int(data["weight"])
    return projected


def _ranked(graph: nx.Graph, scores: dict, top: int) -> list[dict[str, Any]]:
    return [{"rank": i, "id": node, **_who(graph, node), "value": value}
            for i, (node, value) in enumerate(metrics.top(scores, top), start=1)]


def _who(graph: nx.Graph, node: str) -> dict[str, Any]:
    data = graph.nodes[node]
    return {"name": data.get("name"), "type": data.get("type"), "country": data.get("country")}


def _communities(graph: nx.Graph, request: MetricsRequest, weight: str | None,
                 report: MetricsReport) -> None:
    partition = groups.communities(graph, method=request.method, weight=weight,
                                    seed=request.seed)
    report.scores["community"] = partition.membership()
    report.summaries["communities"] = {"method": partition.method,
                                       "modularity": partition.modularity,
                                       "count": len(partition.communities)}
    degrees = metrics.degree(graph, weight=None)
    rows = []
    for i, members in enumerate(partition.communities[:request.top]):
        countries = sorted({str(graph.nodes[n].get("country") or "?") for n in members})
        central = [n for n, _ in metrics.top({n: degrees[n].degree for n in members}, 5)]
        rows.append({"community": i, "size": len(members), "countries": countries,
                     "most_connected": central})
    report.tables["communities"] = rows


def _brokerage(directed: nx.DiGraph, request: MetricsRequest, report: MetricsReport) -> None:
    report.scores["brokerage"] = {n: r.total for n, r in brokerage_roles(directed).items()}
    first, second = request.groups
    report.tables["brokerage"] = [
        {"rank": i, "id": b.node, **_who(directed, b.node), "cross_border": b.total,
         "representative": b.representative, "gatekeeper": b.gatekeeper,
         "liaison": b.liaison, f"{first}_to_{second}": b.first_to_second,
         f"{second}_to_{first}": b.second_to_first}
        for i, b in enumerate(cross_border_brokers(directed, request.groups, top=request.top),
                              start=1)]
    report.summaries["brokerage"] = {"groups": list(request.groups)}
