"""Every Cypher statement dismark ships, by name, so Neo4j's analyser can lint them all.

No Neo4j server runs on the build machines; ``tests/test_cypher_neo4j.py`` feeds this list
to Neo4j's own parser and semantic analyser. New statements are covered by construction:
every upper-case string constant of ``graph.store.cypher`` is collected, loader statements are
built for every node label and every relationship type (all allowed endpoint pairs), and
the schema statements of both engines and every query of the saved library (``queries/``)
are included.
"""

from __future__ import annotations

from explorer.viewmodels import search, site_map
from graph.model.case import Case, Entity, Link
from graph.model.ontology import Ontology
from graph.store import cypher
from graph.store.backends.falkordb import index_statements
from graph.store.backends.neo4j import (
    CURRENT_USER,
    USER_PRIVILEGES,
    WIPE_STATEMENT,
    schema_statements,
)
from graph.store.saved_queries import QUERIES_DIR, load_library

_CASE = {"grading": "B2", "country": "BE", "opened_on": "2020-01-01"}


def loader_statements(ontology: Ontology) -> dict[str, str]:
    """The case-file write statement for every node label and every relationship type a
    case file may state."""
    out = {}
    case = Case("case-1", "lint", dict(_CASE))
    case.entities = {f"{label}-1": Entity(label, f"{label}-1", {}) for label in ontology.nodes}
    out["load nodes of every label"] = cypher.cases_statement(ontology, [case])[0]
    out["reload a changed case"] = cypher.cases_statement(ontology, [case], replace=True)[0]
    for rel in ontology.relationships.values():
        if rel.derived:  # written by dismark's own statements, never by a case file
            continue
        case = Case("case-1", "lint", dict(_CASE))
        case.links = {f"{s}>{t}": Link(rel.name, s, "a", t, "b", f"{s}>{t}", {}, None, "B2")
                      for s in rel.sources for t in rel.targets}
        out[f"load {rel.name}"] = cypher.cases_statement(ontology, [case])[0]
    return out


def shipped_statements(ontology: Ontology) -> dict[str, str]:
    out = loader_statements(ontology)
    for name, value in vars(cypher).items():
        if name.isupper() and not name.startswith("_") and isinstance(value, str):
            out[f"graph.store.cypher.{name}"] = value
    out["graph.store.cypher.ledger_query"] = cypher.ledger_query(ontology)
    for name in ("ledger_entries_query", "file_hash_statement", "cases_from_files_query"):
        out[f"graph.store.cypher.{name}"] = getattr(cypher, name)(ontology)
    out["neo4j current user"], out["neo4j user privileges"] = CURRENT_USER, USER_PRIVILEGES
    for name in ontology.nodes:
        out[f"graph.store.cypher.node_export_query({name})"] = \
            cypher.node_export_query(ontology, name)
        out[f"graph.store.cypher.scores_statement({name})"] = cypher.scores_statement(
            ontology, name, "pagerank")
        out[f"explorer.viewmodels.search.index_query({name})"] = search.index_query(ontology, name)
    for name, text in zip(cypher.entity_labels(ontology),
                          cypher.stale_entity_sources_statements(ontology), strict=True):
        out[f"graph.store.cypher.stale_entity_sources_statements({name})"] = text
    for name in ontology.relationships:
        out[f"graph.store.cypher.relationship_export_query({name})"] = \
            cypher.relationship_export_query(ontology, name)
    entities = [n for n in ontology.nodes if n in cypher.entity_labels(ontology)]
    links = [r for r in ontology.relationships if r != "MENTIONED_IN"]
    # Built per batch from the types it touches, from one template per entity and per link
    # part (the analyser takes about two seconds per thousand characters): one of each kind,
    # a type that sums a property among them.
    out["graph.store.cypher.claims_query"] = cypher.claims_query(
        ontology, ["Person", "Phone"], ["CONTACT", "EMPLOYS"])
    for name in ("disputed_query", "claimed_query", "asserted_query"):
        out[f"graph.store.cypher.{name}"] = getattr(cypher, name)(ontology)
    for kind, names in (("entity", entities), ("link", links)):
        for name in names:
            out[f"graph.store.cypher.settle_statement({name})"] = cypher.settle_statement(
                ontology, kind, name)
    out["graph.store.cypher.person_records_query"] = cypher.person_records_query(ontology)
    for (name, prop), text in cypher.shared_identifier_queries(ontology).items():
        out[f"graph.store.cypher.shared_identifier_queries({name}.{prop})"] = text
    for name in ("stale_candidates_statement", "undo_statement", "withdraw_statement",
                 "same_as_query", "confirmed_same_query"):
        out[f"graph.store.cypher.{name}"] = getattr(cypher, name)(ontology)
    for name in ("Person", "Phone", "Company"):
        out[f"graph.store.cypher.propose_statement({name})"] = cypher.propose_statement(
            ontology, name)
        out[f"graph.store.cypher.decide_statement({name})"] = cypher.decide_statement(
            ontology, name)
    for name, text in cypher.explorer_queries(ontology).items():
        out[f"graph.store.cypher.explorer_queries({name})"] = text
    for name in ("SITES_WITH_PLACES", "MUNICIPALITIES_ON_MAP"):
        out[f"explorer.viewmodels.site_map.{name}"] = getattr(site_map, name)
    for i, statement in enumerate(schema_statements(ontology)):
        out[f"neo4j schema {i}"] = statement
    out["neo4j wipe"] = WIPE_STATEMENT
    for i, statement in enumerate(index_statements(ontology)):
        out[f"falkordb schema {i}"] = statement
    for query in load_library(ontology, QUERIES_DIR).queries.values():
        out[f"queries/{query.name}.cypher"] = query.cypher
    return out
