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
from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence

import numpy as np
from scipy.linalg import orthogonal_procrustes
from scipy.spatial import cKDTree

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


def separate(points: Mapping[Hashable, tuple[float, float]], radii: Mapping[Hashable, float],
             *, fixed: Collection[Hashable] = (), gap: float = 4.0, rounds: int = 60
             ) -> dict[Hashable, tuple[float, float]]:
    """``points`` moved apart until no two shapes (circles of ``radii``) come closer than
    ``gap``, or ``rounds`` pushes have been made: a force layout places points, not shapes,
    and a big node can hide a small one. Each overlapping pair (found with scipy's k-d tree)
    is pushed apart along the line between them (two at the very same spot along a direction
    set by their order); ``fixed`` points (pinned by the user) never move, their partner
    takes the whole push."""
    ids = list(points)
    if len(ids) < 2:
        return dict(points)
    at = np.array([points[i] for i in ids], dtype=float)
    reach = np.array([radii.get(i, 0.0) for i in ids], dtype=float)
    pinned = set(fixed)
    moves = np.array([i not in pinned for i in ids], dtype=float)
    farthest = 2 * reach.max() + gap
    for _ in range(rounds):
        pairs = cKDTree(at).query_pairs(farthest, output_type="ndarray")
        if not len(pairs):
            break
        a, b = pairs[:, 0], pairs[:, 1]
        apart = at[a] - at[b]
        distance = np.hypot(apart[:, 0], apart[:, 1])
        short = reach[a] + reach[b] + gap - distance
        keep = short > 1e-6
        if not keep.any():
            break
        # half a pixel more than needed: pushes that meet exactly would take many rounds
        a, b, apart, distance = a[keep], b[keep], apart[keep], distance[keep]
        short = short[keep] + 0.5
        same = distance < 1e-9
        angle = (a[same] + 2 * b[same]) * 2.399963  # the golden angle: distinct directions
        apart[same] = np.stack([np.cos(angle), np.sin(angle)], axis=-1)
        distance[same] = 1.0
        unit = apart / distance[:, None]
        total = np.clip(moves[a] + moves[b], 1.0, None)
        push = np.zeros_like(at)
        np.add.at(push, a, unit * (short * moves[a] / total)[:, None])
        np.add.at(push, b, -unit * (short * moves[b] / total)[:, None])
        at += push
    return {i: (float(x), float(y)) for i, (x, y) in zip(ids, at, strict=True)}


def aligned(new: Mapping[Hashable, tuple[float, float]],
            old: Mapping[Hashable, tuple[float, float]]) -> dict[Hashable, tuple[float, float]]:
    """``new`` positions turned, mirrored, scaled and moved to fit ``old`` best on the points
    both hold (orthogonal Procrustes, scipy), those points then put back where they were: a
    view that grows or shrinks (an expand, a node hidden, Back) keeps its picture, and what
    is new lands where the fresh layout put it relative to them. With fewer than two points
    in common ``new`` is returned as it is."""
    common = [k for k in new if k in old]
    if len(common) < 2:
        return dict(new)
    source = np.array([new[k] for k in common], dtype=float)
    target = np.array([old[k] for k in common], dtype=float)
    source_mid, target_mid = source.mean(axis=0), target.mean(axis=0)
    source, target = source - source_mid, target - target_mid
    spread = float((source ** 2).sum())
    if spread < 1e-9:
        return {k: old.get(k, new[k]) for k in new}
    turn, singular = orthogonal_procrustes(source, target)
    scale = singular / spread
    moved = {k: tuple((np.array(p, dtype=float) - source_mid) @ turn * scale + target_mid)
             for k, p in new.items()}
    return {k: (float(old[k][0]), float(old[k][1])) if k in old else
            (float(moved[k][0]), float(moved[k][1])) for k in new}
