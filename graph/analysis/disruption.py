"""Key-player removal: what happens to the network when its most central actors are taken out.

An investigator planning arrests asks which few actors, once removed, break the network
into the smallest pieces. ``removal_curve`` answers the what-if for one strategy at a time:
remove the top actor by degree, betweenness or brokerage (or a random one, the baseline any
targeted strategy must beat), one after the other, and report after each removal how large
the biggest connected piece still is. Comparing curves shows which kind of centrality
holds this network together (Albert, Jeong & Barabási 2000, "Error and attack tolerance of
complex networks"; Borgatti 2006, "Identifying sets of key players in a social network").
"""

from __future__ import annotations

import random
from collections.abc import Callable, Hashable
from dataclasses import dataclass

import networkx as nx

from graph.analysis import metrics
from graph.analysis.brokerage import brokerage_roles
from graph.errors import InvalidInput, Problem

STRATEGIES = ("degree", "betweenness", "brokerage", "random")


@dataclass(frozen=True)
class RemovalStep:
    """The network after ``step`` removals (step 0: intact).

    Attributes
    ----------
    step : how many actors have been removed.
    removed : the actor removed at this step (None at step 0, and for a random baseline
        averaged over several runs).
    score : its score by the strategy when it was chosen (in the graph at that moment with
        ``recompute``, in the intact graph without); None at step 0 and for random.
    largest_component : nodes in the largest (for a directed graph: weakly) connected
        component. A whole number, except for an averaged random baseline (the mean).
    components : how many (weakly) connected components the remaining graph has (a mean
        for an averaged random baseline).
    fraction_of_original : ``largest_component`` / the intact graph's largest component
        (1.0 at step 0; 0.0 throughout for a graph without nodes).
    """

    step: int
    removed: Hashable | None
    score: float | None
    largest_component: float
    components: float
    fraction_of_original: float


def removal_curve(G: nx.DiGraph | nx.Graph, strategy: str = "degree", k: int = 10, *,
                  recompute: bool = True, seed: int | None = None, weighted: bool = False,
                  repeats: int = 1, weight: str = "weight", distance: str = "distance",
                  group: str = "country") -> list[RemovalStep]:
    """Remove the top actor by ``strategy`` ``k`` times; the network's fragmentation after each.

    Strategies (ties always broken by node id, as text, so the curve is deterministic):

    * ``degree``: most partners (``graph.analysis.metrics.degree``: in a directed graph a pair tied
      both ways is one partner); with ``weighted``, the most tie ``weight`` (strength).
    * ``betweenness``: on most shortest paths between others
      (``graph.analysis.metrics.betweenness``, exact; directed paths for a directed graph); with
      ``weighted``, paths are measured in ``distance`` (1 / weight: a heavier tie is a shorter way).
    * ``brokerage``: most open two-paths brokered, all Gould–Fernandez roles together
      (``graph.analysis.brokerage.brokerage_roles`` with node attribute ``group``); unweighted.
    * ``random``: a uniformly random order of the actors, drawn with ``random.Random(seed)``
      from the nodes sorted by id (``recompute`` and ``weighted`` do not apply). With
      ``repeats`` > 1, that many orders are drawn one after the other from the same
      generator and each step reports the mean over the runs (``removed`` is then None).

    With ``recompute`` (the usual "sequential attack") the ranking is computed again on the
    remaining graph after every removal, so an actor whose ties ran through someone already
    removed drops down; without it the ranking of the intact graph is used throughout (one
    computation: cheaper for betweenness on a large graph, which costs O(n·m) per ranking).

    Stops early, cleanly, when no actor is left (``k`` larger than the number of nodes).

    Parameters
    ----------
    G : the collapsed graph; it is not modified.
    strategy : one of ``STRATEGIES``.
    k : how many actors to remove (at most the number of nodes are).

    Returns
    -------
    list of RemovalStep
        Step 0 (the intact graph), then one per removal.

    Examples
    --------
    >>> G = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c")])
    >>> [(s.removed, s.largest_component) for s in removal_curve(G, "degree", k=1)]
    [(None, 4), ('hub', 1)]
    """
    if strategy not in STRATEGIES:
        raise _bad("strategy", f"expected one of {', '.join(STRATEGIES)}, got {strategy!r}")
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise _bad("k", f"expected a whole number >= 0, got {k!r}")
    if isinstance(repeats, bool) or not isinstance(repeats, int) or repeats < 1:
        raise _bad("repeats", f"expected a whole number >= 1, got {repeats!r}")
    steps = min(k, G.number_of_nodes())
    if strategy == "random":
        return _random_curve(G, steps, seed, repeats)
    score = _scorer(strategy, weighted, weight, distance, group)
    remaining = G.copy()
    original, components = _fragmentation(remaining)
    curve = [RemovalStep(0, None, None, original, components, 1.0 if original else 0.0)]
    initial = None if recompute else _ranked(score(remaining))
    for step in range(1, steps + 1):
        node, value = (initial[step - 1] if initial is not None
                       else min(score(remaining).items(), key=_rank_key))
        remaining.remove_node(node)
        largest, components = _fragmentation(remaining)
        curve.append(RemovalStep(step, node, value, largest, components,
                                 largest / original if original else 0.0))
    return curve


