"""Unit tests of explorer.viewmodels.shortest_paths: steps of a chain, narrowing, pairs, the
saved pattern."""

from __future__ import annotations

import pytest

from explorer.viewmodels.shortest_paths import (
    SEARCH_HOPS,
    arrow,
    check_known,
    keeps,
    narrowed,
    pairs_of,
    pairs_result,
    path_pattern,
    steps_of,
    why_none,
)
from graph.errors import InvalidInput
from graph.store import GraphNode, GraphPath, GraphRelationship, QueryResult


def node(eid: str, label: str = "Person") -> GraphNode:
    return GraphNode(eid, (label,), {"id": eid, "name": eid.upper()})


def rel(eid: str, kind: str, start: str, end: str, **props) -> GraphRelationship:
    return GraphRelationship(eid, kind, start, end, props)


A, B, C, D = node("a"), node("b"), node("crew", "Organisation"), node("d")
# a -MEMBER_OF-> crew <-MEMBER_OF- b: walking a, crew, b the second link points back
VIA_CREW = GraphPath((A, C, B), (
    rel("r1", "MEMBER_OF", "a", "crew", grading="B2", sources=["case-1", "case-2"],
        first_seen="2014-03-18", last_seen="2017-05-22"),
    rel("r2", "MEMBER_OF", "b", "crew", grading="C3", sources=["case-3"],
        first_seen="2015-01-01", last_seen="2015-01-01")))
VIA_D = GraphPath((A, D, B), (rel("r3", "CONTACT", "a", "d"), rel("r4", "CONTACT", "d", "b")))
LONG = GraphPath((A, D, C, B), (rel("r5", "CONTACT", "a", "d"), rel("r6", "CONTACT", "d", "x"),
                                rel("r7", "MEMBER_OF", "b", "crew")))


def shortest_result(*paths: GraphPath) -> QueryResult:
    return QueryResult(["path", "length", "ids", "weakest_grading"],
                       [(p, len(p.relationships), [n.properties["id"] for n in p.nodes], "B2")
                        for p in paths])


def test_steps_follow_the_walk_and_say_when_a_link_points_back():
    steps = steps_of(VIA_CREW)
    name = lambda n: n.properties["name"]  # noqa: E731
    assert [s.arrow(name) for s in steps] == ["A -MEMBER_OF-> CREW", "CREW <-MEMBER_OF- B"]
    assert [(s.forward, s.grading, s.case_files, s.seen) for s in steps] == [
        (True, "B2", ("case-1", "case-2"), "2014-03-18 – 2017-05-22"),
        (False, "C3", ("case-3",), "2015-01-01")]
    assert steps_of(VIA_D)[0].seen == "" and steps_of(VIA_D)[0].grading is None


def test_arrow_reads_in_walking_order():
    assert arrow("Vos", "CONTACT", "Mutsaers") == "Vos -CONTACT-> Mutsaers"
    assert arrow("Vos", "CONTACT", "Mutsaers", forward=False) == "Vos <-CONTACT- Mutsaers"


def test_keeps_by_length_and_types():
    assert keeps(VIA_CREW, 2, None) and not keeps(VIA_CREW, 1, None)
    assert keeps(VIA_CREW, 6, {"MEMBER_OF"}) and not keeps(VIA_D, 6, {"MEMBER_OF"})
    assert not keeps(LONG, 6, {"CONTACT"})  # one MEMBER_OF link is enough to drop it


def test_narrowed_keeps_rows_and_order_and_why_none_explains_each_case():
    result = shortest_result(VIA_CREW, VIA_D)
    assert narrowed(result).rows == result.rows
    assert [r[0] for r in narrowed(result, 6, {"CONTACT"}).rows] == [VIA_D]
    assert narrowed(result, 1).rows == []
    assert why_none(result, 1) == "the shortest chain has 2 links, more than the 1 allowed"
    assert why_none(result, 6, {"USES"}).startswith("each of the 2 shortest chains (2 links)")
    assert why_none(shortest_result()) == \
        f"not connected by operational links within {SEARCH_HOPS} links"


def test_pairs_narrow_their_chains_and_remember_what_was_found():
    result = QueryResult(["from_entity", "to_entity", "length", "paths"],
                         [(A, B, 2, [VIA_CREW, VIA_D]), (A, D, None, [])])
    pairs = pairs_of(result, 6, {"CONTACT"})
    assert [(p.source, p.target, p.paths, p.found, p.length) for p in pairs] == [
        (A, B, (VIA_D,), 2, 2), (A, D, (), 0, None)]
    assert pairs_of(result, 1)[0].paths == () and pairs_of(result, 1)[0].length is None
    drawn = pairs_result(pairs)
    assert drawn.rows == [(A, B, [VIA_D]), (A, D, [])]


def test_both_saved_path_queries_follow_the_same_operational_links(library, ontology):
    types, hops = path_pattern(library.get("shortest-path").cypher)
    assert path_pattern(library.get("connecting-network").cypher) == (types, hops)
    assert hops == SEARCH_HOPS
    assert set(types) <= set(ontology.relationships)
    assert {"MEMBER_OF", "CONTACT", "OPERATES", "SUPPLIES"} <= set(types)
    # never through case files, places, interventions or assistance requests
    assert not {"MENTIONED_IN", "LOCATED_IN", "PART_OF", "APPLIES_TO",
                "ASSISTANCE_REQUEST"} & set(types)


def test_path_pattern_refuses_a_query_without_one():
    with pytest.raises(ValueError, match="allShortestPaths"):
        path_pattern("MATCH (n) RETURN n")


def test_check_known_names_every_unknown_id():
    check_known("ids", ["a", "b"], {"a", "b"})
    with pytest.raises(InvalidInput) as caught:
        check_known("ids", ["a", "nobody", "ghost"], {"a"})
    assert [(p.field, p.message) for p in caught.value.problems] == [
        ("ids", "no entity has id 'nobody'"), ("ids", "no entity has id 'ghost'")]
