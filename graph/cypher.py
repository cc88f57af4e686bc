"""The one module that puts labels and relationship types into Cypher text.

Labels and relationship types cannot be query parameters in either engine, so they are
spliced here, and only after the ontology's allow-list has accepted them (backtick-quoted as
well). Every value goes in as a parameter. Statements are written in the openCypher subset
that FalkorDB and Neo4j 5 both run; each one is linted with Neo4j's own analyser in the tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from graph.case import Case
from graph.ontology import Ontology


def label(ontology: Ontology, name: str) -> str:
    """A node label ready for Cypher text; ``UnknownLabel`` if the ontology lacks it."""
    return f"`{ontology.node(name).label}`"


def rel_type(ontology: Ontology, name: str) -> str:
    """A relationship type ready for Cypher text; ``UnknownLabel`` if the ontology lacks it."""
    return f"`{ontology.relationship(name).name}`"


def _provenance(var: str) -> str:
    """SET items that add the row's cases to ``sources`` and widen the first/last seen dates.

    ``row.cases``, ``row.first`` and ``row.last`` are prepared in Python (one row per node or
    relationship, however many cases of the batch name it). Applying them twice changes
    nothing: loads are idempotent.
    """
    return (
        f"{var}.sources = coalesce({var}.sources, []) + "
        f"[s IN row.cases WHERE NOT s IN coalesce({var}.sources, [])], "
        f"{var}.first_seen = CASE WHEN {var}.first_seen IS NULL OR row.first < {var}.first_seen "
        f"THEN row.first ELSE {var}.first_seen END, "
        f"{var}.last_seen = CASE WHEN {var}.last_seen IS NULL OR row.last > {var}.last_seen "
        f"THEN row.last ELSE {var}.last_seen END"
    )


#: The most reliable of a relationship's gradings (``case=B2`` entries): A before B, C, X and
#: 1 before 2, 3, 4, which is text order. Independent of the order case files were loaded.
#: Computed from a WITH, not from ``r.gradings`` in a later SET: FalkorDB's SET clauses read
#: the values from before the query's own updates.
_BEST_GRADING = ("reduce(best = 'X4', g IN gradings | "
                "CASE WHEN right(g, 2) < best THEN right(g, 2) ELSE best END)")


#: Take back what an earlier version of the case asserted: facts only it asserted go, shared
#: ones lose it from ``sources`` (and its grading). A scan of the whole graph, paid only when a
#: case file comes back with different content. First/last-seen dates are not narrowed.
_RETRACT = (
    "MATCH ()-[r]->() WHERE $case_id IN r.sources AND size(r.sources) = 1 DELETE r "
    "WITH count(*) AS retracted_links "
    "MATCH ()-[r]->() WHERE $case_id IN r.sources "
    "WITH r, [g IN coalesce(r.gradings, []) WHERE NOT (g STARTS WITH $graded_by)] AS gradings "
    "SET r.sources = [s IN r.sources WHERE s <> $case_id], r.gradings = gradings, "
    f"r.grading = {_BEST_GRADING} "
    "WITH count(*) AS narrowed_links "
    "MATCH (n) WHERE $case_id IN n.sources AND n.id <> $case_id AND size(n.sources) = 1 "
    "DETACH DELETE n "
    "WITH count(*) AS retracted_nodes "
    "MATCH (n) WHERE $case_id IN n.sources AND n.id <> $case_id "
    "SET n.sources = [s IN n.sources WHERE s <> $case_id] "
    "WITH count(*) AS narrowed_nodes")


class _Rows:
    """One parameter row per node or relationship, merging what several cases say of it.

    FalkorDB evaluates an UNWIND's SET expressions against the values from before the query,
    so two rows for the same node would each see the old ``sources`` and one case would be
    lost. Merging in Python first also matches loading the cases one by one: properties of a
    later case win, ``sources`` keep the cases' order, dates widen.
    """

    def __init__(self) -> None:
        self.groups: dict[tuple[str, ...], dict[str, dict[str, Any]]] = defaultdict(dict)

    def add(self, group: tuple[str, ...], key: str, base: dict[str, Any], props: dict,
            case_id: str, seen: str, gradings: Sequence[str] = ()) -> None:
        row = self.groups[group].setdefault(key, {**base, "props": {}, "cases": [],
                                                  "first": seen, "last": seen, "gradings": []})
        row["props"].update(props)
        if case_id not in row["cases"]:
            row["cases"].append(case_id)
        row["first"], row["last"] = min(row["first"], seen), max(row["last"], seen)
        row["gradings"] += [g for g in gradings if g not in row["gradings"]]

    def sorted(self) -> list[tuple[tuple[str, ...], list[dict[str, Any]]]]:
        return [(group, list(rows.values())) for group, rows in sorted(self.groups.items())]


def cases_statement(ontology: Ontology, cases: list[Case], *,
                    replace: bool = False) -> tuple[str, dict[str, Any]]:
    """One statement that writes whole case files, so each enters the graph whole or not at all.

    FalkorDB has no multi-statement transactions, but it runs each query atomically (a
    failing query is rolled back) and appends it to the append-only file only once it has
    finished; Neo4j runs the statement in one transaction. Each case file node carries its
    content digest and acts as the load ledger: it has that digest only if everything else
    of the file was written in the same statement. Several small cases go in one statement
    (one round trip, one plan) and still enter whole. Entities are seen on the day their case
    was opened, links on their own date if they have one. With ``replace`` (one case, loaded
    before with other content) the earlier version is taken back first, in the same statement.
    """
    if replace and len(cases) != 1:
        raise ValueError("a case replacing its earlier version is written on its own")
    case_label = label(ontology, "CaseFile")
    mention_sources = set(ontology.relationship("MENTIONED_IN").sources)
    params: dict[str, Any] = {}
    nodes, mentions, links = _Rows(), _Rows(), _Rows()
    for case in cases:
        # The case file node first, as in a statement of its own, then what it names.
        nodes.add(("CaseFile",), case.id, {"id": case.id}, {**case.header, "digest": case.digest},
                  case.id, case.opened_on)
        for entity in case.entities.values():
            if entity.id == case.id:
                continue
            nodes.add((entity.label,), entity.id, {"id": entity.id}, entity.properties,
                      case.id, case.opened_on)
            if entity.label in mention_sources:
                mention = f"{entity.id}>MENTIONED_IN>{case.id}"
                mentions.add((entity.label,), mention,
                              {"id": entity.id, "case": case.id, "mention": mention,
                               "grading": case.header["grading"]}, {}, case.id, case.opened_on)
        for link in case.links.values():
            links.add((link.type, link.source_label, link.target_label), link.id,
                      {"id": link.id, "source": link.source, "target": link.target},
                      link.properties, case.id, link.date or case.opened_on,
                      [f"{case.id}={link.grading}"])
    parts = [_RETRACT] if replace else []
    if replace:
        params.update(case_id=cases[0].id, graded_by=f"{cases[0].id}=")
    for i, ((name,), rows) in enumerate(nodes.sorted()):
        params[f"n{i}"] = rows
        parts += [f"UNWIND $n{i} AS row MERGE (n:{label(ontology, name)} {{id: row.id}}) "
                  f"SET n += row.props, {_provenance('n')}", f"WITH count(*) AS nodes{i}"]
    for i, ((name,), rows) in enumerate(mentions.sorted()):
        params[f"m{i}"] = rows
        parts += [f"UNWIND $m{i} AS row MATCH (n:{label(ontology, name)} {{id: row.id}}) "
                  f"MATCH (c:{case_label} {{id: row.case}}) "
                  f"MERGE (n)-[m:{rel_type(ontology, 'MENTIONED_IN')} {{id: row.mention}}]->(c) "
                  f"SET m.grading = row.grading, {_provenance('m')}",
                  f"WITH count(*) AS mentions{i}"]
    for i, ((name, source, target), rows) in enumerate(links.sorted()):
        params[f"r{i}"] = rows
        parts += [
            f"UNWIND $r{i} AS row "
            f"MATCH (a:{label(ontology, source)} {{id: row.source}}) "
            f"MATCH (b:{label(ontology, target)} {{id: row.target}}) "
            f"MERGE (a)-[r:{rel_type(ontology, name)} {{id: row.id}}]->(b) "
            f"WITH r, row, coalesce(r.gradings, []) + "
            f"[g IN row.gradings WHERE NOT g IN coalesce(r.gradings, [])] AS gradings "
            f"SET r += row.props, r.gradings = gradings, r.grading = {_BEST_GRADING}, "
            f"{_provenance('r')}",
            f"WITH count(*) AS links{i}"]
    parts.append("RETURN count(*) AS done")
    return "\n".join(parts), params


def ledger_query(ontology: Ontology) -> str:
    """Digests of already loaded case files: a reload with the same digest is skipped."""
    return (f"MATCH (c:{label(ontology, 'CaseFile')}) WHERE c.id IN $ids "
            "RETURN c.id AS id, c.digest AS digest")


NODE_COUNTS = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS count"
RELATIONSHIP_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count"


#: Entities whose id or caption (name, phone number, plate) contains ``$text``, which the
#: caller lower-cases. A full scan: fine for the explorer's search box at case scale.
SEARCH_QUERY = (
    "MATCH (n) WHERE toLower(n.id) CONTAINS $text "
    "OR toLower(coalesce(n.name, n.number, n.plate, '')) CONTAINS $text "
    "RETURN n ORDER BY n.id LIMIT $limit")

ENTITY_QUERY = "MATCH (n {id: $id}) RETURN n LIMIT 1"


def network_query(hops: int) -> str:
    """The entity ``$id``, its nearest ``$limit`` neighbours within ``hops``, and the links
    between all of them: the explorer's network view in one round trip.

    One row per node (``i``, ``node``, ``relationships``): the entity first (``i = 0``), then
    neighbours ordered by distance and id, each with its outgoing relationships inside the set.
    A caller that caps the rows at ``$limit`` keeps the nearest nodes and learns from the cap
    whether more were there. An entity without links still comes back, alone. Only the
    checked ``hops`` is spliced; no label is.
    """
    if isinstance(hops, bool) or not isinstance(hops, int) or not 1 <= hops <= 3:
        raise ValueError(f"hops must be a whole number from 1 to 3, got {hops!r}")
    return (f"MATCH (n {{id: $id}}) WITH n LIMIT 1 "
            f"OPTIONAL MATCH p = (n)-[*1..{hops}]-(m) WHERE m <> n "
            "WITH n, m, min(length(p)) AS distance ORDER BY distance, m.id LIMIT $limit "
            "WITH n, [x IN collect(m) WHERE x IS NOT NULL] AS near "
            "WITH [n] + near AS ns "
            "UNWIND range(0, size(ns) - 1) AS i "
            "WITH ns, i, ns[i] AS a "
            "OPTIONAL MATCH (a)-[r]->(b) WHERE b IN ns "
            "RETURN i, a AS node, collect(r) AS relationships ORDER BY i")


#: Nodes of label ``$label`` (a value here, never spliced) by their ``id`` property: the
#: explorer fetches the case files named in an entity's ``sources`` with it.
NODES_BY_ID_QUERY = ("MATCH (n) WHERE n.id IN $ids AND $label IN labels(n) "
                     "RETURN n ORDER BY n.id LIMIT $limit")


def _property(ontology: Ontology, label_name: str, name: str) -> str:
    """A declared property of ``label_name`` ready for Cypher text (allow-listed, quoted)."""
    if name not in ontology.node(label_name).properties:
        raise ValueError(f"{label_name} declares no property {name!r}")
    return f"`{name}`"


#: Properties the network export reads besides ``id`` and provenance, when a type has them:
#: what market filters and the Dutch-link features need.
EXPORT_PROPERTIES = ("markets", "drug", "kind", "plant_count", "km_to_border", "level",
                     "nationality")


def node_export_query(ontology: Ontology, label_name: str) -> str:
    """Every node of one label named in one of the case files ``$cases`` (null for all),
    with what the network export needs: id, caption, country, market-bearing properties and
    provenance. One query per label, no round trip per node."""
    node = ontology.node(label_name)
    columns = ["n.id AS id", "n.sources AS sources", "n.first_seen AS first_seen",
               "n.last_seen AS last_seen"]
    wanted = dict.fromkeys([node.caption, node.country_property, *EXPORT_PROPERTIES])
    columns += [f"n.{_property(ontology, label_name, p)} AS {p}" for p in wanted
                if p and p != "id" and p in node.properties]
    return (f"MATCH (n:{label(ontology, label_name)}) "
            "WHERE $cases IS NULL OR any(s IN n.sources WHERE s IN $cases) "
            f"RETURN {', '.join(columns)}")


def relationship_export_query(ontology: Ontology, type_name: str) -> str:
    """Every relationship of one type between selected endpoints, filtered by case files
    (``$cases``, null for all) and a time window (``$since``/``$until``, null for open)."""
    rel = ontology.relationship(type_name)
    count = ", r.`count` AS count" if "count" in rel.properties else ", null AS count"
    return (f"MATCH (a)-[r:{rel_type(ontology, type_name)}]->(b) "
            "WHERE ($cases IS NULL OR any(s IN r.sources WHERE s IN $cases)) "
            "AND ($since IS NULL OR r.last_seen >= $since) "
            "AND ($until IS NULL OR r.first_seen <= $until) "
            "RETURN r.id AS id, a.id AS source, b.id AS target, r.grading AS grading, "
            f"r.first_seen AS first_seen, r.last_seen AS last_seen, r.sources AS sources{count}")


def scores_statement(ontology: Ontology, label_name: str, score: str) -> str:
    """Write one computed score onto nodes of one label: ``score_<name>`` and the time it
    was computed (``score_<name>_at``); ``score`` comes from the metrics' allow-list."""
    if not score.isidentifier():
        raise ValueError(f"not a score name: {score!r}")
    return (f"UNWIND $rows AS row MATCH (n:{label(ontology, label_name)} {{id: row.id}}) "
            f"SET n.`score_{score}` = row.value, n.`score_{score}_at` = $at "
            "RETURN count(n) AS written")
