"""Where the nodes of a drawing go: a seeded force-directed layout computed on the server.

The browser never runs physics on our views (vis-network's takes seconds on a few hundred
nodes and keeps the page busy), so positions are computed here. igraph's
Fruchterman–Reingold runs in C: 0.2 s for 500 nodes where networkx's ``spring_layout``
took 1.5 s (``python -m bench.explorer``). The same network always gets the same
picture: igraph draws its random numbers from a generator seeded per call
(``graph.analysis.igraph_bridge.seeded``).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterable, Sequence

from graph.analysis.igraph_bridge import from_edges, seeded

#: Above this many nodes the layout takes half the iterations: still untangled, twice as fast.
FULL_ITERATIONS_UP_TO = 500


def force_layout(nodes: Sequence[Hashable], edges: Iterable[tuple[Hashable, Hashable]], *,
                 scale: float | None = None, seed: int = 7
                 ) -> dict[Hashable, tuple[float, float]]:
    """Positions of ``nodes`` in ``[-scale, scale]``, centred on 0.

    ``edges`` between unknown nodes are ignored; ``scale`` defaults to 120 px × √n, so a
    bigger network spreads wider. The result depends only on the input and ``seed``.

    >>> sorted(force_layout(["a", "b"], [("a", "b")], scale=1).values())[0][0] >= -1
    True
    """
    if not nodes:
        return {}
    if len(nodes) == 1:
        return {nodes[0]: (0.0, 0.0)}
    known = set(nodes)
    graph = from_edges(nodes, [(a, b) for a, b in edges if a in known and b in known and a != b]
                       ).graph
    iterations = 500 if len(nodes) <= FULL_ITERATIONS_UP_TO else 250
    with seeded(seed):
        coords = graph.layout_fruchterman_reingold(niter=iterations).coords
    return dict(zip(nodes, _fitted(coords, scale or 120 * math.sqrt(len(nodes))), strict=True))


def _fitted(coords: list[list[float]], scale: float) -> list[tuple[float, float]]:
    """Centre on 0 and stretch so the farthest coordinate is ``scale`` away."""
    mean_x = sum(c[0] for c in coords) / len(coords)
    mean_y = sum(c[1] for c in coords) / len(coords)
    reach = max(max(abs(c[0] - mean_x), abs(c[1] - mean_y)) for c in coords) or 1.0
    return [((c[0] - mean_x) / reach * scale, (c[1] - mean_y) / reach * scale) for c in coords]
