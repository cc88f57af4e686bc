"""Known-answer tests of graph/analysis/metrics.py.

Expected values come either from networkx's own test suite (cited per test; files under
networkx/algorithms/centrality/tests/ and link_analysis/tests/ of networkx 3.7) or are worked
out by hand in the comments. The Krackhardt kite's nodes 0–9 are Andre … Jane in Krackhardt
(1990); node 7 is Heather. The Florentine families are Padgett's marriage network as shipped
with networkx (historical families, not people in any case file).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pytest

from graph.analysis import groups, metrics
from graph.analysis.to_networkx import collapse
from graph.errors import DismarkError

REPO = Path(__file__).resolve().parent.parent

# Krackhardt kite, networkx test_degree_centrality.py::test_degree_centrality_3 gives
# degree / 9; times 9 these are the degrees.
KITE_DEGREE = {0: 4, 1: 4, 2: 3, 3: 6, 4: 3, 5: 5, 6: 5, 7: 3, 8: 2, 9: 1}
# test_betweenness_centrality.py::test_krackhardt_kite_graph_normalized
KITE_BETWEENNESS = {0: 0.023, 1: 0.023, 2: 0.0, 3: 0.102, 4: 0.0, 5: 0.231, 6: 0.231,
                    7: 0.389, 8: 0.222, 9: 0.0}
# test_closeness_centrality.py::test_krackhardt_closeness
KITE_CLOSENESS = {0: 0.529, 1: 0.529, 2: 0.500, 3: 0.600, 4: 0.500, 5: 0.643, 6: 0.643,
                  7: 0.600, 8: 0.429, 9: 0.310}
# test_betweenness_centrality.py::test_florentine_families_graph
FLORENTINE_BETWEENNESS = {"Acciaiuoli": 0.0, "Albizzi": 0.212, "Barbadori": 0.093,
                          "Bischeri": 0.104, "Castellani": 0.055, "Ginori": 0.0,
                          "Guadagni": 0.255, "Lamberteschi": 0.0, "Medici": 0.522,
                          "Pazzi": 0.0, "Peruzzi": 0.022, "Ridolfi": 0.114, "Salviati": 0.143,
                          "Strozzi": 0.103, "Tornabuoni": 0.092}


def collapsed(links: dict[tuple[str, str], list[float]], directed: bool = False) -> nx.Graph:
    """A graph in the export contract's collapsed shape, built by hand.

    ``links`` maps a pair to the weights of its parallel relationships: weight = their sum,
    count = how many, distance = 1 / weight.
    """
    G = nx.DiGraph() if directed else nx.Graph()
    for (u, v), weights in links.items():
        G.add_edge(u, v, weight=sum(weights), count=len(weights), distance=1 / sum(weights))
    return G


@pytest.fixture
def square() -> nx.Graph:
    # ans -- bram -- dirk and ans -- cor -- dirk. The cor route is three relationships of
    # weight 1 per tie (weight 3, distance 1/3); the bram route one relationship (distance 1).
    return collapsed({("ans", "bram"): [1.0], ("bram", "dirk"): [1.0],
                      ("ans", "cor"): [1.0, 1.0, 1.0], ("cor", "dirk"): [1.0, 1.0, 1.0]})


def test_top_breaks_ties_by_node_id():
    assert metrics.top({"b": 1.0, "c": 3.0, "a": 1.0}, 2) == [("c", 3.0), ("a", 1.0)]
    assert metrics.top({"b": 1.0, "a": 1.0}) == [("a", 1.0), ("b", 1.0)]


def test_as_undirected_sums_both_directions():
    # ans->bram: two relationships (weights 1 and 1); bram->ans: one of weight 1.
    # Undirected: weight 1 + 1 + 1 = 3, count 2 + 1 = 3, distance 1/3.
    D = collapsed({("ans", "bram"): [1.0, 1.0], ("bram", "ans"): [1.0]}, directed=True)
    D.nodes["ans"]["country"] = "BE"
    U = metrics.as_undirected(D)
    assert not U.is_directed()
    assert U.edges["ans", "bram"] == {"weight": 3.0, "count": 3, "distance": pytest.approx(1 / 3)}
    assert U.nodes["ans"]["country"] == "BE"
    G = nx.Graph([("a", "b")])
    assert metrics.as_undirected(G) is G


def test_as_undirected_agrees_with_the_exports_undirected_collapse():
    # Three parallel ans->cor relationships of weight 1, one cor->ans of weight 2, one
    # ans->bram: undirected ans-cor has weight 1 + 1 + 1 + 2 = 5, count 4, distance 1/5.
    M = nx.MultiDiGraph()
    M.add_edges_from([("ans", "cor", {"weight": 1.0})] * 3 + [("cor", "ans", {"weight": 2.0}),
                                                             ("ans", "bram", {"weight": 1.0})])
    via_directed = metrics.as_undirected(collapse(M, directed=True))
    direct = collapse(M, directed=False)
    assert via_directed.edges["ans", "cor"] == {"weight": 5.0, "count": 4,
                                                "distance": pytest.approx(0.2)}
    assert dict(via_directed.edges) == dict(direct.edges)


def test_parallel_relationships_make_a_shorter_distance(square):
    # The collapsed ans-cor pair has weight 3, so its distance is 1/3 and the weighted
    # shortest route ans -> dirk goes through cor: 1/3 + 1/3 = 2/3 (via bram: 2).
    assert square.edges["ans", "cor"]["distance"] == pytest.approx(1 / 3)
    (best,) = metrics.shortest_paths(square, "ans", "dirk", weighted=True)
    assert best.nodes == ("ans", "cor", "dirk")
    assert best.length == pytest.approx(2 / 3)
    assert best.hops == 2


def test_metrics_refuse_an_uncollapsed_multigraph():
    M = nx.MultiDiGraph([("a", "b"), ("a", "b")])
    with pytest.raises(DismarkError, match="collapse"):
        metrics.degree(M)


def test_degree_on_the_kite_matches_networkx():
    result = metrics.degree(nx.krackhardt_kite_graph(), weight=None)
    assert {n: d.degree for n, d in result.items()} == KITE_DEGREE
    # unweighted strength is the number of edges, the same as degree on a simple graph
    assert {n: d.strength for n, d in result.items()} == KITE_DEGREE
    # degree centrality = degree / (n - 1), test_degree_centrality_3: node 3 (Diane) 0.667
    assert result[3].centrality == pytest.approx(0.667, abs=1e-3)
    assert result[3].in_degree is None


def test_directed_degree_in_and_out():
    # ans->bram (w 2), bram->ans (w 1), ans->cor (w 0.5), dirk->ans (w 1)
    D = nx.DiGraph()
    D.add_weighted_edges_from([("ans", "bram", 2.0), ("bram", "ans", 1.0),
                               ("ans", "cor", 0.5), ("dirk", "ans", 1.0)])
    ans = metrics.degree(D)["ans"]
    # partners: bram, cor, dirk = 3 (bram counted once although tied both ways)
    assert ans.degree == 3
    assert (ans.out_degree, ans.in_degree) == (2, 2)         # out: bram, cor; in: bram, dirk
    assert ans.out_strength == pytest.approx(2.5)             # 2 + 0.5
    assert ans.in_strength == pytest.approx(2.0)              # 1 + 1
    assert ans.strength == pytest.approx(4.5)
    assert ans.centrality == pytest.approx(1.0)               # 3 partners of 3 others
    cor = metrics.degree(D)["cor"]
    assert (cor.degree, cor.in_degree, cor.out_degree) == (1, 1, 0)


def test_betweenness_on_the_kite_heather_is_the_broker():
    result = metrics.betweenness(nx.krackhardt_kite_graph())
    for node, expected in KITE_BETWEENNESS.items():
        assert result[node] == pytest.approx(expected, abs=1e-3)
    assert metrics.top(result, 1)[0][0] == 7  # Heather


def test_betweenness_on_the_florentine_families_medici_highest():
    result = metrics.betweenness(nx.florentine_families_graph())
    for node, expected in FLORENTINE_BETWEENNESS.items():
        assert result[node] == pytest.approx(expected, abs=1e-3)
    assert metrics.top(result, 1)[0][0] == "Medici"


def test_weighted_betweenness_follows_strong_ties(square):
    # Unnormalised, undirected: each unordered pair shares one unit among its shortest paths.
    # Unweighted: ans-dirk has two 2-hop routes (via bram, via cor): bram 1/2, cor 1/2;
    # bram-cor has two (via ans, via dirk): ans 1/2, dirk 1/2. Adjacent pairs add nothing.
    plain = metrics.betweenness(square, normalized=False)
    assert plain == pytest.approx({"ans": 0.5, "bram": 0.5, "cor": 0.5, "dirk": 0.5})
    # Weighted (distance): ans-dirk via cor is 2/3 < 2 via bram, so cor gets the whole unit;
    # bram-cor via ans is 1 + 1/3, via dirk also 1 + 1/3: still split between ans and dirk.
    strong = metrics.betweenness(square, weighted=True, normalized=False)
    assert strong == pytest.approx({"ans": 0.5, "bram": 0.0, "cor": 1.0, "dirk": 0.5})


def test_weighted_path_measures_need_distances():
    with pytest.raises(DismarkError, match="distance"):
        metrics.betweenness(nx.krackhardt_kite_graph(), weighted=True)
    with pytest.raises(DismarkError, match="distance"):
        metrics.closeness(nx.krackhardt_kite_graph(), weighted=True)


def test_sampled_betweenness_with_every_node_as_pivot_is_exact():
    G = nx.florentine_families_graph()
    exact = metrics.betweenness(G)
    assert metrics.betweenness(G, k=len(G), seed=1) == pytest.approx(exact)
    assert metrics.betweenness(G, k=len(G) + 10, seed=1) == pytest.approx(exact)


def test_sampled_betweenness_is_reproducible_with_a_seed():
    G = nx.florentine_families_graph()
    first = metrics.betweenness(G, k=5, seed=42)
    assert metrics.betweenness(G, k=5, seed=42) == first
    assert first != metrics.betweenness(G)  # 5 of 15 pivots: an estimate, not the exact value


def test_closeness_on_the_kite_matches_networkx():
    result = metrics.closeness(nx.krackhardt_kite_graph())
    for node, expected in KITE_CLOSENESS.items():
        assert result[node] == pytest.approx(expected, abs=1e-3)


def test_weighted_closeness_uses_distance(square):
    # ans unweighted: distances bram 1, cor 1, dirk 2 -> 3 / 4.
    # ans weighted: bram 1, cor 1/3, dirk 2/3 (via cor) -> sum 2 -> 3 / 2.
    assert metrics.closeness(square)["ans"] == pytest.approx(0.75)
    assert metrics.closeness(square, weighted=True)["ans"] == pytest.approx(1.5)


def test_closeness_wasserman_faust_on_a_disconnected_graph():
    # ans - bram, and cor alone. For ans: r - 1 = 1 reachable other, at distance 1 -> 1/1 = 1;
    # Wasserman-Faust multiplies by (r - 1) / (n - 1) = 1 / 2.
    G = nx.Graph([("ans", "bram")])
    G.add_node("cor")
    assert metrics.closeness(G)["ans"] == pytest.approx(0.5)
    assert metrics.closeness(G, wf_improved=False)["ans"] == pytest.approx(1.0)
    assert metrics.closeness(G)["cor"] == 0.0


def test_directed_closeness_counts_inward_distance():
    # ans -> bram -> cor: cor is reached from bram (1) and ans (2): 2 / 3, times (2/2).
    # Nobody reaches ans: 0.
    D = nx.DiGraph([("ans", "bram"), ("bram", "cor")])
    result = metrics.closeness(D)
    assert result["cor"] == pytest.approx(2 / 3)
    assert result["ans"] == 0.0


def test_eigenvector_on_a_path_and_on_a_directed_chain():
    # networkx test_eigenvector_centrality.py::test_P3: {0: 0.5, 1: 0.7071, 2: 0.5}
    expected = {0: 0.5, 1: 0.7071, 2: 0.5}
    assert metrics.eigenvector(nx.path_graph(3)) == pytest.approx(expected, abs=1e-4)
    # The directed chain 0 -> 1 -> 2 is not strongly connected; we use its undirected view.
    chain = nx.DiGraph([(0, 1), (1, 2)])
    assert metrics.eigenvector(chain) == pytest.approx(expected, abs=1e-4)


def test_eigenvector_falls_back_when_power_iteration_does_not_converge():
    # One power-iteration step cannot converge on P3; the ARPACK answer is the same vector.
    result = metrics.eigenvector(nx.path_graph(3), max_iter=1)
    assert result == pytest.approx({0: 0.5, 1: 0.7071, 2: 0.5}, abs=1e-4)


def test_pagerank_matches_networkx_reference():
    # networkx link_analysis/tests/test_pagerank.py (Langville & Meyer example), alpha 0.9
    D = nx.DiGraph([(1, 2), (1, 3), (3, 1), (3, 2), (3, 5), (4, 5), (4, 6), (5, 4), (5, 6),
                    (6, 4)])
    expected = dict(zip(sorted(D), [0.03721197, 0.05395735, 0.04150565, 0.37508082,
                                    0.20599833, 0.28624589], strict=True))
    result = metrics.pagerank(D, alpha=0.9, tol=1e-8)
    assert result == pytest.approx(expected, abs=1e-4)


def two_triangles() -> nx.Graph:
    # {ans, bram, cor} and {dirk, els, fien}, joined by the single tie cor - dirk.
    return nx.Graph([("ans", "bram"), ("bram", "cor"), ("ans", "cor"), ("cor", "dirk"),
                     ("dirk", "els"), ("els", "fien"), ("dirk", "fien")])


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_communities_split_two_triangles(method):
    result = groups.communities(two_triangles(), method=method, weight=None, seed=3)
    assert result.communities == (frozenset({"ans", "bram", "cor"}),
                                  frozenset({"dirk", "els", "fien"}))
    # By hand: m = 7 edges; each triangle has 3 inner edges and degree sum 2 + 2 + 3 = 7.
    # Q = 2 * (3/7 - (7/14)^2) = 6/7 - 1/2 = 5/14.
    assert result.modularity == pytest.approx(5 / 14)
    assert result.membership()["cor"] == 0


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_communities_on_the_florentine_families(method):
    G = nx.florentine_families_graph()
    result = groups.communities(G, method=method, seed=7)
    assert set().union(*result.communities) == set(G)
    assert sum(len(c) for c in result.communities) == len(G)
    assert result.modularity == pytest.approx(nx.community.modularity(G, result.communities))
    assert result.modularity > 0.3
    assert groups.communities(G, method=method, seed=7) == result  # same seed, same answer


SAME_PARTITION_SCRIPT = """
import networkx as nx
from graph.analysis import groups
G = nx.relabel_nodes(nx.barabasi_albert_graph(200, 2, seed=1), lambda n: f"p{n}")
for method in ("louvain", "leiden"):
    print(sorted(sorted(c) for c in groups.communities(G, method=method, seed=1).communities))