def _scorer(strategy: str, weighted: bool, weight: str, distance: str, group: str
            ) -> Callable[[nx.Graph], dict[Hashable, float]]:
    if strategy == "degree" and weighted:
        return lambda H: {node: d.strength for node, d in metrics.degree(H, weight).items()}
    if strategy == "degree":
        return lambda H: {node: d.degree for node, d in metrics.degree(H, None).items()}
    if strategy == "betweenness":
        return lambda H: metrics.betweenness(H, weighted=weighted, distance=distance)
    return lambda H: {node: roles.total for node, roles in brokerage_roles(H, group).items()}


def _ranked(scores: dict[Hashable, float]) -> list[tuple[Hashable, float]]:
    """(node, score), highest score first, ties by node id."""
    return sorted(scores.items(), key=_rank_key)


def _rank_key(item: tuple[Hashable, float]) -> tuple[float, str]:
    """Scores are compared at 12 significant digits, so floating-point noise (betweenness,
    summed weights) cannot break a true tie."""
    return -float(f"{item[1]:.12g}"), str(item[0])


def _fragmentation(H: nx.Graph) -> tuple[int, int]:
    """(largest component size, number of components), weak components when directed."""
    parts = nx.weakly_connected_components(H) if H.is_directed() else nx.connected_components(H)
    sizes = [len(part) for part in parts]
    return max(sizes, default=0), len(sizes)


def _random_curve(G: nx.DiGraph | nx.Graph, steps: int, seed: int | None, repeats: int
                  ) -> list[RemovalStep]:
    rng = random.Random(seed)
    nodes = sorted(G, key=str)
    runs = []
    for _ in range(repeats):
        order = rng.sample(nodes, steps)
        remaining = G.copy()
        run = [_fragmentation(remaining)]
        for node in order:
            remaining.remove_node(node)
            run.append(_fragmentation(remaining))
        runs.append((order, run))
    original = runs[0][1][0][0]
    curve = []
    for step in range(steps + 1):
        if repeats == 1:
            largest, components = runs[0][1][step]
            removed = runs[0][0][step - 1] if step else None
        else:
            largest = sum(run[step][0] for _, run in runs) / repeats
            components = sum(run[step][1] for _, run in runs) / repeats
            removed = None
        curve.append(RemovalStep(step, removed, None, largest, components,
                                 largest / original if original else 0.0))
    return curve


def _bad(field: str, message: str) -> InvalidInput:
    return InvalidInput([Problem("removal_curve", None, field, message)])
