"""Gould–Fernandez brokerage on a hand-made BE/NL/FR graph whose every two-path is listed.

Expected values are worked out by hand below (the rules: sna::brokerage, see
graph/analysis/brokerage.py); the null model is checked against hand arithmetic and against an exact
enumeration of every digraph on four actors.
"""

from __future__ import annotations

import itertools
import math

import networkx as nx
import pytest

from graph.analysis.brokerage import (
    ROLES,
    BrokerageRoles,
    CrossBorderBroker,
    brokerage_null_moments,
    brokerage_roles,
    brokerage_z_scores,
    cross_border_brokers,
)
from graph.errors import InvalidInput

# Fictional actors. xx's country is unknown.
COUNTRY = {"be1": "BE", "be2": "BE", "be3": "BE", "nl1": "NL", "nl2": "NL", "nl3": "NL",
           "fr1": "FR", "xx": None}
ARCS = [
    ("be1", "be2"), ("be2", "be3"), ("be1", "be3"),  # be1 → be3 closes be1 → be2 → be3
    ("be2", "nl1"), ("nl1", "be2"),                  # a mutual tie across the border
    ("nl1", "nl2"), ("nl2", "nl3"), ("nl3", "be1"),
    ("be3", "fr1"), ("fr1", "nl3"), ("nl2", "fr1"), ("nl1", "fr1"),
    ("xx", "be2"), ("be2", "xx"), ("xx", "nl2"),
]
# Neighbourhoods (in | out):
#   be1: nl3           | be2, be3
#   be2: be1, xx, nl1  | be3, nl1, xx
#   be3: be2, be1      | fr1
#   nl1: be2           | nl2, be2, fr1
#   nl2: nl1, xx       | nl3, fr1
#   nl3: nl2, fr1      | be1
#   fr1: be3, nl2, nl1 | nl3
#   xx:  be2           | be2, nl2
# Every two-path a → b → c, by broker (27 = sum of indegree * outdegree):
#   be1:  1 nl3→be1→be2  no nl3→be2; NL BE BE       gatekeeper
#         2 nl3→be1→be3  no nl3→be3; NL BE BE       gatekeeper
#   be2:  3 be1→be2→be3  be1→be3 EXISTS             not counted
#         4 be1→be2→nl1  no be1→nl1; BE BE NL       representative
#         5 be1→be2→xx   c unknown                  not counted
#         6 xx→be2→be3   a unknown                  not counted
#         7 xx→be2→nl1   a unknown                  not counted
#         8 xx→be2→xx    a == c                     not counted
#         9 nl1→be2→be3  no nl1→be3; NL BE BE       gatekeeper
#        10 nl1→be2→nl1  a == c                     not counted
#        11 nl1→be2→xx   c unknown                  not counted
#   be3: 12 be2→be3→fr1  no be2→fr1; BE BE FR       representative
#        13 be1→be3→fr1  no be1→fr1; BE BE FR       representative
#   nl1: 14 be2→nl1→nl2  no be2→nl2; BE NL NL       gatekeeper
#        15 be2→nl1→be2  a == c                     not counted
#        16 be2→nl1→fr1  no be2→fr1; BE NL FR       liaison
#   nl2: 17 nl1→nl2→nl3  no nl1→nl3; NL NL NL       coordinator
#        18 nl1→nl2→fr1  nl1→fr1 EXISTS             not counted
#        19 xx→nl2→nl3   a unknown                  not counted
#        20 xx→nl2→fr1   a unknown                  not counted
#   nl3: 21 nl2→nl3→be1  no nl2→be1; NL NL BE       representative
#        22 fr1→nl3→be1  no fr1→be1; FR NL BE       liaison
#   fr1: 23 be3→fr1→nl3  no be3→nl3; BE FR NL       liaison
#        24 nl2→fr1→nl3  nl2→nl3 EXISTS             not counted
#        25 nl1→fr1→nl3  no nl1→nl3; NL FR NL       itinerant
#   xx:  26 be2→xx→be2   a == c                     not counted
#        27 be2→xx→nl2   broker unknown             not counted
EXPECTED = {
    "be1": BrokerageRoles(gatekeeper=2),
    "be2": BrokerageRoles(representative=1, gatekeeper=1),
    "be3": BrokerageRoles(representative=2),
    "nl1": BrokerageRoles(gatekeeper=1, liaison=1),
    "nl2": BrokerageRoles(coordinator=1),
    "nl3": BrokerageRoles(representative=1, liaison=1),
    "fr1": BrokerageRoles(itinerant=1, liaison=1),
    "xx": BrokerageRoles(),
}


