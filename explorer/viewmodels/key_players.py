"""What the explorer's key-players page computes: ``dismark metrics`` plus what it draws.

The page asks the same question as ``dismark metrics``
(``graph.analysis.to_networkx.export_network`` then ``graph.analysis.analytics.run_metrics``, so its
tables agree with the command's), and two things the command prints as text but an analyst wants to
see: the disruption what-if for several strategies side by side (one ``run_metrics`` per strategy,
each equal to ``dismark metrics --measure disruption --strategy S``), and the largest communities
laid out so they can be drawn coloured by community.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

import networkx as nx

from explorer.viewmodels.visual import country_style
from graph.analysis.analytics import MetricsReport, MetricsRequest, run_metrics
from graph.analysis.disruption import STRATEGIES
from graph.analysis.layout import force_layout
from graph.analysis.to_networkx import Selection, collapse, export_network
from graph.errors import InvalidInput, Problem
from graph.model.ontology import Ontology
from graph.store import GraphStore

#: Largest communities drawn, and at most this many of their members (a drawing of
#: thousands of points says nothing; the table lists every community).
COMMUNITIES_DRAWN = 6
MAX_DRAWN_NODES = 400


@dataclass
class CommunityDrawing:
    """Positions of the members of the largest communities and the ties among them."""

    #: one row per node: id, name, type, country, outline (``visual.country_style``'s
    #: code: BE, NL or other), community, x, y
    nodes: list[dict[str, Any]] = field(default_factory=list)
    #: one row per tie: source, target, x, y, x2, y2
    edges: list[dict[str, Any]] = field(default_factory=list)
    #: communities drawn (their index in the report's communities table)
    communities: list[int] = field(default_factory=list)


@dataclass
class KeyPlayers:
    """The metrics report of the selected network, with the curves and drawing the page shows.

    ``relationships`` counts the relationships exported (parallel ones apart);
    ``report.nodes`` / ``report.edges`` the collapsed network the measures ran on.
    """

    relationships: int
    report: MetricsReport
    #: strategy -> the removal curve rows (``graph.analysis.disruption.RemovalStep`` as dicts)
    curves: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    drawing: CommunityDrawing | None = None


def key_players(store: GraphStore, ontology: Ontology, selection: Selection,
                request: MetricsRequest, strategies: tuple[str, ...] = ("degree",)
                ) -> KeyPlayers:
    """Export ``selection``, run ``request`` on it and, when it asks for disruption, one
    removal curve per strategy in ``strategies``.

    An empty export gives an empty report (nothing is computed): the caller says so.
    ``InvalidInput`` names the field of an unknown measure, strategy or selection value.
    """
    request.check()
    unknown = [s for s in strategies if s not in STRATEGIES]
    if unknown:
        raise InvalidInput([Problem("key players", None, "strategies", f"expected one of "
                                    f"{', '.join(STRATEGIES)}, got {', '.join(unknown)}")])
    multigraph = export_network(store, ontology, selection)
    if multigraph.number_of_nodes() == 0:
        return KeyPlayers(0, MetricsReport(0, 0))
    ranked = replace(request, measures=tuple(m for m in request.measures if m != "disruption"))
    report = run_metrics(multigraph, ranked)
    found = KeyPlayers(multigraph.number_of_edges(), report)
    if "disruption" in request.measures:
        for strategy in strategies or (request.strategy,):
            curve = run_metrics(multigraph, replace(request, measures=("disruption",),
                                                    strategy=strategy))
            found.curves[strategy] = curve.tables["disruption"]
    if "community" in report.scores:
        found.drawing = community_drawing(collapse(multigraph, directed=False),
                                          report.scores["community"])
    return found


def community_drawing(G: nx.Graph, membership: dict[Any, int], *,
                      communities: int = COMMUNITIES_DRAWN,
                      max_nodes: int = MAX_DRAWN_NODES, seed: int = 7) -> CommunityDrawing:
    """The largest ``communities`` of ``membership`` (index 0 is the largest), as many whole
    communities as fit in ``max_nodes`` (at least the largest, cut to ``max_nodes``), laid
    out with a seeded force layout (``graph.analysis.layout``) so the same network always looks the
    same.

    Examples
    --------
    >>> G = nx.Graph([("a", "b"), ("c", "d")])
    >>> drawing = community_drawing(G, {"a": 0, "b": 0, "c": 1, "d": 1}, communities=1)
    >>> sorted(row["id"] for row in drawing.nodes), drawing.communities
    (['a', 'b'], [0])
    """
    by_community: dict[int, list[Any]] = {}
    for node, index in membership.items():
        by_community.setdefault(index, []).append(node)
    chosen: list[Any] = []
    drawn: list[int] = []
    for index in sorted(by_community)[:communities]:
        members = sorted(by_community[index], key=str)
        if drawn and len(chosen) + len(members) > max_nodes:
            break
        chosen += members[:max_nodes - len(chosen)]
        drawn.append(index)
    sub = G.subgraph(chosen)
    positions = force_layout(list(sub), sub.edges(), scale=1.0, seed=seed)
    nodes = [{"id": str(n), "name": str(G.nodes[n].get("name", n)),
              "type": G.nodes[n].get("type"), "country": G.nodes[n].get("country") or "?",
              "outline": country_style(G.nodes[n].get("country")).code,
              "community": membership[n], "x": float(positions[n][0]),
              "y": float(positions[n][1])} for n in chosen]
    edges = [{"source": str(a), "target": str(b), "x": float(positions[a][0]),
              "y": float(positions[a][1]), "x2": float(positions[b][0]),
              "y2": float(positions[b][1])} for a, b in sub.edges()]
    return CommunityDrawing(nodes, edges, drawn)


def curve_rows(curves: dict[str, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """The curves as one long table (strategy, step, fraction, removed) for a line chart."""
    return [{"strategy": strategy, "removed": step["step"],
             "fraction_of_largest_component": step["fraction_of_original"],
             "largest_component": step["largest_component"],
             "actor_removed": "" if step["removed"] is None else str(step["removed"])}
            for strategy, steps in curves.items() for step in steps]
