"""What the explorer asks of the graph: find entities, fetch the network around one.

Pure functions over a store (any engine behind ``graph.store``); every value goes to the
engine as a parameter and the query text lives in ``graph.cypher``. Results are the store's
plain ``GraphNode`` / ``GraphRelationship`` values, so they can be cached and pickled.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from graph import cypher
from graph.errors import InvalidInput, Problem
from graph.store import GraphNode, GraphPath, GraphRelationship, GraphStore, QueryResult

MAX_HOPS = 3


@dataclass(frozen=True)
class Network:
    """A bounded piece of the graph around one entity.

    Attributes
    ----------
    nodes : element id -> node, the entity first, then the nearest neighbours.
    relationships : every relationship between two of ``nodes``.
    truncated : True when the node limit cut the neighbourhood (the farthest nodes went).
    focus : element id of the entity the network was fetched around.
    """

    nodes: Mapping[str, GraphNode]
    relationships: tuple[GraphRelationship, ...]
    truncated: bool = False
    focus: str | None = None


def search_entities(store: GraphStore, text: str, limit: int = 25) -> list[GraphNode]:
    """Entities whose ``id`` or ``name`` contains ``text``, ignoring case, ordered by id.

    Blank text finds nothing (rather than everything), so an empty search box is cheap.
    """
    needle = text.strip().lower()
    if not needle:
        return []
    result = store.read(cypher.SEARCH_QUERY, {"text": needle, "limit": limit}, max_rows=limit)
    return [row[0] for row in result.rows]


def find_entity(store: GraphStore, entity_id: str) -> GraphNode | None:
    """The entity with this ``id``, or None: to name an entity picked by id alone."""
    return store.read(cypher.ENTITY_QUERY, {"id": entity_id}, max_rows=1).scalar()


def network_around(store: GraphStore, entity_id: str, hops: int = 1,
                   limit: int = 300) -> Network:
    """The entity ``entity_id`` and its neighbours up to ``hops`` links away.

    At most ``limit`` nodes (the entity included) are returned, nearest first; when more
    were within reach, ``truncated`` is set. ``InvalidInput`` names the parameter when
    ``hops`` is not 1 to 3, ``limit`` is not positive or no entity has that id.

    Examples
    --------
    >>> net = network_around(store, "person-jeroen-vos", hops=2)  # doctest: +SKIP
    >>> net.nodes[net.focus].properties["name"]  # doctest: +SKIP
    'Jeroen Vos'
    """
    if isinstance(hops, bool) or not isinstance(hops, int) or not 1 <= hops <= MAX_HOPS:
        raise _bad("hops", f"expected a whole number from 1 to {MAX_HOPS}, got {hops!r}")
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        raise _bad("limit", f"expected a positive whole number, got {limit!r}")
    result = store.read(cypher.network_query(hops), {"id": entity_id, "limit": limit},
                        max_rows=limit)
    if not result.rows:
        raise _bad("entity", f"no entity has id {entity_id!r}",
                   "search for it by name or id and pick one of the matches")
    nodes = {node.element_id: node for _, node, _ in result.rows}
    seen: set[str] = set()
    relationships = []
    for _, _, outgoing in result.rows:
        for rel in outgoing:
            # The row cap may have dropped an endpoint; a relationship can also come twice.
            if rel.end in nodes and rel.element_id not in seen:
                seen.add(rel.element_id)
                relationships.append(rel)
    return Network(nodes, tuple(relationships), result.truncated, result.rows[0][1].element_id)


def subgraph_of(result: QueryResult) -> Network:
    """Every node, relationship and path in a query's cells, as one drawable network.

    A saved query that ``returns: subgraph`` may put nodes, relationships, paths or lists
    of them in any column. Relationships whose endpoints did not come back are left out
    (the view draws only what it can connect).
    """
    nodes: dict[str, GraphNode] = {}
    relationships: dict[str, GraphRelationship] = {}

    def take(value: object) -> None:
        if isinstance(value, GraphNode):
            nodes.setdefault(value.element_id, value)
        elif isinstance(value, GraphRelationship):
            relationships.setdefault(value.element_id, value)
        elif isinstance(value, GraphPath):
            for item in (*value.nodes, *value.relationships):
                take(item)
        elif isinstance(value, (list, tuple)):
            for item in value:
                take(item)

    for row in result.rows:
        take(row)
    kept = tuple(r for r in relationships.values() if r.start in nodes and r.end in nodes)
    return Network(nodes, kept, result.truncated)


def source_case_files(store: GraphStore, node: GraphNode) -> list[GraphNode]:
    """The case files named in ``node``'s ``sources`` (its provenance), ordered by id."""
    ids = [str(i) for i in node.properties.get("sources") or ()]
    if not ids:
        return []
    result = store.read(cypher.NODES_BY_ID_QUERY,
                        {"ids": ids, "label": "CaseFile", "limit": len(ids)}, max_rows=len(ids))
    return [row[0] for row in result.rows]


def _bad(field: str, message: str, fix: str = "") -> InvalidInput:
    return InvalidInput([Problem("explorer", None, field, message, fix)])
