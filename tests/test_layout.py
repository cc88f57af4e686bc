"""The drawings' layout: deterministic, inside its scale, safe under concurrent sessions."""

from __future__ import annotations

import random
from concurrent.futures import ThreadPoolExecutor

import networkx as nx

from graph.analysis.layout import force_layout


def star_and_chain() -> tuple[list[str], list[tuple[str, str]]]:
    nodes = [f"n{i}" for i in range(30)]
    edges = [("n0", f"n{i}") for i in range(1, 15)]
    edges += [(f"n{i}", f"n{i + 1}") for i in range(15, 29)]
    return nodes, edges


def test_same_input_same_picture_whatever_else_uses_random() -> None:
    nodes, edges = star_and_chain()
    first = force_layout(nodes, edges)
    random.seed(12345)  # the process's own random numbers must not change the picture
    random.random()
    assert force_layout(nodes, edges) == first
    assert force_layout(nodes, edges, seed=8) != first


def test_positions_are_centred_and_inside_the_scale() -> None:
    nodes, edges = star_and_chain()
    positions = force_layout(nodes, edges, scale=50)
    assert set(positions) == set(nodes)
    xs, ys = zip(*positions.values(), strict=True)
    assert max(max(map(abs, xs)), max(map(abs, ys))) == 50
    assert abs(sum(xs) / len(xs)) < 1e-9 and abs(sum(ys) / len(ys)) < 1e-9
    default = force_layout(nodes, edges)  # 120 px × √30 when no scale is given
    assert round(max(abs(v) for xy in default.values() for v in xy), 6) == round(
        120 * 30 ** 0.5, 6)


def test_linked_nodes_end_up_closer_than_unlinked_ones() -> None:
    """Two cliques joined by one edge: members sit nearer their own clique."""
    graph = nx.barbell_graph(8, 0)
    positions = force_layout(list(graph), graph.edges(), scale=100)

    def distance(a: int, b: int) -> float:
        (xa, ya), (xb, yb) = positions[a], positions[b]
        return ((xa - xb) ** 2 + (ya - yb) ** 2) ** 0.5

    inside = [distance(a, b) for a in range(8) for b in range(a + 1, 8)]
    across = [distance(a, b) for a in range(8) for b in range(8, 16)]
    assert sum(inside) / len(inside) < sum(across) / len(across) / 2


def test_small_and_odd_inputs() -> None:
    assert force_layout([], []) == {}
    assert force_layout(["only"], []) == {"only": (0.0, 0.0)}
    positions = force_layout(["a", "b"], [("a", "a"), ("a", "ghost")])  # loop, unknown end
    assert set(positions) == {"a", "b"}


def test_concurrent_sessions_get_the_same_pictures() -> None:
    nodes, edges = star_and_chain()
    expected = force_layout(nodes, edges)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: force_layout(nodes, edges), range(16)))
    assert all(r == expected for r in results)


def test_separate_leaves_no_two_shapes_overlapping_and_pins_where_they_are():
    import math
    import random

    from graph.analysis.layout import separate

    rng = random.Random(3)
    points = {i: (rng.uniform(-300, 300), rng.uniform(-300, 300)) for i in range(150)}
    points[1] = points[0]  # two at the very same spot
    radii = {i: rng.uniform(10, 24) for i in points}
    moved = separate(points, radii, fixed={7})
    assert moved[7] == points[7]
    assert all(math.dist(moved[a], moved[b]) >= radii[a] + radii[b] + 4 - 1e-6
               for a in moved for b in moved if a < b)
    assert max(math.dist(moved[i], points[i]) for i in points) < 100  # nudged, not scattered
    assert separate(points, radii, fixed={7}) == moved  # the same picture every time
    assert separate({"a": (0.0, 0.0)}, {"a": 5.0}) == {"a": (0.0, 0.0)}


def test_aligned_keeps_what_both_views_show_and_fits_the_new_around_it():
    import math

    from graph.analysis.layout import aligned

    old = {"a": (0.0, 0.0), "b": (100.0, 0.0), "c": (0.0, 100.0)}
    # the fresh layout of the grown view: the same triangle turned a quarter and halved,
    # moved, plus a node "d" beyond b
    new = {"a": (10.0, 10.0), "b": (10.0, 60.0), "c": (-40.0, 10.0), "d": (10.0, 85.0)}
    out = aligned(new, old)
    assert {k: out[k] for k in old} == old
    assert math.dist(out["d"], (150.0, 0.0)) < 1e-6
    assert aligned({"a": (1.0, 2.0)}, {"a": (5.0, 5.0)}) == {"a": (1.0, 2.0)}