def milieus() -> nx.DiGraph:
    G = nx.DiGraph(ARCS)
    nx.set_node_attributes(G, COUNTRY, "country")
    return G


def test_role_counts_match_the_hand_count():
    assert brokerage_roles(milieus()) == EXPECTED


def test_totals_and_as_dict():
    roles = brokerage_roles(milieus())
    assert {node: r.total for node, r in roles.items()} == {
        "be1": 2, "be2": 2, "be3": 2, "nl1": 2, "nl2": 1, "nl3": 2, "fr1": 2, "xx": 0}
    # 13 counted two-paths in all: 1 coordinator, 1 itinerant, 4 representative,
    # 4 gatekeeper, 3 liaison.
    assert sum(r.total for r in roles.values()) == 13
    assert roles["nl1"].as_dict() == {"coordinator": 0, "itinerant": 0, "representative": 0,
                                      "gatekeeper": 1, "liaison": 1, "total": 2}


def test_a_direct_tie_a_to_c_closes_the_two_path_but_c_to_a_does_not():
    G = milieus()
    G.remove_edge("be1", "be3")  # two-path 3 opens: be2 now coordinates be1 → be3 ...
    roles = brokerage_roles(G)
    assert roles["be2"] == BrokerageRoles(coordinator=1, representative=1, gatekeeper=1)
    assert roles["be3"] == BrokerageRoles(representative=1)  # ... and 13 is gone.
    G = milieus()
    G.add_edge("nl3", "nl1")  # c → a for two-path 17: nl2 still brokers nl1 → nl3
    assert brokerage_roles(G)["nl2"].coordinator == 1


def test_unknown_group_takes_part_in_nothing_and_missing_is_unknown():
    G = milieus()
    del G.nodes["xx"]["country"]
    assert brokerage_roles(G) == EXPECTED
    # Were xx Belgian: xx brokers 27 (be2 → xx → nl2, BE BE NL, representative), and be2's
    # two-paths become 3 closed; 4 representative; 5 be1→be2→xx BE BE BE coordinator;
    # 6 xx→be2→be3 BE BE BE coordinator; 7 xx→be2→nl1 BE BE NL representative; 8 a == c;
    # 9 gatekeeper; 10 a == c; 11 nl1→be2→xx NL BE BE gatekeeper.
    G.nodes["xx"]["country"] = "BE"
    roles = brokerage_roles(G)
    assert roles["xx"] == BrokerageRoles(representative=1)
    assert roles["be2"] == BrokerageRoles(coordinator=2, representative=2, gatekeeper=2)


def test_other_attribute_names_the_group():
    G = milieus()
    nx.set_node_attributes(G, {n: "one" for n in G}, "milieu")
    roles = brokerage_roles(G, group="milieu")
    # One group: every counted two-path is a coordination. Without unknowns, 5, 6, 7, 11,
    # 19, 20 and 27 count too: 13 + 7 = 20.
    assert all(r.total == r.coordinator for r in roles.values())
    assert sum(r.total for r in roles.values()) == 20


def test_undirected_graph_counts_each_two_path_both_ways():
    G = nx.Graph([("a", "b"), ("b", "c")])
    nx.set_node_attributes(G, {"a": "BE", "b": "BE", "c": "NL"}, "country")
    # a → b → c: BE BE NL representative; c → b → a: NL BE BE gatekeeper.
    assert brokerage_roles(G)["b"] == BrokerageRoles(representative=1, gatekeeper=1)


