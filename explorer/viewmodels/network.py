"""What the explorer asks of the graph: find entities, fetch the network around some.

Pure functions over a store (any engine behind ``graph.store``); every value goes to the
engine as a parameter and the query text lives in ``graph.store.cypher``. Results are the store's
plain ``GraphNode`` / ``GraphRelationship`` values, so they can be cached and pickled.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from graph.analysis.filters import FilterCheck
from graph.errors import InvalidInput, Problem
from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphNode, GraphPath, GraphRelationship, GraphStore, QueryResult, cypher

MAX_HOPS = 3
#: Neighbours shown per expanded node, as Neo4j Browser caps them; the rest are counted.
NEIGHBOUR_CAP = 100
#: Nodes in one view at most: beyond that a drawing is no longer readable.
NODE_LIMIT = 400
#: Country choices of the filter; OTHER_COUNTRY is any country but BE and NL, or none known.
COUNTRIES = ("BE", "NL", "other")
OTHER_COUNTRY = "other"


@dataclass(frozen=True)
class Network:
    """A bounded piece of the graph around one or more entities.

    Attributes
    ----------
    nodes : element id -> node, the entities asked for first, then the nearest neighbours.
    relationships : every relationship (passing the filters) between two of ``nodes``.
    truncated : True when the node limit cut the neighbourhood (the farthest nodes went).
    focus : element id of the (first) entity the network was fetched around.
    seeds : element ids of every entity the network was fetched around.
    more : element id -> how many of that node's neighbours (passing the filters) are not
        shown, for the nodes whose neighbours were fetched and capped.
    expanded : element ids of the nodes whose neighbours were fetched (the others are at
        the edge of the view: expanding one adds its neighbours).
    """

    nodes: Mapping[str, GraphNode]
    relationships: tuple[GraphRelationship, ...]
    truncated: bool = False
    focus: str | None = None
    seeds: tuple[str, ...] = ()
    more: Mapping[str, int] = field(default_factory=dict)
    expanded: frozenset[str] = frozenset()


@dataclass(frozen=True)
class NetworkFilter:
    """Which neighbours the network view follows; empty or None means "no filter".

    The filters narrow the graph before the neighbourhood is taken, so the view is the
    ``hops``-neighbourhood of the entities in the filtered graph and the node cap keeps
    nodes that pass. The entities asked for are always shown.

    Attributes
    ----------
    types : node labels to keep.
    markets : keep entities serving one of these markets (``Ontology.markets_of``)
        and those serving none in particular (persons, phones, places, case files …).
    countries : ``BE``, ``NL`` and/or ``other`` (any other country, or none known); a node's
        country is its type's country property, else that of a place it is located in.
    since, until : ISO dates; nodes and relationships are kept when the period they were
        seen in (``first_seen``–``last_seen``, provenance) overlaps the window.
    min_grading : keep relationships graded at least this well on both 4x4 scales.
    links : relationship types to follow, e.g. ``Ontology.operational_relationships`` for
        the ties between actors only (no case files, places, interventions).
    """

    types: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    since: str | None = None
    until: str | None = None
    min_grading: str | None = None
    links: tuple[str, ...] = ()

    def check(self, ontology: Ontology) -> None:
        """``InvalidInput`` naming every field that holds a value the view cannot use."""
        check = FilterCheck("explorer")
        check.node_types("types", self.types, ontology)
        check.markets("markets", self.markets)
        check.choices("countries", self.countries, COUNTRIES)
        check.window(self.since, self.until)
        check.grading("min_grading", self.min_grading)
        check.choices("links", self.links, ontology.relationships)
        check.done()

    def params(self, ontology: Ontology) -> dict[str, Any]:
        """The query parameters of ``graph.store.cypher.explorer_queries`` for these filters.

        Markets are prepared here from ``Ontology.markets_of`` so the Cypher and the export agree:
        labels that always serve one market are in or out as a whole; other entities are
        judged by their ``markets`` list and their ``drug``.
        """
        fixed = {name: ontology.markets_of(name, {}) for name in ontology.nodes}
        drugs = {value for node in ontology.nodes.values()
                 for value in getattr(node.properties.get("drug"), "values", ())}
        by_drug = {drug: ontology.markets_of("", {"drug": drug}) for drug in sorted(drugs)}
        wanted = set(self.markets)
        return {
            "types": list(self.types),
            "countries": [c for c in self.countries if c != OTHER_COUNTRY],
            "other_country": OTHER_COUNTRY in self.countries,
            "markets": sorted(wanted),
            "market_labels_on": sorted(n for n, m in fixed.items() if m & wanted),
            "market_labels_off": sorted(n for n, m in fixed.items() if m and not m & wanted),
            "market_drugs_on": sorted(d for d, m in by_drug.items() if m & wanted),
            "market_drugs_any": sorted(d for d, m in by_drug.items() if m),
            "since": self.since or None,
            "until": self.until or None,
            "min_grading": self.min_grading or None,
            "links": list(self.links),
        }


def find_entities(store: GraphStore, entity_ids: Sequence[str],
                  ontology: Ontology | None = None) -> list[GraphNode]:
    """The entities with these ids, in the same order; unknown ids are left out.

    One index seek per label and id (the label is not known from an id alone).
    """
    ids = list(dict.fromkeys(str(i) for i in entity_ids))
    if not ids:
        return []
    queries = cypher.explorer_queries(ontology or load_ontology())
    result = store.read(queries["entities"], {"ids": ids}, max_rows=len(ids) * 2)
    return [row[0] for row in result.rows]


def find_entity(store: GraphStore, entity_id: str,
                ontology: Ontology | None = None) -> GraphNode | None:
    """The entity with this ``id``, or None: to name an entity picked by id alone."""
    found = find_entities(store, [entity_id], ontology)
    return found[0] if found else None


def entity_ids(values: str | Iterable[str]) -> list[str]:
    """Entity ids from the URL: repeated values and/or comma lists, blanks and repeats gone.

    >>> entity_ids(["a,b", " c ", "a", ""])
    ['a', 'b', 'c']
    """
    items = [values] if isinstance(values, str) else list(values)
    parts = (part.strip() for item in items for part in str(item).split(","))
    return list(dict.fromkeys(p for p in parts if p))


def network_around(store: GraphStore, entity_id: str | Sequence[str], hops: int = 1,
                   limit: int = NODE_LIMIT, *, expand: Sequence[str] = (),
                   filters: NetworkFilter | None = None, cap: int = NEIGHBOUR_CAP,
                   ontology: Ontology | None = None) -> Network:
    """The entities ``entity_id`` (one id or several) and their neighbours up to ``hops``
    links away, then the neighbours of the nodes in ``expand`` (ids in the view).

    The neighbourhood is taken breadth first, one query per hop: every node reached shows
    at most ``cap`` of its neighbours (those already in view first, then by id) and the rest
    are counted in ``Network.more``; at most ``limit`` nodes are returned, nearest first, and
    ``truncated`` says when more were within reach. ``filters`` narrow the graph first (see
    ``NetworkFilter``). Expanding an id that is not in the view does nothing. ``InvalidInput``
    names the parameter when ``hops`` is not 1 to 3, ``limit`` or ``cap`` is not positive, a
    filter is wrong or an entity id is unknown.

    Examples
    --------
    >>> net = network_around(store, ["person-jeroen-vos"], hops=2)  # doctest: +SKIP
    >>> net.nodes[net.focus].properties["name"]  # doctest: +SKIP
    'Jeroen Vos'
    """
    ontology = ontology or load_ontology()
    filters = filters or NetworkFilter()
    if isinstance(hops, bool) or not isinstance(hops, int) or not 1 <= hops <= MAX_HOPS:
        raise _bad("hops", f"expected a whole number from 1 to {MAX_HOPS}, got {hops!r}")
    for name, value in (("limit", limit), ("cap", cap)):
        if isinstance(value, bool) or not isinstance(value, int) or value < 1:
            raise _bad(name, f"expected a positive whole number, got {value!r}")
    filters.check(ontology)
    wanted = entity_ids(entity_id)
    if not wanted:
        raise _bad("entity", "no entity given", "search for one by name or id and pick it")
    seeds = find_entities(store, wanted, ontology)
    missing = sorted(set(wanted) - {str(n.properties.get("id")) for n in seeds})
    if missing:
        raise _bad("entity", f"no entity has id {', '.join(map(repr, missing))}",
                   "search for it by name or id and pick one of the matches")
    walk = _Walk(store, cypher.explorer_queries(ontology), filters.params(ontology), cap,
                 limit, seeds)
    frontier = list(walk.nodes)
    for _ in range(hops):
        frontier = walk.expand(frontier)
    return walk.expanded(entity_ids(expand))


def expand_network(store: GraphStore, base: Network, expand: Sequence[str], *,
                   filters: NetworkFilter | None = None, limit: int = NODE_LIMIT,
                   cap: int = NEIGHBOUR_CAP, ontology: Ontology | None = None) -> Network:
    """``base`` (a ``network_around`` answer without expansions, fetched with the same
    ``filters``, ``limit`` and ``cap``) with the neighbours of the nodes in ``expand``: the
    answer ``network_around`` gives with ``expand``, without walking the hops again (an
    expand then costs its own neighbours and the links among the nodes in view)."""
    ontology = ontology or load_ontology()
    filters = filters or NetworkFilter()
    walk = _Walk(store, cypher.explorer_queries(ontology), filters.params(ontology), cap,
                 limit, [base.nodes[eid] for eid in base.seeds])
    walk.resume(base)
    return walk.expanded(entity_ids(expand))


class _Walk:
    """The breadth-first walk behind ``network_around``: what is in view so far."""

    def __init__(self, store: GraphStore, queries: Mapping[str, str], params: dict[str, Any],
                 cap: int, limit: int, seeds: list[GraphNode]) -> None:
        self.store, self.queries, self.params = store, queries, params
        self.cap, self.limit = cap, limit
        self.nodes: dict[str, GraphNode] = {n.element_id: n for n in seeds[:limit]}
        self.seeds = tuple(self.nodes)
        self.by_id = {str(n.properties.get("id")): eid for eid, n in self.nodes.items()}
        self.total: dict[str, int] = {}
        self.truncated = len(seeds) > limit

    def expand(self, frontier: list[str]) -> list[str]:
        """Fetch the neighbours of ``frontier`` (element ids in view); returns the new ones."""
        frontier = [eid for eid in frontier if eid not in self.total]
        if not frontier:
            return []
        ids = [str(self.nodes[eid].properties.get("id")) for eid in frontier]
        result = self.store.read(self.queries["neighbours"],
                                 {**self.params, "ids": ids, "known": sorted(self.by_id),
                                  "cap": self.cap}, max_rows=len(ids) * 2)
        rows = {str(row[0]): row for row in result.rows}
        wanted: list[str] = []
        for eid, node_id in zip(frontier, ids, strict=True):
            _, total, shown = rows.get(node_id, (node_id, 0, []))
            self.total[eid] = total
            for neighbour in shown:
                if neighbour in self.by_id or neighbour in wanted:
                    continue
                if len(self.nodes) + len(wanted) >= self.limit:
                    self.truncated = True
                    break
                wanted.append(neighbour)
        added = []
        for (node,) in self.store.read(self.queries["entities"], {"ids": wanted},
                                       max_rows=2 * len(wanted) + 1).rows:
            if node.element_id not in self.nodes:
                self.nodes[node.element_id] = node
                self.by_id.setdefault(str(node.properties.get("id")), node.element_id)
                added.append(node.element_id)
        return added

    def resume(self, base: Network) -> None:
        """Carry on from ``base``, a network this walk's queries made: its nodes, which of
        them had their neighbours fetched and how many they have."""
        self.nodes = dict(base.nodes)
        self.by_id = {}
        for eid, node in self.nodes.items():
            self.by_id.setdefault(str(node.properties.get("id")), eid)
        near: dict[str, set[str]] = {eid: set() for eid in base.expanded}
        for rel in base.relationships:
            if rel.start != rel.end:
                near.get(rel.start, set()).add(rel.end)
                near.get(rel.end, set()).add(rel.start)
        self.total = {eid: len(near[eid]) + base.more.get(eid, 0) for eid in base.expanded}
        self.truncated = base.truncated

    def expanded(self, pending: list[str]) -> Network:
        """Expand the nodes of ``pending`` (ids), those reached by an earlier expansion too,
        then the network."""
        while pending:
            ready = [self.by_id[i] for i in pending if i in self.by_id]
            if not ready:
                break
            pending = [i for i in pending if i not in self.by_id]
            self.expand([eid for eid in ready if eid not in self.total])
        return self.network()

    def network(self) -> Network:
        ids = sorted(self.by_id)
        result = self.store.read(self.queries["links"], {**self.params, "ids": ids},
                                 max_rows=self.store.settings.row_ceiling)
        relationships: dict[str, GraphRelationship] = {}
        for (rel,) in result.rows:
            if rel.start in self.nodes and rel.end in self.nodes:
                relationships.setdefault(rel.element_id, rel)
        neighbours: dict[str, set[str]] = {eid: set() for eid in self.total}
        for rel in relationships.values():
            if rel.start != rel.end:
                neighbours.get(rel.start, set()).add(rel.end)
                neighbours.get(rel.end, set()).add(rel.start)
        more = {eid: self.total[eid] - len(near) for eid, near in neighbours.items()
                if self.total[eid] > len(near)}
        return Network(self.nodes, tuple(relationships.values()),
                       self.truncated or result.truncated, self.seeds[0], self.seeds, more,
                       frozenset(self.total))


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


def source_case_files(store: GraphStore, item: GraphNode | GraphRelationship,
                      ontology: Ontology | None = None) -> list[GraphNode]:
    """The case files an item comes from (its provenance), ordered by id: those naming an
    entity (its ``MENTIONED_IN``), those in the ``sources`` of a relationship or case file."""
    ontology = ontology or load_ontology()
    if isinstance(item, GraphNode) and cypher.is_entity(item.labels, ontology):
        query = cypher.explorer_queries(ontology)["naming_case_files"]
        return [row[0] for row in store.read(query, {"ids": [item.properties.get("id")]},
                                             max_rows=store.settings.row_ceiling).rows]
    return case_files(store, [str(i) for i in item.properties.get("sources") or ()], ontology)


def case_files(store: GraphStore, ids: Sequence[str],
               ontology: Ontology | None = None) -> list[GraphNode]:
    """The case files with these ids, ordered by id; unknown ids are left out."""
    if not ids:
        return []
    queries = cypher.explorer_queries(ontology or load_ontology())
    return [row[0] for row in store.read(queries["case_files"], {"ids": list(ids)},
                                         max_rows=len(ids)).rows]


def case_gradings(item: GraphNode | GraphRelationship) -> dict[str, str]:
    """Case file id -> the 4x4 grading that case file gave a relationship (``gradings``
    holds ``case=B2`` entries); empty for a node."""
    pairs = (str(g).rpartition("=") for g in item.properties.get("gradings") or ())
    return {case: grade for case, _, grade in pairs if case}


def _bad(name: str, message: str, fix: str = "") -> InvalidInput:
    return InvalidInput([Problem("explorer", None, name, message, fix)])
