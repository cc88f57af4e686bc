"""From the store to networkx: the subgraph the metrics work on, with documented semantics.

``export_network`` reads one query per node label and one per relationship type (never a
round trip per node) into an ``nx.MultiDiGraph``: one node per entity (key: its id;
attributes ``type``, ``name``, ``country`` and, where set, the properties of
``graph.store.cypher.EXPORT_PROPERTIES``) and one edge per relationship (key: its id;
attributes ``type``, ``weight``, ``grading``, ``first_seen``, ``last_seen``, ``sources``).

``collapse`` then makes the simple graph the measures take:

* **direction**: ``directed=True`` keeps a → b and b → a apart (brokerage needs it);
  ``directed=False`` merges them.
* **parallel relationships** between the same pair (two case files, two kinds of tie) become
  one edge whose ``count`` is how many there were and whose ``weight`` is the sum of their
  weights. Self-loops are dropped.
* **weights** per relationship (``Selection.weight``): ``links`` counts every relationship
  as 1; ``contacts`` counts a CONTACT as its number of calls or messages (``count``, else 1);
  ``graded`` multiplies that by the reliability of its 4x4 grading (A1 = 1 … X4 = 1/16, see
  ``graph.model.grading``).
* **distance** for path-based measures (betweenness, closeness, shortest paths) is
  ``1 / weight``: a heavier tie is a shorter way through the network.

**Resolved by default**: entities an analyst confirmed to be one (``SAME_AS``, see
``graph.resolution``) are one node, keyed by the smallest of their ids and listing them all
in ``ids``; their relationships are all its own. ``Selection.resolved=False`` gives the
graph as the case files name it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

from graph.analysis.filters import FilterCheck
from graph.errors import StoreError
from graph.model import grading
from graph.model.ontology import Ontology, load_ontology
from graph.store import GraphStore, cypher

WEIGHTS = ("links", "contacts", "graded")
#: Ties between actors, which social network analysis is about (the ontology's operational
#: relationships). Not followed by default: case-file mentions, places (LOCATED_IN,
#: PART_OF), interventions and MLA requests, which would make everyone in one dossier or one
#: town neighbours.
DEFAULT_RELATIONSHIPS = load_ontology().operational_relationships
#: Not actors (the ontology's ``actor: false``): left out unless named in
#: ``Selection.node_types``. Places would otherwise be the hubs of every network (everyone
#: delivering in Antwerp, every shipment to "NL").
NOT_ACTORS = load_ontology().non_actors


@dataclass(frozen=True)
class Selection:
    """Which part of the graph to export; every field empty or None means "no filter".

    Attributes
    ----------
    node_types : labels whose entities are exported, isolated ones included. Empty: the
        endpoints of the selected relationships only, places, case files and interventions
        left out (they are not actors).
    relationship_types : relationship types exported (default: ties between actors).
    since, until : ISO dates; a relationship is kept when the period it was seen in
        (first_seen–last_seen) overlaps them.
    countries : keep entities placed in these countries, and those whose country is unknown.
    markets : keep entities serving these markets, and those that serve none in particular
        (persons, phones, vehicles, places …).
    case_files : keep relationships asserted by at least one of these case files, and (with
        ``node_types``) entities named in one of them.
    min_grading : keep relationships graded at least this well on both 4x4 scales.
    weight : ``links``, ``contacts`` or ``graded`` (see the module docstring).
    resolved : entities confirmed to be one are one node (see the module docstring).
    """

    node_types: tuple[str, ...] = ()
    relationship_types: tuple[str, ...] = DEFAULT_RELATIONSHIPS
    since: str | None = None
    until: str | None = None
    countries: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    case_files: tuple[str, ...] = ()
    min_grading: str | None = None
    weight: str = "links"
    resolved: bool = True

    def check(self, ontology: Ontology) -> None:
        """``InvalidInput`` naming every field that holds an unknown value."""
        check = FilterCheck("selection")
        check.node_types("node_types", self.node_types, ontology)
        for name in self.relationship_types:
            if name not in ontology.relationships:
                check.bad("relationship_types", f"unknown relationship type {name!r}")
        check.choices("weight", (self.weight,), WEIGHTS)
        check.grading("min_grading", self.min_grading)
        check.markets("markets", self.markets)
        check.window(self.since, self.until)
        check.done()


def relationship_weight(scheme: str, count: Any, graded: str | None) -> float:
    """The weight of one relationship under ``scheme`` (always > 0)."""
    if scheme == "links":
        return 1.0
    contacts = float(count) if isinstance(count, int | float) and count > 0 else 1.0
    return contacts * grading.reliability(graded) if scheme == "graded" else contacts


def export_network(store: GraphStore, ontology: Ontology, selection: Selection = Selection(),
                   *, timeout: float | None = None) -> nx.MultiDiGraph:
    """The selected subgraph as a multigraph: one edge per relationship, parallel ones kept.

    Refuses (``StoreError``) rather than return a partial graph when a query hits the
    store's row ceiling.
    """
    selection.check(ontology)
    graph = nx.MultiDiGraph()
    cases = set(selection.case_files)
    labels = selection.node_types or tuple(n for n in ontology.nodes if n not in NOT_ACTORS)
    named_in = {"cases": sorted(cases) if cases and selection.node_types else None}
    for label in labels:
        node = ontology.node(label)
        for props in _all_rows(store, cypher.node_export_query(ontology, label), named_in,
                               timeout):
            if not _node_selected(selection, ontology, label, props):
                continue
            extra = {p: props[p] for p in cypher.EXPORT_PROPERTIES if props.get(p) is not None}
            graph.add_node(props["id"], **extra, type=label,
                           name=node.caption_of(props) or str(props["id"]),
                           country=ontology.country_of(label, props))
    params = {"cases": sorted(cases) or None, "since": selection.since,
              "until": selection.until}
    for rel in selection.relationship_types:
        for row in _all_rows(store, cypher.relationship_export_query(ontology, rel), params,
                             timeout):
            if row["source"] not in graph or row["target"] not in graph:
                continue
            if selection.min_grading and not grading.at_least(row["grading"],
                                                              selection.min_grading):
                continue
            graph.add_edge(row["source"], row["target"], key=row["id"], type=rel,
                           weight=relationship_weight(selection.weight, row["count"],
                                                      row["grading"]),
                           grading=row["grading"], first_seen=row["first_seen"],
                           last_seen=row["last_seen"], sources=tuple(row["sources"] or ()))
    if not selection.node_types:
        graph.remove_nodes_from([n for n in list(graph) if graph.degree(n) == 0])
    if selection.resolved:
        graph = resolved(graph, confirmed_same(store, ontology, timeout))
    return graph


def confirmed_same(store: GraphStore, ontology: Ontology, timeout: float | None = None
                   ) -> dict[str, str]:
    """Entity id -> the id of the entity it was confirmed to be one with (the smallest id
    of its group), for every entity in a confirmed ``SAME_AS``."""
    pairs = nx.Graph()
    pairs.add_edges_from((row["a"], row["b"]) for row in _all_rows(
        store, cypher.confirmed_same_query(ontology), {}, timeout))
    return {member: min(group) for group in nx.connected_components(pairs)
            for member in group}


def resolved(graph: nx.MultiDiGraph, one: Mapping[str, str]) -> nx.MultiDiGraph:
    """``graph`` with the entities of each group of ``one`` as a single node.

    Examples
    --------
    >>> g = nx.MultiDiGraph([("p-1", "org"), ("p-2", "org"), ("p-2", "ph")])
    >>> r = resolved(g, {"p-1": "p-1", "p-2": "p-1"})
    >>> sorted(r.edges()), r.nodes["p-1"]["ids"]
    ([('p-1', 'org'), ('p-1', 'org'), ('p-1', 'ph')], ['p-1', 'p-2'])
    """
    touched = {node for node in graph if node in one}
    if not touched:
        return graph
    out = nx.MultiDiGraph()
    for node, data in graph.nodes(data=True):
        target = one.get(node, node)
        if target not in out or node == target:
            out.add_node(target, **{**out.nodes[target], **data} if target in out else data)
        if node in one:
            ids = out.nodes[target].setdefault("ids", [])
            ids.append(node)
            ids.sort()
    for a, b, key, data in graph.edges(keys=True, data=True):
        a, b = one.get(a, a), one.get(b, b)
        out.add_edge(a, b, key=None if out.has_edge(a, b, key) else key, **data)
    return out


def _node_selected(selection: Selection, ontology: Ontology, label: str,
                   props: Mapping[str, Any]) -> bool:
    country = ontology.country_of(label, props)
    if selection.countries and country is not None and country not in selection.countries:
        return False
    served = ontology.markets_of(label, props)
    if selection.markets and served and not served & set(selection.markets):
        return False
    if selection.node_types and (selection.since or selection.until):
        first, last = props.get("first_seen"), props.get("last_seen")
        if selection.since and last and last < selection.since:
            return False
        if selection.until and first and first > selection.until:
            return False
    return True


def _all_rows(store: GraphStore, query: str, params: dict, timeout: float | None
              ) -> Iterable[dict[str, Any]]:
    ceiling = store.settings.row_ceiling
    result = store.read(query, params, timeout=timeout, max_rows=ceiling)
    if result.truncated:
        raise StoreError(f"the export needs more than {ceiling:,} rows of one type; narrow "
                         "the selection or raise DISMARK_ROW_CEILING")
    return result.records()


def collapse(multigraph: nx.MultiDiGraph, *, directed: bool = True) -> nx.DiGraph | nx.Graph:
    """One edge per pair with ``weight`` (sum), ``count`` (relationships) and ``distance``
    (1 / weight); node attributes kept, self-loops dropped.

    Examples
    --------
    >>> m = nx.MultiDiGraph([("a", "b", {"weight": 1.0}), ("a", "b", {"weight": 2.0})])
    >>> collapse(m)["a"]["b"]  # doctest: +ELLIPSIS
    {'weight': 3.0, 'count': 2, 'distance': 0.333...}
    """
    graph: nx.DiGraph | nx.Graph = nx.DiGraph() if directed else nx.Graph()
    graph.add_nodes_from(multigraph.nodes(data=True))
    for a, b, data in multigraph.edges(data=True):
        if a == b:
            continue
        if graph.has_edge(a, b):
            edge = graph[a][b]
            edge["weight"] += data["weight"]
            edge["count"] += 1
        else:
            graph.add_edge(a, b, weight=data["weight"], count=1)
    for _, _, data in graph.edges(data=True):
        data["distance"] = 1.0 / data["weight"]
    return graph