def test_cross_border_ranking():
    # BE ↔ NL two-paths among the counted ones: 1, 2 (NL → BE, gatekeeper, be1);
    # 4 (BE → NL, representative, be2); 9 (NL → BE, gatekeeper, be2); 14 (BE → NL,
    # gatekeeper, nl1); 21 (NL → BE, representative, nl3); 23 (BE → NL, liaison, fr1).
    # be3 (2 two-paths, both into France) and nl2 are no BE–NL brokers; 27 would be one but
    # xx's country is unknown. Ties (be1 = be2 = 2; fr1 = nl1 = nl3 = 1) go by id.
    assert cross_border_brokers(milieus()) == [
        CrossBorderBroker("be1", 2, 0, 2, 0, first_to_second=0, second_to_first=2),
        CrossBorderBroker("be2", 2, 1, 1, 0, first_to_second=1, second_to_first=1),
        CrossBorderBroker("fr1", 1, 0, 0, 1, first_to_second=1, second_to_first=0),
        CrossBorderBroker("nl1", 1, 0, 1, 0, first_to_second=1, second_to_first=0),
        CrossBorderBroker("nl3", 1, 1, 0, 0, first_to_second=0, second_to_first=1),
    ]


def test_cross_border_top_and_direction_follow_the_groups_given():
    top = cross_border_brokers(milieus(), groups=("NL", "BE"), top=2)
    assert [(b.node, b.first_to_second, b.second_to_first) for b in top] == [
        ("be1", 2, 0), ("be2", 1, 1)]
    # BE ↔ FR: 12, 13 (be3, representative), 16 (nl1, liaison), 22 (nl3, liaison, FR → BE).
    assert [(b.node, b.total) for b in cross_border_brokers(milieus(), ("BE", "FR"))] == [
        ("be3", 2), ("nl1", 1), ("nl3", 1)]


@pytest.mark.parametrize("groups", [("BE", "BE"), ("BE",), ("BE", None)])
def test_cross_border_refuses_a_bad_pair(groups):
    with pytest.raises(InvalidInput, match="groups"):
        cross_border_brokers(milieus(), groups=groups)


def test_null_moments_by_hand():
    # Known actors: N = 7 (BE 3, NL 3, FR 1); arcs among them: 15 - 3 touching xx = 12;
    # d = 12 / 42 = 2/7, p = d²(1 - d) = 4/49 · 5/7 = 20/343, q = d³(1 - d)³ = 1000/117649.
    p, q = 20 / 343, 1000 / 117649
    null = brokerage_null_moments({"BE": 3, "NL": 3, "FR": 1}, 2 / 7)
    be, fr = null["BE"], null["FR"]
    # A Belgian broker: coordinator pairs (3-1)(3-2) = 2, sharing pairs 2·2·1·0 = 0;
    # itinerant pairs NL 3·2 + FR 0 = 6, sharing 2·(3·2·1 + 0) = 12;
    # representative = gatekeeper pairs (7-3)(3-1) = 8, sharing 2·(2·C(4,2) + 4·C(2,2)) = 32;
    # liaison pairs 3·1 + 1·3 = 6, sharing 4·(3·C(1,2) + 1·C(3,2)) = 12;
    # total pairs 6·5 = 30, sharing 2·6·5·4 = 240.
    for role, pairs, shared in [("coordinator", 2, 0), ("itinerant", 6, 12),
                                ("representative", 8, 32), ("gatekeeper", 8, 32),
                                ("liaison", 6, 12), ("total", 30, 240)]:
        assert be[role].expected == pytest.approx(pairs * p)
        assert be[role].sd == pytest.approx(math.sqrt(pairs * p * (1 - p) + shared * q))
    # The French broker: no compatriot, so coordinator, representative, gatekeeper are 0;
    # itinerant 3·2 + 3·2 = 12 pairs; liaison 3·3 + 3·3 = 18 pairs.
    assert (fr["coordinator"].expected, fr["representative"].sd) == (0, 0)
    assert fr["itinerant"].expected == pytest.approx(12 * p)
    assert fr["liaison"].expected == pytest.approx(18 * p)


