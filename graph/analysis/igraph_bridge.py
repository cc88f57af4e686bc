"""networkx in, igraph out: the one place our graphs cross into igraph's C core.

The heavy measures (betweenness, closeness, communities, k-cores, the drawings' layout) run
in igraph, tens to hundreds of times faster than networkx's pure Python. Everything else
keeps working on networkx graphs; only this module imports igraph.

Two things make an igraph answer depend on the graph's content alone: :func:`to_igraph`
numbers the vertices in node-id order and adds the edges sorted (not in load order, not in
Python's per-process hash order), and :func:`seeded` gives igraph's process-wide random
number generator a seed for the duration of one call, under a lock because Streamlit serves
sessions in threads.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Hashable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass

import igraph
import networkx as nx

_RANDOM = threading.Lock()


def sorted_ids(nodes: Iterable[Hashable]) -> list[Hashable]:
    """Nodes in id order; mixed id types fall back to their text, so the order is still fixed."""
    nodes = list(nodes)
    try:
        return sorted(nodes)
    except TypeError:
        return sorted(nodes, key=lambda n: (type(n).__name__, str(n)))


@dataclass(frozen=True)
class Indexed:
    """An igraph graph whose vertex ``i`` is ``nodes[i]`` (``index[node]`` is ``i``), and its
    edge weights (None: unweighted)."""

    graph: igraph.Graph
    nodes: list[Hashable]
    index: dict[Hashable, int]
    weights: list[float] | None = None

    def by_node(self, values: Iterable) -> dict[Hashable, float]:
        """Per-vertex results keyed by node id again."""
        return dict(zip(self.nodes, values, strict=True))


def from_edges(nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]], *,
               directed: bool = False, weights: Sequence[float] | None = None) -> Indexed:
    """Vertex ``i`` is ``nodes[i]``; ``edges`` are added in the order given, with ``weights``."""
    index = {node: i for i, node in enumerate(nodes)}
    graph = igraph.Graph(n=len(index), edges=[(index[u], index[v]) for u, v in edges],
                         directed=directed)
    return Indexed(graph, list(nodes), index, None if weights is None else list(weights))


def to_igraph(G: nx.Graph, weight: str | None = None) -> Indexed:
    """``G`` numbered in id order, edges sorted, with ``weight`` per edge (missing: 1).

    ``weight=None`` leaves the edges unweighted (igraph then runs breadth-first searches
    instead of Dijkstra). Self-loops are kept: modularity counts them.

    >>> ties = to_igraph(nx.Graph([("cor", "bram"), ("bram", "ans", {"weight": 2.0})]), "weight")
    >>> ties.nodes, ties.graph.get_edgelist(), ties.weights
    (['ans', 'bram', 'cor'], [(0, 1), (1, 2)], [2.0, 1.0])
    """
    nodes = sorted_ids(G)
    rank = {node: i for i, node in enumerate(nodes)}

    def ends(edge: tuple) -> tuple[int, int]:
        u, v = rank[edge[0]], rank[edge[1]]
        return (u, v) if G.is_directed() or u <= v else (v, u)

    edges = sorted(G.edges(data=True), key=ends)
    weights = None if weight is None else [float(d.get(weight, 1.0)) for *_, d in edges]
    return from_edges(nodes, [(u, v) for u, v, _ in edges], directed=G.is_directed(),
                      weights=weights)


@contextmanager
def seeded(seed: int | None) -> Iterator[None]:
    """igraph draws from ``random.Random(seed)`` inside the block, then from ``random`` again.

    The generator is global to the process, hence the lock: two sessions seeding it at once
    would each get the other's numbers.
    """
    with _RANDOM:
        igraph.set_random_number_generator(random.Random(seed))
        try:
            yield
        finally:
            igraph.set_random_number_generator(random)
