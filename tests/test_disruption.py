"""Key-player removal curves on small graphs whose curves are worked out by hand."""

from __future__ import annotations

import networkx as nx
import pytest

from graph.analysis.disruption import STRATEGIES, RemovalStep, removal_curve
from graph.errors import InvalidInput

# Two stars joined through a bridge, plus a separate chain (fictional actors):
#
#   a1 a2 a3 a4            b1 b2 b3
#     \ | | /               \ | /
#       a0 ------- br ------- b0          c1 - c2 - c3 - c4
#
# Degrees: a0 5, b0 4, br 2, c2 2, c3 2, every other node 1.
# Components: {a0..a4, br, b0..b3} (10 nodes) and {c1..c4} (4): largest 10, 2 components.
STAR_EDGES = [("a0", "a1"), ("a0", "a2"), ("a0", "a3"), ("a0", "a4"), ("a0", "br"),
              ("br", "b0"), ("b0", "b1"), ("b0", "b2"), ("b0", "b3"),
              ("c1", "c2"), ("c2", "c3"), ("c3", "c4")]


def two_stars(directed: bool = False) -> nx.Graph:
    # Directed: each tie points one way only, so in + out degree and weak components are
    # the undirected ones and the hand-worked curves below hold for both.
    return (nx.DiGraph if directed else nx.Graph)(STAR_EDGES)


def curve(steps: list[RemovalStep]) -> list[tuple]:
    return [(s.removed, s.score, s.largest_component, s.components, s.fraction_of_original)
            for s in steps]


@pytest.mark.parametrize("directed", [False, True])
def test_degree_with_recompute(directed):
    # Step 1: a0 (degree 5) goes; a1..a4 become isolates, {br, b0, b1, b2, b3} (5) and the
    #         chain (4) stay: 4 + 1 + 1 = 6 components, largest 5 = 5/10.
    # Step 2: degrees now b0 4, c2 2, c3 2, br 1, ...: b0 goes; br, b1, b2, b3 isolates:
    #         4 + 1 + 3 + 1 (chain) = 9 components, largest the chain, 4.
    # Step 3: c2 2 = c3 2 (br is down to 0): tie, c2 by id; the chain splits into {c1} and
    #         {c3, c4}: 9 - 1 + 2 = 10 components, largest 2.
    # Step 4: c3 1 = c4 1, everything else 0: c3 goes; c4 alone: still 10, largest 1.
    # Step 5: every degree is 0: the smallest id, a1, goes: 9 components, largest 1.
    assert curve(removal_curve(two_stars(directed), "degree", k=5)) == [
        (None, None, 10, 2, 1.0),
        ("a0", 5, 5, 6, 0.5),
        ("b0", 4, 4, 9, 0.4),
        ("c2", 2, 2, 10, 0.2),
        ("c3", 1, 1, 10, 0.1),
        ("a1", 0, 1, 9, 0.1),
    ]


@pytest.mark.parametrize("directed", [False, True])
def test_degree_without_recompute(directed):
    # The intact ranking: a0 5, b0 4, then the degree-2 tie br < c2 < c3 by id.
    # Steps 1 and 2 as with recompute (a0, b0: 6 then 9 components).
    # Step 3: br, by now an isolate, goes: 8 components, the chain still 4 — the stale
    #         ranking wastes a removal (recompute took c2 here and left 2).
    # Step 4: c2: {c1}, {c3, c4}: 8 - 1 + 2 = 9 components, largest 2.
    # Step 5: c3: {c4}: 9 components, largest 1. Scores are those of the intact graph.
    assert curve(removal_curve(two_stars(directed), "degree", k=5, recompute=False)) == [
        (None, None, 10, 2, 1.0),
        ("a0", 5, 5, 6, 0.5),
        ("b0", 4, 4, 9, 0.4),
        ("br", 2, 4, 8, 0.4),
        ("c2", 2, 2, 9, 0.2),
        ("c3", 2, 1, 9, 0.1),
    ]


def test_weighted_degree_is_strength():
    # x - y weighs 10; z - w and z - v weigh 1. Unweighted, z (degree 2) is the top actor;
    # by strength x and y (10 each) are, x by id. Intact: {x, y}, {z, w, v}: largest 3.
    G = nx.Graph()
    G.add_edge("x", "y", weight=10.0)
    G.add_edge("z", "w", weight=1.0)
    G.add_edge("z", "v", weight=1.0)
    assert curve(removal_curve(G, "degree", k=1)) == [
        (None, None, 3, 2, 1.0), ("z", 2, 2, 3, 2 / 3)]
    assert curve(removal_curve(G, "degree", k=1, weighted=True)) == [
        (None, None, 3, 2, 1.0), ("x", 10.0, 3, 2, 1.0)]


def test_a_tie_both_ways_is_one_partner():
    # h1 ⇄ a (two arcs, one partner), h2 → b, h2 → c (two partners). In + out degree
    # would tie h1 and h2 at 2 and take h1 by id; by partners h2 (2) beats h1 (1).
    # Intact: {h1, a}, {h2, b, c}: largest 3. Without h2: {h1, a}, {b}, {c}.
    G = nx.DiGraph([("h1", "a"), ("a", "h1"), ("h2", "b"), ("h2", "c")])
    assert curve(removal_curve(G, "degree", k=1)) == [
        (None, None, 3, 2, 1.0), ("h2", 2, 2, 3, 2 / 3)]


