"""Cohesive groups in the collapsed graph: communities (cells, crews, clans) and k-cores.

Both read the undirected view (who deals with whom, not who called whom); results do not
depend on the order nodes were loaded in or on Python's hash seed.
"""

from __future__ import annotations

import inspect
from dataclasses import dataclass
from typing import Literal

import networkx as nx

from graph.errors import DismarkError
from graph.metrics import Node, as_undirected, sorted_ids


@dataclass(frozen=True)
class Partition:
    """Communities (largest first, then by smallest member) and the partition's modularity.

    ``modularity`` is Newman's Q at resolution 1 on the undirected view, whatever resolution
    the search used, so runs stay comparable; Q > 0.3 is conventionally real structure.
    """

    communities: tuple[frozenset[Node], ...]
    modularity: float
    method: str
    resolution: float

    def membership(self) -> dict[Node, int]:
        """Community index per node."""
        return {node: i for i, group in enumerate(self.communities) for node in group}


def _leiden_available() -> bool:
    """networkx ≥ 3.7 ships a pure-Python Leiden; 3.5–3.6 only dispatch it to a backend."""
    leiden = getattr(nx.community, "leiden_communities", None)
    return leiden is not None and "metric" in inspect.signature(leiden).parameters


def _canonical(U: nx.Graph, weight: str | None) -> tuple[nx.Graph, list[Node]]:
    """``U`` relabelled 0..n-1 in id order, edges inserted in sorted order.

    networkx 3.7's Leiden iterates over sets of nodes, whose order for string ids changes with
    Python's per-process hash seed: with the same ``seed`` it gave 5 different partitions in 6
    processes on a 200-node graph. Integer labels and a fixed insertion order make the answer
    depend on the graph's content and the seed only.
    """
    order = sorted_ids(U)
    index = {node: i for i, node in enumerate(order)}
    H = nx.Graph()
    H.add_nodes_from(range(len(order)))
    H.add_edges_from(sorted(
        (*sorted((index[u], index[v])), {"weight": 1.0 if weight is None else d.get(weight, 1.0)})
        for u, v, d in U.edges(data=True)))
    return H, order


def communities(G: nx.Graph, *, method: Literal["louvain", "leiden"] = "louvain",
                weight: str | None = "weight", resolution: float = 1.0,
                seed: int | None = None) -> Partition:
    """Groups of actors more tied to each other than to the rest: cells, crews, clans.

    Both methods maximise modularity on :func:`as_undirected` (who talks to whom, not who
    called whom). Leiden (Traag et al. 2019) guarantees connected communities; Louvain may
    not. networkx's Leiden defaults to the Constant Potts Model, where two groups merge only
    if the weight between them exceeds resolution × size × size: at resolution 1 and unit
    weights nothing merges. We ask it for modularity so both methods mean the same thing.
    Higher ``resolution`` gives smaller groups.

    Examples
    --------
    >>> two_triangles = nx.Graph([(1, 2), (2, 3), (1, 3), (3, 4), (4, 5), (5, 6), (4, 6)])
    >>> communities(two_triangles, seed=1).communities
    (frozenset({1, 2, 3}), frozenset({4, 5, 6}))
    """
    if method not in ("louvain", "leiden"):
        raise DismarkError(f"unknown community method {method!r}; use 'louvain' or 'leiden'")
    if method == "leiden" and not _leiden_available():
        raise DismarkError(f"Leiden needs networkx >= 3.7 (installed: {nx.__version__}) "
                           "or a networkx backend that implements it (e.g. nx-cugraph); "
                           "use method='louvain' meanwhile")
    U = as_undirected(G)
    H, order = _canonical(U, weight)
    if H.number_of_edges() == 0:  # modularity is undefined; nothing to group
        found = [{i} for i in H]
    elif method == "louvain":
        found = nx.community.louvain_communities(H, resolution=resolution, seed=seed)
    else:
        found = nx.community.leiden_communities(H, resolution=resolution, seed=seed,
                                                metric="modularity")
    groups = [{order[i] for i in group} for group in found]
    ordered = sorted((frozenset(g) for g in groups),
                     key=lambda g: (-len(g), sorted_ids(g)[0]))
    quality = nx.community.modularity(U, ordered, weight=weight) if U.number_of_edges() else 0.0
    return Partition(tuple(ordered), quality, method, resolution)


@dataclass(frozen=True)
class KCore:
    """Core number per node and the ``k``-core: nodes with at least k partners inside it."""

    core_numbers: dict[Node, int]
    k: int
    members: frozenset[Node]


def k_core(G: nx.Graph, k: int | None = None) -> KCore:
    """The cohesive centre: repeatedly strip actors with fewer than k partners.

    Core numbers are computed on :func:`as_undirected` without self-loops. ``k=None`` returns
    the main core (largest k with a non-empty core), the hard core of the network.

    Examples
    --------
    >>> k_core(nx.complete_graph(4)).k
    3
    """
    U = as_undirected(G)
    if nx.number_of_selfloops(U):
        U = nx.restricted_view(U, [], list(nx.selfloop_edges(U)))
    numbers = nx.core_number(U)
    if k is None:
        k = max(numbers.values(), default=0)
    return KCore(numbers, k, frozenset(n for n, c in numbers.items() if c >= k))
