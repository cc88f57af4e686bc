"""Analyst Cypher is refused before it runs if it could write; the graph stays untouched."""

from __future__ import annotations

import hashlib

import pytest
from dossiers import plantation_case, write
from graphdump import dump

from graph.errors import RefusedQuery
from graph.store.guard import check_read_only
from graph.store.runner import parse_params, run_read_only
from loaders.load import load_paths

HOSTILE = [
    ("CREATE (:Person {id: 'x'})", "CREATE"),
    ("MERGE (p:Person {id: 'p-vos'}) RETURN p", "MERGE"),
    ("MATCH (p:Person) SET p.name = 'x'", "SET"),
    ("MATCH (n) DELETE n", "DELETE"),
    ("MATCH (n) DETACH DELETE n", "DETACH"),
    ("MATCH (p:Person) REMOVE p.name", "REMOVE"),
    ("MATCH (p:Person) REMOVE p:Person", "REMOVE"),
    ("LOAD CSV FROM 'file:///etc/passwd' AS row RETURN row", "LOAD CSV"),
    ("CALL dbms.security.createUser('x', 'y', false)", "CALL dbms.security.createuser"),
    ("CALL apoc.periodic.iterate('MATCH (n) RETURN n', 'DELETE n', {})",
     "CALL apoc.periodic.iterate"),
    ("CALL db.idx.fulltext.createNodeIndex('Person', 'name')",
     "CALL db.idx.fulltext.createnodeindex"),
    ("CALL { MATCH (n) DETACH DELETE n } RETURN 1", "DETACH"),
    ("MATCH (n) WITH n LIMIT 1 MERGE (m:Person {id: 'y'}) RETURN m", "MERGE"),
    ("MATCH (n) RETURN n; MATCH (m) DETACH DELETE m", "';'"),
    ("MATCH (n) RETURN count(n); CREATE (:X)", "';'"),
    ("/* harmless */ cReAtE (:X)", "CREATE"),
    ("match (n) // just looking\ndetach delete n", "DETACH"),
    ("MATCH (n) CALL { WITH n SET n.x = 1 } IN TRANSACTIONS RETURN 1", "SET"),
    ("FOREACH (x IN range(1, 3) | CREATE (:X))", "FOREACH"),
    ("DROP INDEX ON :Person(id)", "DROP"),
    ("USE system SHOW USERS", "USE"),
    ("MATCH (n) WHERE n.name = 'unterminated RETURN n", "an unterminated comment"),
    ("MATCH (n:Person)SET n:Admin", "SET"),
    ("OPTIONAL MATCH (n) WITH n UNWIND [1] AS x CREATE (n)-[:R]->(n)", "CREATE"),
    ("INSERT (:Person {id: 'x'})", "INSERT"),
    ("CALL { MATCH (n) RETURN n } IN TRANSACTIONS OF 10 ROWS RETURN 1", "IN TRANSACTIONS"),
    ("CALL apoc.create.node(['X'], {})", "CALL apoc.create.node"),
    ("ALTER USER analyst SET PASSWORD 'x'", "ALTER"),
    ("GRANT ROLE admin TO analyst", "GRANT"),
    ("DENY READ {*} ON GRAPH * TO analyst", "DENY"),
    ("REVOKE ROLE reader FROM analyst", "REVOKE"),
    ("RENAME ROLE reader TO admin", "RENAME"),
    ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "TERMINATE"),
    # a quoted procedure name is the same procedure to the engine (issue 21, finding 7)
    ("CALL `dbms.procedures`()", "CALL dbms.procedures"),
    ("CALL `db.idx.fulltext.drop`('Person')", "CALL db.idx.fulltext.drop"),
    ("CALL `db`.`idx`.fulltext.`drop`('Person')", "CALL db.idx.fulltext.drop"),
    ("CALL `db.labels``x`()", "CALL db.labels`x"),
    ("MATCH (n) CALL `dbms`.procedures() YIELD name RETURN name", "CALL dbms.procedures"),
]
#: What analyst Cypher must never do, named as the Cypher manual names it (not taken from
#: the guard's own word list): write the graph (clauses), change the schema or the users
#: (commands), reach outside the graph, batch writes, run several statements, call a
#: procedure that is not a listed look-up, or hide a clause in an unterminated literal.
#: HOSTILE stands for all of them: each must be the reason at least one of its queries is
#: refused.
MUST_BE_REFUSED = (
    "CREATE", "MERGE", "SET", "DELETE", "DETACH", "REMOVE", "FOREACH", "INSERT",
    "DROP", "ALTER", "GRANT", "DENY", "REVOKE", "RENAME", "TERMINATE",
    "LOAD CSV", "USE", "IN TRANSACTIONS", "CALL", "';'", "an unterminated comment",
)
ALLOWED = [
    "MATCH (p:Person) RETURN p.name ORDER BY p.name",
    "MATCH (n) WHERE n.name = 'CREATE me; DELETE it' RETURN count(n)",
    "MATCH (n) RETURN {create: 1, set: 2} AS map LIMIT 1",
    "MATCH (n:`Merge`) RETURN n // DELETE everything",
    "CALL db.labels() YIELD label RETURN label ORDER BY label",
    "MATCH (n) RETURN count(n);",
    "MATCH (p:Person {id: $set}) RETURN p.name",
    "MATCH (a)-[call:USES]->(set) RETURN count(call), count(set)",  # variables, not clauses
    "CALL `db.labels`() YIELD label RETURN label ORDER BY label",
    "CALL `db`.`labels`() YIELD label RETURN label ORDER BY label",
    "MATCH (n:`CALL x`) RETURN count(n)",
]