"""


def test_communities_do_not_depend_on_the_process_hash_seed():
    # networkx's Leiden iterates over sets of string ids, whose order changes with
    # PYTHONHASHSEED; on this graph plain nx.community.leiden_communities(seed=1) (networkx
    # 3.7) gave one partition under hash seeds 0 and 1 and another under 2. Ours must not.
    outputs = {subprocess.run([sys.executable, "-c", SAME_PARTITION_SCRIPT], cwd=REPO,
                              env={**os.environ, "PYTHONHASHSEED": str(hash_seed)},
                              capture_output=True, text=True, check=True).stdout
               for hash_seed in (0, 1, 2)}
    assert len(outputs) == 1


def test_communities_on_a_directed_graph_use_the_undirected_view():
    D = nx.DiGraph(two_triangles())  # both directions of every tie
    result = groups.communities(D, weight=None, seed=1)
    assert result.communities == groups.communities(two_triangles(), weight=None,
                                                     seed=1).communities


def random_collapsed(seed: int, directed: bool) -> nx.Graph:
    """A sparse random graph with isolated nodes, string ids and dyadic distances.

    Distances 1/4, 1/2, 1 and 2 add up without rounding, so equally long paths are equally
    long in floating point too, for igraph and networkx alike.
    """
    G = nx.gnp_random_graph(60, 0.04, seed=seed, directed=directed)
    G = nx.relabel_nodes(G, lambda n: f"p{n:02d}")
    for i, (_, _, data) in enumerate(G.edges(data=True)):
        data["distance"] = (0.25, 0.5, 1.0, 2.0)[(i * 7 + seed) % 4]
        data["weight"] = 1 / data["distance"]
    return G


GRAPHS = [pytest.param(seed, directed, id=f"{'directed' if directed else 'undirected'}-{seed}")
          for seed in (1, 2, 3) for directed in (True, False)]


@pytest.mark.parametrize(("seed", "directed"), GRAPHS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("normalized", [True, False])
def test_betweenness_in_igraph_gives_networkx_values(seed, directed, weighted, normalized):
    G = random_collapsed(seed, directed)
    weight = "distance" if weighted else None
    expected = nx.betweenness_centrality(G, normalized=normalized, weight=weight)
    result = metrics.betweenness(G, weighted=weighted, normalized=normalized)
    assert result == pytest.approx(expected, abs=1e-9, rel=1e-9)


@pytest.mark.parametrize(("seed", "directed"), GRAPHS)
@pytest.mark.parametrize("normalized", [True, False])
def test_sampled_betweenness_uses_networkx_pivots_and_scaling(seed, directed, normalized):
    # networkx >= 3.5 scales a pivot's value by 1 / (k - 1), any other node's by 1 / k
    G = random_collapsed(seed, directed)
    for k in (2, 9, 30):
        expected = nx.betweenness_centrality(G, k=k, seed=seed, normalized=normalized)
        result = metrics.betweenness(G, k=k, seed=seed, normalized=normalized)
        assert result == pytest.approx(expected, abs=1e-9, rel=1e-9)


def test_betweenness_does_not_let_rounding_break_a_tie():
    # ans -> dirk via bram: 0.1 + 0.2 = 0.30000000000000004 in floating point; via cor:
    # 0.15 + 0.15 = 0.3. Both are 0.3: igraph splits the pair between bram and cor, where
    # networkx gave cor all of it.
    G = nx.Graph()
    for u, v, d in [("ans", "bram", 0.1), ("bram", "dirk", 0.2), ("ans", "cor", 0.15),
                    ("cor", "dirk", 0.15)]:
        G.add_edge(u, v, distance=d)
    result = metrics.betweenness(G, weighted=True, normalized=False)
    assert result["bram"] == pytest.approx(result["cor"])


@pytest.mark.parametrize(("seed", "directed"), GRAPHS)
@pytest.mark.parametrize("weighted", [False, True])
@pytest.mark.parametrize("wf_improved", [True, False])
def test_closeness_in_igraph_gives_networkx_values(seed, directed, weighted, wf_improved):
    G = random_collapsed(seed, directed)
    expected = nx.closeness_centrality(G, distance="distance" if weighted else None,
                                       wf_improved=wf_improved)
    result = metrics.closeness(G, weighted=weighted, wf_improved=wf_improved)
    assert result == pytest.approx(expected, abs=1e-9, rel=1e-9)


@pytest.mark.parametrize(("seed", "directed"), GRAPHS)
def test_k_core_in_igraph_gives_networkx_core_numbers(seed, directed):
    G = random_collapsed(seed, directed)
    G.add_edge("p00", "p00", weight=1.0, distance=1.0)  # self-loops do not count
    U = metrics.as_undirected(G)
    expected = nx.core_number(nx.restricted_view(U, [], list(nx.selfloop_edges(U))))
    assert groups.k_core(G).core_numbers == expected


@pytest.mark.parametrize("method", ["louvain", "leiden"])
@pytest.mark.parametrize("weight", ["weight", None])
def test_community_modularity_is_networkxs_even_with_a_self_loop(method, weight):
    G = nx.relabel_nodes(nx.barabasi_albert_graph(80, 2, seed=4), lambda n: f"p{n:02d}")
    for i, (_, _, data) in enumerate(G.edges(data=True)):
        data["weight"] = 1.0 + i % 3
    G.add_edge("p05", "p05", weight=2.0)
    result = groups.communities(G, method=method, weight=weight, seed=5)
    assert result.modularity == pytest.approx(
        nx.community.modularity(G, result.communities, weight=weight), abs=1e-9)
    assert groups.communities(G, method=method, weight=weight, seed=5) == result
    assert result.modularity > 0.3


@pytest.mark.parametrize("method", ["louvain", "leiden"])
def test_communities_do_not_depend_on_the_load_order(method):
    G = nx.relabel_nodes(nx.barabasi_albert_graph(200, 2, seed=1), lambda n: f"p{n}")
    shuffled = nx.Graph()
    shuffled.add_edges_from(reversed(list(G.edges())))
    assert (groups.communities(shuffled, method=method, seed=2)
            == groups.communities(G, method=method, seed=2))


def test_leiden_communities_are_connected():
    G = nx.relabel_nodes(nx.barabasi_albert_graph(300, 1, seed=6), lambda n: f"p{n}")
    for group in groups.communities(G, method="leiden", seed=1).communities:
        assert nx.is_connected(G.subgraph(group))


def test_k_core_finds_the_hard_core():
    # A 4-clique ans, bram, cor, dirk (each has 3 partners inside) plus els tied to ans only
    # and a self-loop on els (ignored).
    G = nx.complete_graph(["ans", "bram", "cor", "dirk"])
    G.add_edges_from([("els", "ans"), ("els", "els")])
    core = groups.k_core(G)
    assert core.k == 3
    assert core.members == {"ans", "bram", "cor", "dirk"}
    assert core.core_numbers["els"] == 1
    assert groups.k_core(G, k=1).members == set(G)


def test_k_shortest_paths_on_a_grid():
    # 2 x 3 grid, from corner (0, 0) to the far corner (1, 2): three 3-hop routes (the grid is
    # bipartite, so no 4-hop route) and one 5-hop route through all six nodes; nothing else.
    G = nx.grid_2d_graph(2, 3)
    paths = metrics.shortest_paths(G, (0, 0), (1, 2), k=10)
    assert [p.hops for p in paths] == [3, 3, 3, 5]
    assert {p.nodes for p in paths[:3]} == {
        ((0, 0), (0, 1), (0, 2), (1, 2)),
        ((0, 0), (0, 1), (1, 1), (1, 2)),
        ((0, 0), (1, 0), (1, 1), (1, 2))}
    assert paths[3].nodes == ((0, 0), (1, 0), (1, 1), (0, 1), (0, 2), (1, 2))
    assert len(metrics.shortest_paths(G, (0, 0), (1, 2), k=2)) == 2


def test_weighted_k_shortest_paths_on_a_grid():
    # Same grid, every tie distance 1 except the two ties of the "down first" route
    # (0,0)-(1,0) and (1,0)-(1,1), distance 0.25: that route is 0.25 + 0.25 + 1 = 1.5, the
    # other two 3-hop routes 3, the 5-hop route 0.25 + 0.25 + 3 = 3.5.
    G = nx.grid_2d_graph(2, 3)
    nx.set_edge_attributes(G, 1.0, "distance")
    G.edges[(0, 0), (1, 0)]["distance"] = G.edges[(1, 0), (1, 1)]["distance"] = 0.25
    paths = metrics.shortest_paths(G, (0, 0), (1, 2), k=4, weighted=True)
    assert [p.length for p in paths] == pytest.approx([1.5, 3.0, 3.0, 3.5])
    assert paths[0].nodes == ((0, 0), (1, 0), (1, 1), (1, 2))


def test_shortest_paths_without_a_route_and_with_an_unknown_node():
    D = nx.DiGraph([("ans", "bram")])
    assert metrics.shortest_paths(D, "bram", "ans") == []  # direction is followed
    with pytest.raises(DismarkError, match="unknown entity 'zed'"):
        metrics.shortest_paths(D, "ans", "zed")


@pytest.fixture
def case_files() -> nx.MultiDiGraph:
    # Person -MENTIONED_IN-> case file. ans: pv-01, pv-02; bram: pv-01, pv-02 (pv-02 twice);
    # cor: pv-02, pv-03; dirk: pv-03. A CONTACT ans->dirk is within one mode and ignored.
    B = nx.MultiDiGraph()
    B.add_edges_from([("ans", "pv-01"), ("ans", "pv-02"), ("bram", "pv-01"), ("bram", "pv-02"),
                      ("bram", "pv-02"), ("cor", "pv-02"), ("cor", "pv-03"),
                      ("dirk", "pv-03"), ("ans", "dirk")])
    return B


def test_two_mode_projection_counts_shared_case_files(case_files):
    P = metrics.project_two_mode(case_files, ["ans", "bram", "cor", "dirk"])
    # Shared files: ans-bram {pv-01, pv-02} = 2; ans-cor {pv-02}; bram-cor {pv-02};
    # cor-dirk {pv-03}; ans-dirk share no file (their CONTACT does not count).
    assert {frozenset((u, v)): d["shared"] for u, v, d in P.edges(data=True)} == {
        frozenset({"ans", "bram"}): 2, frozenset({"ans", "cor"}): 1,
        frozenset({"bram", "cor"}): 1, frozenset({"cor", "dirk"}): 1}
    assert P.edges["ans", "bram"]["items"] == ("pv-01", "pv-02")
    assert P.edges["ans", "bram"]["distance"] == pytest.approx(0.5)
    assert set(P) == {"ans", "bram", "cor", "dirk"}
    with pytest.raises(DismarkError, match="unknown entities"):
        metrics.project_two_mode(case_files, ["ans", "zed"])


def test_two_mode_projection_with_newman_weighting(case_files):
    P = metrics.project_two_mode(case_files, ["ans", "bram", "cor", "dirk"], method="newman",
                                 weight="weight")
    # Each file adds 1 / (members - 1) to each pair in it: pv-01 has 2 members -> 1,
    # pv-02 has 3 -> 1/2, pv-03 has 2 -> 1. ans-bram = 1 + 1/2; ans-cor = bram-cor = 1/2;
    # cor-dirk = 1.
    assert P.edges["ans", "bram"]["weight"] == pytest.approx(1.5)
    assert P.edges["ans", "cor"]["weight"] == pytest.approx(0.5)
    assert P.edges["bram", "cor"]["weight"] == pytest.approx(0.5)
    assert P.edges["cor", "dirk"]["weight"] == pytest.approx(1.0)


def test_benchmark_run_gives_seconds_networkx_baselines_and_agreement():
    from bench.metrics import run

    result = run([300], exact_max=300, seed=1, paths=("directed",))
    assert result["graphs"][300]["nodes"] == 300
    assert result["measures"]["degree"][300]["seconds"] >= 0
    assert "baseline_seconds" not in result["measures"]["degree"][300]  # networkx already
    assert result["measures"]["leiden"][300]["baseline_seconds"] > 0
    # 256 and 1024 pivots of 300 nodes: 1024 is every node, the exact answer
    agreement = result["betweenness_agreement"]["directed"][300]
    assert agreement["k=1024"]["spearman"] == 1.0
    assert agreement["k=256"]["zero_nodes"] + agreement["k=256"]["nonzero_nodes"] == 300
