"""Counts per node label and relationship type: every ontology type listed, zeros included."""

from __future__ import annotations

from graph.model.ontology import Ontology
from graph.store import GraphStore, cypher


def graph_stats(store: GraphStore, ontology: Ontology) -> dict[str, dict[str, int]]:
    """``{"nodes": {label: n}, "relationships": {type: n}}`` in ontology order.

    Labels or types in the graph that the ontology does not declare are listed too (after
    the declared ones), so nothing in the store is hidden from the counts.
    """
    nodes = {label: 0 for label in ontology.nodes}
    for row in store.read(cypher.NODE_COUNTS, max_rows=10_000).rows:
        nodes[str(row[0])] = int(row[1])
    relationships = {name: 0 for name in ontology.relationships}
    for row in store.read(cypher.RELATIONSHIP_COUNTS, max_rows=10_000).rows:
        relationships[str(row[0])] = int(row[1])
    return {"nodes": nodes, "relationships": relationships}