def test_z_scores_of_the_hand_graph():
    p, q = 20 / 343, 1000 / 117649
    z = brokerage_z_scores(milieus())
    # be1 is gatekeeper twice: (2 - 8p) / sqrt(8p(1 - p) + 32q).
    assert z["be1"]["gatekeeper"] == pytest.approx((2 - 8 * p) / math.sqrt(8 * p * (1 - p)
                                                                           + 32 * q))
    assert z["be1"]["coordinator"] == pytest.approx(-2 * p / math.sqrt(2 * p * (1 - p)))
    assert z["nl2"]["total"] == pytest.approx((1 - 30 * p) / math.sqrt(30 * p * (1 - p)
                                                                       + 240 * q))
    assert z["fr1"]["coordinator"] is None  # sd 0: France has one actor
    assert z["xx"] == dict.fromkeys((*ROLES, "total"))


def test_null_moments_equal_an_exact_enumeration_of_all_digraphs_on_four_actors():
    # Every one of the 2^12 digraphs on 4 actors, weighted d^arcs (1 - d)^(12 - arcs): the
    # mean and standard deviation of each actor's role counts must be sna's closed form.
    d = 0.3
    for countries in (["BE", "BE", "BE", "NL"], ["BE", "BE", "NL", "FR"]):
        actors = [f"x{i}" for i in range(4)]
        group = dict(zip(actors, countries, strict=True))
        possible = list(itertools.permutations(actors, 2))
        first = {node: {r: 0.0 for r in (*ROLES, "total")} for node in actors}
        second = {node: {r: 0.0 for r in (*ROLES, "total")} for node in actors}
        for present in itertools.product((False, True), repeat=len(possible)):
            G = nx.DiGraph()
            G.add_nodes_from(actors)
            G.add_edges_from(arc for arc, keep in zip(possible, present, strict=True) if keep)
            nx.set_node_attributes(G, group, "country")
            weight = d ** sum(present) * (1 - d) ** (len(possible) - sum(present))
            for node, roles in brokerage_roles(G).items():
                for role, count in roles.as_dict().items():
                    first[node][role] += weight * count
                    second[node][role] += weight * count * count
        sizes = {c: countries.count(c) for c in set(countries)}
        null = brokerage_null_moments(sizes, d)
        for node in actors:
            for role, m in null[group[node]].items():
                mean = first[node][role]
                assert m.expected == pytest.approx(mean, abs=1e-12), (countries, node, role)
                assert m.sd == pytest.approx(math.sqrt(second[node][role] - mean * mean),
                                             abs=1e-12), (countries, node, role)


@pytest.mark.parametrize("seed", range(5))
def test_counts_equal_a_brute_force_over_all_ordered_triples(seed):
    # Independent of the neighbour loops: try every ordered triple of distinct actors and
    # classify it with the definitions written out again.
    G = nx.gnp_random_graph(12, 0.3, seed=seed, directed=True)
    countries = ["BE", "NL", "FR", None]
    nx.set_node_attributes(G, {n: countries[(n * 7 + seed) % 4] for n in G}, "country")
    expected = {n: dict.fromkeys(ROLES, 0) for n in G}
    for a, b, c in itertools.permutations(G, 3):
        ga, gb, gc = (G.nodes[x]["country"] for x in (a, b, c))
        if None in (ga, gb, gc) or not (G.has_edge(a, b) and G.has_edge(b, c)) \
                or G.has_edge(a, c):
            continue
        role = ("coordinator" if ga == gb == gc else "representative" if ga == gb
                else "gatekeeper" if gb == gc else "itinerant" if ga == gc else "liaison")
        expected[b][role] += 1
    found = {n: {role: getattr(r, role) for role in ROLES} for n, r in brokerage_roles(G).items()}
    assert found == expected
