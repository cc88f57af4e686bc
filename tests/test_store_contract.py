"""The store protocol, the same on every backend (embedded always; Neo4j when configured)."""

from __future__ import annotations

import re

import pytest

from graph.errors import QueryTimeout, ReadOnlyViolation, StoreError, StoreUrlError
from graph.store import GraphNode, GraphPath, GraphRelationship, open_store

HOSTILE = ["Joëlle Dupré-Van den Brœck", 'quote " and \\ backslash', "new\nline",
           "'; MATCH (n) DETACH DELETE n //", "`) RETURN 1 //", "Ωmega ✓ 北京", "{x}"]


def test_values_round_trip_unchanged(store):
    store.write("UNWIND $names AS name CREATE (:Probe {id: name, name: name})",
                {"names": HOSTILE})
    rows = store.read("MATCH (n:Probe) RETURN n.name ORDER BY n.name").rows
    assert sorted(HOSTILE) == [r[0] for r in rows]


def test_a_prepared_statement_writes_what_the_statement_writes(store):
    """``prepare`` (the loader renders its next batch while the last one is written) sends
    the same values: hostile text and nested rows arrive unchanged."""
    rows = [{"id": name, "props": {"name": name, "tags": [name, 1]}} for name in HOSTILE]
    prepared = store.prepare("UNWIND $rows AS row CREATE (n:Probe {id: row.id}) "
                             "SET n += row.props", {"rows": rows})
    assert store.write(*prepared).counters["nodes_created"] == len(HOSTILE)
    back = store.read("MATCH (n:Probe) RETURN n.id, n.name, n.tags ORDER BY n.id").rows
    assert back == [(name, name, [name, 1]) for name in sorted(HOSTILE)]


def test_graph_values_come_back_as_plain_types(store):
    store.write("CREATE (:Probe {id: 'a', n: 1})-[:LINK {id: 'l', w: 0.5}]->(:Probe {id: 'b'})")
    a, r, p = store.read("MATCH p = (a {id: 'a'})-[r]->(b) RETURN a, r, p").rows[0]
    assert isinstance(a, GraphNode) and a.labels == ("Probe",) and a.properties["n"] == 1
    assert isinstance(r, GraphRelationship) and r.type == "LINK" and r.start == a.element_id
    assert isinstance(p, GraphPath) and [n.properties["id"] for n in p.nodes] == ["a", "b"]


def test_write_reports_counters(store):
    result = store.write("UNWIND range(1, 3) AS i CREATE (:Probe {id: toString(i)})")
    assert result.counters["nodes_created"] == 3


def test_reads_refuse_writes_before_they_run(store):
    for statement in ("CREATE (:Probe {id: 'x'})", "MATCH (n) DETACH DELETE n",
                      "MERGE (n:Probe {id: 'y'}) RETURN n"):
        with pytest.raises(ReadOnlyViolation):
            store.read(statement)
    assert store.read("MATCH (n:Probe) RETURN count(n)").scalar() == 0


def test_reads_are_capped_and_say_so(store):
    result = store.read("UNWIND range(1, 50) AS x RETURN x", max_rows=10)
    assert result.truncated and [r[0] for r in result.rows] == list(range(1, 11))
    assert not store.read("UNWIND range(1, 5) AS x RETURN x", max_rows=10).truncated
    exact = store.read("UNWIND range(1, 10) AS x RETURN x", max_rows=10)
    assert not exact.truncated and len(exact.rows) == 10
    store.write("UNWIND range(1, 30) AS x CREATE (:Probe {id: toString(x)})-[:NEXT]->(:Probe)")
    paths = store.read("MATCH p = (a:Probe)-[:NEXT]->() RETURN a.id, p ORDER BY toInteger(a.id)",
                       max_rows=3)
    assert paths.truncated and [row[0] for row in paths.rows] == ["1", "2", "3"]
    assert all(len(row[1].nodes) == 2 and len(row[1].relationships) == 1 for row in paths.rows)


def test_reads_time_out(store):
    with pytest.raises(QueryTimeout):
        # Nested small ranges: FalkorDB allocates range() whole, and a huge one crashes it.
        store.read("UNWIND range(1, 20000) AS x UNWIND range(1, 20000) AS y "
                   "WITH x + y AS s WHERE s < 0 RETURN count(s)", timeout=0.5)


def test_schema_is_idempotent(store, ontology):
    store.ensure_schema(ontology)
    store.ensure_schema(ontology)
    store.write("CREATE (:Person {id: 'p'})")
    assert store.read("MATCH (n:Person {id: 'p'}) RETURN count(n)").scalar() == 1


def test_wipe_empties_the_graph(store):
    store.write("CREATE (:Probe {id: 'a'})-[:LINK]->(:Probe {id: 'b'})")
    store.wipe()
    assert store.read("MATCH (n) RETURN count(n)").scalar() == 0


def test_unknown_store_url_is_explained():
    with pytest.raises(StoreUrlError, match="falkordb-lite:PATH"):
        open_store("mysql://localhost/db")


def test_neo4j_takes_credentials_only_from_the_environment(monkeypatch):
    monkeypatch.delenv("NEO4J_USER", raising=False)
    monkeypatch.delenv("NEO4J_PASSWORD", raising=False)
    with pytest.raises(StoreError, match="set NEO4J_USER and NEO4J_PASSWORD"):
        open_store("bolt://user:secret@127.0.0.1:1")


@pytest.mark.parametrize("url", ["bolt://127.0.0.1:1", "neo4j://127.0.0.1:1",
                                 "neo4j+s://127.0.0.1:1"])
def test_an_unreachable_neo4j_is_a_clear_error(monkeypatch, url):
    """A single server (bolt://) or a cluster or Aura through the routing driver (neo4j://,
    neo4j+s://): the same backend, the same clear error."""
    monkeypatch.setenv("NEO4J_USER", "neo4j")
    monkeypatch.setenv("NEO4J_PASSWORD", "not-a-real-password")
    with pytest.raises(StoreError, match=f"cannot reach Neo4j at {re.escape(url)}"):
        open_store(url)
