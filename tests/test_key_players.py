"""explorer.viewmodels.key_players: the key-players page's report is ``dismark metrics``'s, plus one
removal curve per strategy and the largest communities laid out for drawing."""

from __future__ import annotations

import networkx as nx
import pytest

from explorer.viewmodels.key_players import community_drawing, curve_rows, key_players
from graph.analysis.analytics import MetricsRequest, run_metrics
from graph.analysis.to_networkx import Selection, export_network
from graph.errors import InvalidInput

ACTORS = Selection(("Person", "Organisation"))


def two_cliques() -> tuple[nx.Graph, dict[str, int]]:
    """A 4-clique (community 0) and a triangle (community 1) joined by one bridge."""
    G = nx.Graph()
    G.add_edges_from([("a", "b"), ("a", "c"), ("a", "d"), ("b", "c"), ("b", "d"), ("c", "d"),
                      ("x", "y"), ("x", "z"), ("y", "z"), ("d", "x")])
    for n in G:
        G.nodes[n].update(name=n.upper(), type="Person", country="BE" if n < "x" else "NL")
    return G, {**dict.fromkeys("abcd", 0), **dict.fromkeys("xyz", 1)}


def test_community_drawing_keeps_whole_communities_and_their_ties():
    G, membership = two_cliques()
    both = community_drawing(G, membership)
    assert both.communities == [0, 1]
    assert {(r["id"], r["community"], r["country"]) for r in both.nodes} == {
        *((n, 0, "BE") for n in "abcd"), *((n, 1, "NL") for n in "xyz")}
    assert len(both.edges) == 10  # every tie, the bridge d–x included
    again = community_drawing(G, membership)
    assert [(r["x"], r["y"]) for r in again.nodes] == [(r["x"], r["y"]) for r in both.nodes]
    first = community_drawing(G, membership, communities=1)
    assert first.communities == [0] and len(first.edges) == 6  # the 4-clique's own ties


def test_community_drawing_stops_at_the_node_cap():
    G, membership = two_cliques()
    capped = community_drawing(G, membership, max_nodes=5)  # the triangle would make 7
    assert capped.communities == [0] and len(capped.nodes) == 4
    cut = community_drawing(G, membership, max_nodes=2)  # the largest, cut to the cap
    assert [r["id"] for r in cut.nodes] == ["a", "b"]


def test_key_players_is_dismark_metrics_plus_a_curve_per_strategy(demo_store, ontology):
    request = MetricsRequest(("degree", "brokerage", "communities", "disruption"), top=5)
    found = key_players(demo_store, ontology, ACTORS, request, ("degree", "random"))
    multigraph = export_network(demo_store, ontology, ACTORS)
    alone = run_metrics(multigraph, MetricsRequest(("degree", "brokerage", "communities"),
                                                   top=5))
    assert found.report.tables == alone.tables
    assert (found.report.nodes, found.relationships) == (45, multigraph.number_of_edges())
    for strategy in ("degree", "random"):
        cli = run_metrics(multigraph, MetricsRequest(("disruption",), top=5, strategy=strategy))
        assert found.curves[strategy] == cli.tables["disruption"]
    # be-2016-ant-container-extraction, be-2019-ant-cocaine-import-foreign-buyers: three
    # Belgian members, two buyers (Groep Dekker, Réseau Lefèvre) make Linkeroever-crew the
    # most connected actor, so the degree strategy removes it first
    assert found.curves["degree"][1]["removed"] == "org-linkeroever-crew"
    assert found.drawing is not None and found.drawing.communities[0] == 0
    rows = curve_rows(found.curves)
    assert len(rows) == 22 and rows[0] == {
        "strategy": "degree", "removed": 0, "fraction_of_largest_component": 1.0,
        "largest_component": found.curves["degree"][0]["largest_component"],
        "actor_removed": ""}


def test_key_players_refuses_an_unknown_strategy(demo_store, ontology):
    with pytest.raises(InvalidInput, match="strategies: expected one of"):
        key_players(demo_store, ontology, ACTORS, MetricsRequest(("disruption",)),
                    ("degree", "arrests"))


def test_an_empty_export_computes_nothing(demo_store, ontology):
    # no demo link was seen before 1990 (the dossiers start in 2013)
    nothing = Selection(until="1990-01-01")
    found = key_players(demo_store, ontology, nothing, MetricsRequest(("eigenvector",
                                                                       "disruption")))
    assert (found.report.nodes, found.relationships, found.report.tables) == (0, 0, {})