def test_betweenness_on_a_path():
    # p1 - p2 - p3 - p4 - p5. Pairs whose shortest path runs through p3: (p1, p4), (p1, p5),
    # (p2, p4), (p2, p5) = 4 of the C(4, 2) = 6 pairs of others: 4/6. p2 and p4: 3/6.
    G = nx.path_graph(["p1", "p2", "p3", "p4", "p5"])
    # Recompute: p3 goes ({p1, p2}, {p4, p5}); then every betweenness is 0: p1, then p2.
    assert curve(removal_curve(G, "betweenness", k=3)) == [
        (None, None, 5, 1, 1.0),
        ("p3", pytest.approx(4 / 6), 2, 2, 0.4),
        ("p1", 0.0, 2, 2, 0.4),
        ("p2", 0.0, 2, 1, 0.4),
    ]
    # Intact ranking: p3, then the tie p2 = p4 (by id p2 first), then p4.
    # After p3, p2: {p1}, {p4, p5}; after p4: {p1}, {p5}.
    assert curve(removal_curve(G, "betweenness", k=3, recompute=False)) == [
        (None, None, 5, 1, 1.0),
        ("p3", pytest.approx(4 / 6), 2, 2, 0.4),
        ("p2", pytest.approx(3 / 6), 2, 2, 0.4),
        ("p4", pytest.approx(3 / 6), 1, 2, 0.2),
    ]


def test_brokerage_strategy_and_weak_components():
    # u → v → w → z, and everyone → s. Countries u, v BE; w, z, s NL.
    # Two-paths: u→v→w (u→w absent: v brokers, representative); u→v→s (closed by u→s);
    # v→w→z (w brokers, gatekeeper); v→w→s and w→z→s (closed). Totals v 1, w 1, others 0:
    # v by id, although s has the highest degree (4).
    G = nx.DiGraph([("u", "v"), ("v", "w"), ("w", "z"),
                    ("u", "s"), ("v", "s"), ("w", "s"), ("z", "s")])
    nx.set_node_attributes(G, {"u": "BE", "v": "BE", "w": "NL", "z": "NL", "s": "NL"},
                           "country")
    # After v: u → s, w → s, w → z, z → s: still one weak component, of 4. Then w brokers
    # nothing (no predecessor left): all totals 0, so s goes by id, leaving {u} and {w → z}.
    assert curve(removal_curve(G, "brokerage", k=2)) == [
        (None, None, 5, 1, 1.0),
        ("v", 1, 4, 1, 0.8),
        ("s", 0, 2, 2, 0.4),
    ]
    assert removal_curve(G, "degree", k=1)[1].removed == "s"


def test_k_larger_than_the_graph_stops_when_nothing_is_left():
    G = two_stars()
    for strategy in STRATEGIES:
        steps = removal_curve(G, strategy, k=100, seed=3)
        assert [s.step for s in steps] == list(range(15))  # step 0 + 14 nodes
        assert sorted(s.removed for s in steps[1:]) == sorted(G)
        assert (steps[-1].largest_component, steps[-1].components,
                steps[-1].fraction_of_original) == (0, 0, 0.0)
    assert G.number_of_nodes() == 14 and G.number_of_edges() == 12  # G is not modified


def test_k_zero_and_the_empty_graph():
    assert curve(removal_curve(two_stars(), "degree", k=0)) == [(None, None, 10, 2, 1.0)]
    assert curve(removal_curve(nx.DiGraph(), "betweenness")) == [(None, None, 0, 0, 0.0)]


def test_random_is_reproducible_with_a_seed():
    G = two_stars()
    first = removal_curve(G, "random", k=6, seed=42)
    assert first == removal_curve(G, "random", k=6, seed=42)
    removed = [s.removed for s in first[1:]]
    assert len(set(removed)) == 6 and set(removed) <= set(G)
    # Each step reports the graph without the nodes removed so far.
    for step in first:
        rest = G.subgraph(set(G) - set(removed[:step.step]))
        parts = list(nx.connected_components(rest))
        assert step.largest_component == max(map(len, parts))
        assert step.components == len(parts)
        assert step.score is None


def test_random_repeats_average_the_runs():
    # On the complete graph K5 every removal order gives the same curve: largest component
    # 5, 4, 3, 2, 1, 0 and one component until none is left; the mean is the same.
    G = nx.complete_graph(["k1", "k2", "k3", "k4", "k5"])
    steps = removal_curve(G, "random", k=5, seed=1, repeats=4)
    assert [(s.removed, s.largest_component, s.components) for s in steps] == [
        (None, 5, 1), (None, 4, 1), (None, 3, 1), (None, 2, 1), (None, 1, 1), (None, 0, 0)]
    # A pair m - n and two isolates i1, i2 (largest 2, 3 components). Removing an isolate
    # leaves largest 2 and 2 components; removing m or n leaves largest 1 and 3 components.
    # Either way largest + components = 4, so their means add up to 4 as well, and over 200
    # runs both kinds of removal occur (each has probability 1/2), so 1 < mean largest < 2.
    G = nx.Graph([("m", "n")])
    G.add_nodes_from(["i1", "i2"])
    after = removal_curve(G, "random", k=1, seed=5, repeats=200)[1]
    assert after.removed is None
    assert after.largest_component + after.components == pytest.approx(4)
    assert 1 < after.largest_component < 2
    assert after.fraction_of_original == pytest.approx(after.largest_component / 2)


@pytest.mark.parametrize(("kwargs", "field"), [
    ({"strategy": "eigenvector"}, "strategy"),
    ({"k": -1}, "k"),
    ({"k": 2.5}, "k"),
    ({"strategy": "random", "repeats": 0}, "repeats"),
])
def test_bad_parameters_are_named(kwargs, field):
    with pytest.raises(InvalidInput, match=field):
        removal_curve(two_stars(), **kwargs)
