"""Network measures over the collapsed graph: who is central, how close, by which paths.

Every function is pure: first argument ``G``, the collapsed ``nx.DiGraph`` or ``nx.Graph`` that
``graph.analysis.to_networkx.collapse`` makes (one edge per pair with ``weight`` = summed
relationship weights, ``count`` and ``distance`` = 1 / weight), no store, no I/O. Per-node measures
return a dict keyed by node id; randomised measures are deterministic given a ``seed``. Betweenness
and closeness give networkx's values but run in igraph's C core (``graph.analysis.igraph_bridge``),
so they stay usable on graphs of 100,000 nodes.

Two conventions hold throughout:

* **weight vs distance.** Strength, eigenvector, PageRank and modularity read ``weight`` (a
  heavier tie counts more). Path measures (betweenness, closeness, shortest paths) read
  ``distance`` = 1 / weight when ``weighted=True``: three relationships of weight 1 make a tie
  of weight 3 and distance 1/3, so information is assumed to travel faster over it.
* **direction.** Path measures and PageRank follow edge direction when ``G`` is directed (a
  supply chain runs one way). Measures only defined for undirected graphs (eigenvector, and
  the communities and k-cores of ``graph.analysis.groups``) use :func:`as_undirected`. For symmetric
  ties such as CONTACT, pass the undirected graph (``collapse(M, directed=False)`` or
  ``as_undirected(G)``) to every measure.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from itertools import islice
from typing import Literal

import networkx as nx
from networkx.algorithms import bipartite

from graph.analysis.igraph_bridge import Indexed, sorted_ids, to_igraph
from graph.errors import DismarkError

Node = Hashable


def _require_collapsed(G: nx.Graph) -> None:
    """Multigraphs mean something else to networkx (parallel edges); refuse them."""
    if G.is_multigraph():
        raise DismarkError("metrics need the collapsed graph (one edge per pair), got a "
                           f"{type(G).__name__}; pass "
                           "graph.analysis.to_networkx.collapse(M) instead")


def _require_distance(G: nx.Graph, distance: str) -> None:
    """Dijkstra silently treats a missing attribute as 1, which would mix units: refuse it."""
    if missing := next(((u, v) for u, v, d in G.edges(data=True) if distance not in d), None):
        raise DismarkError(f"edge {missing!r} has no {distance!r} attribute; weighted path "
                           "measures need distance = 1 / weight "
                           "(graph.analysis.to_networkx.collapse sets it)")


def top(scores: Mapping[Node, float], n: int = 10) -> list[tuple[Node, float]]:
    """The ``n`` highest scores, ties broken by node id so a ranking never changes between runs.

    Examples
    --------
    >>> top({"b": 1.0, "a": 1.0, "c": 2.0}, 2)
    [('c', 2.0), ('a', 1.0)]
    """
    order = {node: i for i, node in enumerate(sorted_ids(scores))}
    return sorted(scores.items(), key=lambda item: (-item[1], order[item[0]]))[:n]


def as_undirected(G: nx.Graph) -> nx.Graph:
    """The undirected view: both directions of a pair become one tie.

    ``weight`` and ``count`` of A→B and B→A are summed and ``distance`` is recomputed as
    1 / weight; other edge attributes are dropped, node attributes are copied. A missing weight
    or count counts as 1. An undirected ``G`` is returned as is (do not mutate it).

    Examples
    --------
    >>> D = nx.DiGraph([("a", "b", {"weight": 2.0, "count": 2}), ("b", "a", {"weight": 1.0})])
    >>> as_undirected(D).edges["a", "b"]
    {'weight': 3.0, 'count': 3, 'distance': 0.3333333333333333}
    """
    _require_collapsed(G)
    if not G.is_directed():
        return G
    U = nx.Graph()
    U.graph.update(G.graph)
    U.add_nodes_from(G.nodes(data=True))
    for u, v, data in G.edges(data=True):
        if u == v:
            continue
        weight, count = data.get("weight", 1.0), data.get("count", 1)
        if U.has_edge(u, v):
            U[u][v]["weight"] += weight
            U[u][v]["count"] += count
        else:
            U.add_edge(u, v, weight=weight, count=count)
    for _, _, data in U.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return U


@dataclass(frozen=True)
class NodeDegree:
    """How many partners a node has (``degree``) and how much tie weight (``strength``).

    ``centrality`` is degree / (n − 1), the share of all other nodes it is tied to. The
    ``in_``/``out_`` fields are set for directed graphs only.
    """

    degree: int
    strength: float
    centrality: float
    in_degree: int | None = None
    out_degree: int | None = None
    in_strength: float | None = None
    out_strength: float | None = None


def degree(G: nx.Graph, weight: str | None = "weight") -> dict[Node, NodeDegree]:
    """Degree (distinct partners) and strength (summed tie weight) per node.

    Degree says how many others an actor deals with; strength how intensely. In a directed
    graph a pair tied both ways is one partner (``degree``) but both edges add to ``strength``.

    Parameters
    ----------
    G : collapsed nx.DiGraph or nx.Graph
    weight : edge attribute summed for strength; None counts each edge as 1.

    Examples
    --------
    >>> degree(nx.path_graph(3), weight=None)[1].degree
    2
    """
    _require_collapsed(G)
    scale = 1.0 / (len(G) - 1) if len(G) > 1 else 0.0

    def strength(edges) -> float:
        return float(sum(1.0 if weight is None else data.get(weight, 1.0)
                         for *_, data in edges))

    result: dict[Node, NodeDegree] = {}
    for node in G:
        if not G.is_directed():
            partners = len(set(G[node]) - {node})
            result[node] = NodeDegree(partners, strength(G.edges(node, data=True)),
                                      partners * scale)
            continue
        partners = len((set(G.pred[node]) | set(G.succ[node])) - {node})
        ins, outs = strength(G.in_edges(node, data=True)), strength(G.out_edges(node, data=True))
        result[node] = NodeDegree(partners, ins + outs, partners * scale, G.in_degree(node),
                                  G.out_degree(node), ins, outs)
    return result


def betweenness(G: nx.Graph, *, weighted: bool = False, k: int | None = None,
                seed: int | None = None, normalized: bool = True,
                distance: str = "distance") -> dict[Node, float]:
    """Share of shortest paths between other actors that run through each node: the brokers.

    Removing a high-betweenness actor cuts the most communication lines. ``weighted=True``
    uses ``distance`` (1 / weight), so paths prefer strong ties; it does NOT use weight as a
    length. ``k`` samples k source pivots (Brandes–Pich): an estimate for large graphs,
    deterministic for a fixed ``seed``; k ≥ n is exact. The values, their normalisation and
    the pivots drawn are networkx's ``betweenness_centrality(k=, seed=)``; the searches run in
    igraph's C core (Brandes' algorithm, ~40x faster). One difference: igraph counts weighted
    paths whose lengths differ only by rounding (1/3 + 1/3 + 1/3 and 1) as equally short,
    where networkx kept whichever rounded lower.

    Examples
    --------
    >>> betweenness(nx.path_graph(3))[1]
    1.0
    """
    _require_collapsed(G)
    if weighted:
        _require_distance(G, distance)
    if k is not None and k >= len(G):
        k = None  # every node is a pivot: the exact answer
    paths = to_igraph(G, distance if weighted else None)
    pivots = None if k is None else [paths.index[node]
                                     for node in random.Random(seed).sample(list(G), k)]
    counts = paths.graph.betweenness(directed=True, weights=paths.weights, sources=pivots)
    return paths.by_node(_rescaled(counts, pivots, directed=G.is_directed(),
                                   normalized=normalized))


def _rescaled(counts: list[float], pivots: list[int] | None, *, directed: bool,
              normalized: bool) -> list[float]:
    """igraph's path counts scaled as networkx (≥ 3.5) scales betweenness.

    igraph counts a pair of an undirected graph once, networkx twice before halving or
    normalising by the (n − 1)(n − 2) ordered pairs. With pivots, the sum over them is scaled
    up to all n − 1 possible sources; a pivot's own value by n − 1 over k − 1, since it is
    never a source of paths through itself (k = 1 leaves it undefined: NaN, as networkx).
    """
    others = len(counts) - 1
    if others < 2:
        return counts
    ordered = 1 if directed else 2

    def scale(sources: int) -> float:
        if sources == 0:
            return math.nan
        return ordered / (sources * (others - 1)) if normalized else others / sources

    if pivots is None:
        return [count * scale(others) for count in counts]
    pivot, other = scale(len(pivots) - 1), scale(len(pivots))
    is_pivot = set(pivots)
    return [count * (pivot if v in is_pivot else other) for v, count in enumerate(counts)]


def closeness(G: nx.Graph, *, weighted: bool = False, wf_improved: bool = True,
              distance: str = "distance") -> dict[Node, float]:
    """How near each node is to the others it can be reached from: who hears things fast.

    Closeness is (r − 1) / (sum of distances from the r − 1 nodes that reach it). Criminal
    networks are rarely connected, so by default the Wasserman–Faust correction multiplies by
    (r − 1) / (n − 1): an actor close to everyone in a 3-node splinter group does not outrank
    one central in the main network (networkx ``wf_improved=True``; Wasserman & Faust 1994,
    p. 201). For a DiGraph distances run *into* the node (networkx convention).
    ``weighted=True`` uses ``distance`` = 1 / weight. networkx's values, computed by igraph.

    Examples
    --------
    >>> closeness(nx.path_graph(3))[1]
    1.0
    """
    _require_collapsed(G)
    if weighted:
        _require_distance(G, distance)
    paths = to_igraph(G, distance if weighted else None)
    near = paths.graph.closeness(mode="in", weights=paths.weights, normalized=True)
    shares = _reached_shares(paths) if wf_improved else [1.0] * len(near)
    return paths.by_node(0.0 if math.isnan(c) else c * share
                         for c, share in zip(near, shares, strict=True))


def _reached_shares(paths: Indexed) -> list[float]:
    """(r − 1) / (n − 1) per node: the share of the others that can reach it.

    Undirected, r is the size of the node's component (a breadth-first search from every
    node would cost as much as closeness itself); directed, the nodes it is reached from.
    """
    graph = paths.graph
    others = max(graph.vcount() - 1, 1)
    if graph.is_directed():
        reached = graph.neighborhood_size(order=graph.vcount(), mode="in")
    else:
        parts = graph.connected_components()
        sizes = parts.sizes()
        reached = [sizes[part] for part in parts.membership]
    return [(r - 1) / others for r in reached]


def eigenvector(G: nx.Graph, weight: str | None = "weight", *, max_iter: int = 1000,
                tol: float = 1e-6) -> dict[Node, float]:
    """Centrality from being tied to central actors (leading eigenvector, unit length).

    It marks actors close to the core of the organisation even when their own degree is low.
    Always computed on :func:`as_undirected`: criminal networks are rarely strongly connected,
    and there the directed eigenvector is (near) zero for every node no cycle reaches (on
    a → b → c only c scores) and not unique when there are several strongly connected parts.
    On a disconnected graph, nodes outside the component with the largest eigenvalue get
    (near) 0. Power iteration runs first; if it does not converge in ``max_iter`` steps the
    same eigenvector is computed with scipy's ARPACK (``eigenvector_centrality_numpy``); if
    that fails too, a DismarkError says so.

    Examples
    --------
    >>> round(eigenvector(nx.path_graph(3))[1], 4)
    0.7071
    """
    U = as_undirected(G)
    if len(U) == 0:
        return {}
    try:
        return nx.eigenvector_centrality(U, max_iter=max_iter, tol=tol, weight=weight)
    except nx.PowerIterationFailedConvergence:
        pass
    try:
        return nx.eigenvector_centrality_numpy(U, weight=weight, max_iter=50 * len(U))
    except Exception as error:  # scipy's ArpackNoConvergence and kin
        raise DismarkError(f"eigenvector centrality did not converge ({error}); use pagerank, "
                           "which always converges, or compute it per component") from error


def pagerank(G: nx.Graph, weight: str | None = "weight", alpha: float = 0.85, *,
             max_iter: int = 100, tol: float = 1e-6) -> dict[Node, float]:
    """Importance passed along ties (direction respected): PageRank, summing to 1.

    Unlike eigenvector centrality it is defined on any directed graph: with probability
    1 − ``alpha`` the walk jumps to a random node, so dead ends do not absorb everything.

    Examples
    --------
    >>> round(pagerank(nx.path_graph(3))[1], 3)
    0.486
    """
    _require_collapsed(G)
    return nx.pagerank(G, alpha=alpha, weight=weight, max_iter=max_iter, tol=tol)


@dataclass(frozen=True)
class Path:
    """One route: its nodes, its number of hops and its length (total distance if weighted)."""

    nodes: tuple[Node, ...]
    hops: int
    length: float


def shortest_paths(G: nx.Graph, source: Node, target: Node, *, k: int = 1,
                   weighted: bool = False, distance: str = "distance") -> list[Path]:
    """The ``k`` shortest simple routes from source to target, shortest first.

    Alternatives matter: if the first route is cut, the next one is how the network adapts.
    Uses networkx ``shortest_simple_paths`` (Yen); ``weighted=True`` minimises summed
    ``distance`` (1 / weight). Direction is followed in a DiGraph. No route gives ``[]``.
    Among equally long routes at the k-th place, networkx's search order decides.

    Examples
    --------
    >>> shortest_paths(nx.path_graph(3), 0, 2)[0].nodes
    (0, 1, 2)
    """
    _require_collapsed(G)
    for node in (source, target):
        if node not in G:
            raise DismarkError(f"unknown entity {node!r}: it is not in the graph")
    if weighted:
        _require_distance(G, distance)
    attribute = distance if weighted else None
    routes = nx.shortest_simple_paths(G, source, target, weight=attribute)
    try:
        found = list(islice(routes, k))
    except nx.NetworkXNoPath:
        return []
    paths = [Path(tuple(p), len(p) - 1,
                  float(nx.path_weight(G, p, attribute) if weighted else len(p) - 1))
             for p in found]
    return sorted(paths, key=lambda p: (p.length, p.hops, [str(n) for n in p.nodes]))


def project_two_mode(B: nx.Graph, mode_nodes: Iterable[Node], *, weight: str = "shared",
                     method: Literal["count", "newman"] = "count") -> nx.Graph:
    """Tie two actors when they share an item (case file, meeting, address, phone).

    Only edges between ``mode_nodes`` and other nodes count; pass a graph holding just the
    two modes (e.g. Persons and CaseFiles). ``method="count"``: weight = number of shared
    items (networkx ``weighted_projected_graph``). ``method="newman"``: each item adds
    1 / (its members − 1), so two people in a 2-person file are tied more strongly than two
    of 30 names in a large file (Newman 2001, ``collaboration_weighted_projected_graph``).
    Each edge also gets ``distance`` = 1 / weight and ``items``, the shared items (sorted).

    Examples
    --------
    >>> B = nx.Graph([("ans", "pv-1"), ("bram", "pv-1")])
    >>> project_two_mode(B, ["ans", "bram"]).edges["ans", "bram"]["shared"]
    1
    """
    people = set(mode_nodes)
    if unknown := sorted_ids(people - set(B)):
        raise DismarkError(f"unknown entities {unknown[:5]!r}: they are not in the graph")
    two_mode = nx.Graph()
    two_mode.add_nodes_from(B.nodes(data=True))
    two_mode.add_edges_from((u, v) for u, v in B.edges() if (u in people) != (v in people))
    projector = (bipartite.collaboration_weighted_projected_graph if method == "newman"
                 else bipartite.weighted_projected_graph)
    P = projector(two_mode, sorted_ids(people))
    for u, v, data in P.edges(data=True):
        value = data.pop("weight")
        data[weight] = value
        data["distance"] = 1.0 / value
        data["items"] = tuple(sorted_ids(set(two_mode[u]) & set(two_mode[v])))
    return P