def _checksum(store) -> str:
    return hashlib.sha256(repr(dump(store)).encode()).hexdigest()


@pytest.fixture
def loaded(falkor_store, ontology, tmp_path):
    load_paths(falkor_store, [write(tmp_path, "a.yaml", plantation_case())], ontology)
    return falkor_store


def _names(refused: str, reason: str) -> bool:
    """The refusal's clause is ``reason`` (``CALL`` for any procedure refused)."""
    return refused == reason or refused.startswith((f"{reason} ", f"{reason},"))


def test_hostile_queries_are_refused_and_change_nothing(loaded):
    before = _checksum(loaded)
    refused_for = []
    for statement, clause in HOSTILE:
        with pytest.raises(RefusedQuery) as refused:
            run_read_only(loaded, statement)
        assert refused.value.clause.startswith(clause), (statement, refused.value.clause)
        refused_for.append(refused.value.clause)
    assert _checksum(loaded) == before
    untested = [reason for reason in MUST_BE_REFUSED
                if not any(_names(found, reason) for found in refused_for)]
    assert not untested, f"no hostile query was refused for {untested}"


def test_harmless_queries_are_allowed(loaded):
    for statement in ALLOWED:
        check_read_only(statement)
    assert run_read_only(loaded, ALLOWED[0]).rows == [("Jeroen Vos",)]
    assert run_read_only(loaded, ALLOWED[1]).rows == [(0,)]
    assert run_read_only(loaded, ALLOWED[6], {"set": "p-vos"}).rows == [("Jeroen Vos",)]
    assert run_read_only(loaded, ALLOWED[7]).rows == [(0, 0)]
    assert run_read_only(loaded, ALLOWED[8]).rows == run_read_only(loaded, ALLOWED[4]).rows


def test_the_engine_read_only_path_is_the_second_line(loaded):
    """What slips past the scan is still refused by the engine (here: called directly)."""
    from graph.errors import ReadOnlyViolation

    with pytest.raises(ReadOnlyViolation):
        loaded.read("CREATE (:X)")


def test_command_line_parameters_are_typed():
    assert parse_params(["name=Vos", "hops=2", "big=true", "ids=[\"a\",\"b\"]", "x=1.5"]) == {
        "name": "Vos", "hops": 2, "big": True, "ids": ["a", "b"], "x": 1.5}
    with pytest.raises(Exception, match="expected key=value"):
        parse_params(["novalue"])


@pytest.mark.parametrize("pair", ["x=99999999999999999999999", "x=-9223372036854775809",
                                  "x=[1, 99999999999999999999999]"])
def test_command_line_numbers_outside_64_bits_are_refused_naming_the_parameter(pair):
    """FalkorDB would turn them into 2^63-1 without a word: a different question answered."""
    from graph.errors import InvalidInput

    with pytest.raises(InvalidInput, match=r"-p x: .*outside the 64-bit range"):
        parse_params([pair])
    assert parse_params(["x=9223372036854775807", 'y="99999999999999999999999"']) == {
        "x": 9223372036854775807, "y": "99999999999999999999999"}


def test_saved_query_integers_outside_64_bits_are_refused_naming_the_parameter(ontology):
    from graph.errors import InvalidInput
    from graph.store.saved_queries import load_library

    query = load_library(ontology).get("activity-around-intervention")
    for from_text, raw in ((True, "99999999999999999999999"), (False, 2**64)):
        with pytest.raises(InvalidInput, match=r"years: .*whole number between"):
            query.bind({"intervention": "i-1", "years": raw}, from_text=from_text)
