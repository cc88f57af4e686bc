"""The one module that puts labels and relationship types into Cypher text.

Labels and relationship types cannot be query parameters in either engine, so they are
spliced here, and only after the ontology's allow-list has accepted them (backtick-quoted as
well). Every value goes in as a parameter. Statements are written in the openCypher subset
that FalkorDB and Neo4j 5 both run; each one is linted with Neo4j's own analyser in the tests.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from graph.model import claims, grading
from graph.model.case import Case, Link
from graph.model.ontology import Ontology
from graph.model.values import LIST_TYPES


def label(ontology: Ontology, name: str) -> str:
    """A node label ready for Cypher text; ``UnknownLabel`` if the ontology lacks it."""
    return f"`{ontology.node(name).label}`"


def rel_type(ontology: Ontology, name: str) -> str:
    """A relationship type ready for Cypher text; ``UnknownLabel`` if the ontology lacks it."""
    return f"`{ontology.relationship(name).name}`"


def entity_labels(ontology: Ontology) -> tuple[str, ...]:
    """The labels of entities: what case files name through ``MENTIONED_IN`` (every label
    but ``CaseFile``). An entity's case files are those relationships, not a list on it."""
    return ontology.relationship("MENTIONED_IN").sources


def is_entity(labels: Iterable[str], ontology: Ontology) -> bool:
    """Whether a node with these labels is an entity (its case files are its mentions)."""
    return not set(labels).isdisjoint(entity_labels(ontology))


def mention_id(entity_id: str, case_id: str) -> str:
    """The key of the ``MENTIONED_IN`` relationship from an entity to a case file naming it."""
    return f"{entity_id}>MENTIONED_IN>{case_id}"


def _dates(var: str, row: str = "row") -> str:
    """SET items that widen ``var``'s first/last seen dates to the row's ``first``/``last``."""
    return (
        f"{var}.first_seen = CASE WHEN {var}.first_seen IS NULL OR {row}.first < {var}.first_seen "
        f"THEN {row}.first ELSE {var}.first_seen END, "
        f"{var}.last_seen = CASE WHEN {var}.last_seen IS NULL OR {row}.last > {var}.last_seen "
        f"THEN {row}.last ELSE {var}.last_seen END"
    )


def _appended(current: str, new: str) -> str:
    """The list ``current`` with the items of ``new`` it lacks (appending twice changes
    nothing: loads are idempotent)."""
    return f"coalesce({current}, []) + [x IN {new} WHERE NOT x IN coalesce({current}, [])]"


def _appended_if_given(current: str, new: str) -> str:
    """``_appended``, and ``current`` unchanged where the row gives no list (null)."""
    return f"CASE WHEN {new} IS NULL THEN {current} ELSE {_appended(current, new)} END"


def _provenance(var: str, row: str = "row") -> str:
    """SET items that add the row's cases to ``sources`` and widen the first/last seen dates.

    ``cases``, ``first`` and ``last`` of ``row`` are prepared in Python (one row per node or
    relationship, however many cases of the batch name it). Applying them twice changes
    nothing: loads are idempotent. For what the MERGE just created, ``_first_provenance``
    says the same more cheaply.
    """
    return f"{var}.sources = {_appended(f'{var}.sources', f'{row}.cases')}, {_dates(var, row)}"


def _first_dates(var: str, row: str = "row") -> str:
    return f"{var}.first_seen = {row}.first, {var}.last_seen = {row}.last"


def _first_provenance(var: str, row: str = "row") -> str:
    """``_provenance`` for a node or relationship the MERGE has just created (nothing to
    widen): plain assignments, a third of the server's time on a first load."""
    return f"{var}.sources = {row}.cases, {_first_dates(var, row)}"


def _best_grading(gradings: str) -> str:
    """The most reliable of a relationship's gradings (``case=B2`` entries), as Cypher: text
    order, independent of the order case files were loaded; ``graph.model.grading.best`` in Python
    (for a relationship the statement creates)."""
    return (f"reduce(best = '{grading.WEAKEST}', g IN {gradings} | "
            "CASE WHEN right(g, 2) < best THEN right(g, 2) ELSE best END)")


#: A relationship's gradings with the row's added.
_MERGED_GRADINGS = f"({_appended('r.gradings', 'row.gradings')})"

def _merged_variants(var: str) -> str:
    """A fact's distinct stated values with the row's (``graph.model.claims.variants``, lists
    and sums left out; null in the row when its cases state nothing, as references do)."""
    return _appended_if_given(f"{var}.variants", "row.variants")


#: Two ``variants`` entries ``v`` and ``w`` give values of one property.
_SAME_PROPERTY = "split(w, '=')[0] = split(v, '=')[0]"


def _varied(var: str) -> str:
    """``var`` has two values of one property among its ``variants``: its claims disagree."""
    return (f"any(v IN coalesce({var}.variants, []) WHERE size([w IN {var}.variants "
            f"WHERE {_SAME_PROPERTY}]) > 1)")


def _unsettled(ontology: Ontology, kind: str, name: str, var: str) -> str:
    """An expression that names ``var`` (``kind|type|id``) when the facts module must settle
    it (``graph.store.facts``): its claims disagree, or, for a link whose type sums a
    property, several case files state it. Else null. A full check, for reads."""
    condition = _varied(var)
    if kind == "link" and ontology.relationship(name).adds_up:
        condition = f"size(coalesce({var}.claims, [])) > 1"
    return f"CASE WHEN {condition} THEN '{kind}|{name}|' + {var}.id END"


def _flag_unsettled(var: str, summed: bool = False) -> str:
    """A SET item that flags ``var`` for the facts module to settle after this write
    (``graph.store.facts``), placed before the item that merges its ``variants`` (it reads
    them as they were): the row's own case files disagree (``row.conflict``, worked out in
    Python), ``var`` was disputed and the row states something of it, or the row brings a
    value of a property that had another (``summed``: or a claim beside others). A country
    that thousands of files restate costs a list comparison, not a read."""
    others = f"coalesce({var}.variants, [])"
    brings_other = (f"any(v IN row.variants WHERE NOT v IN {others} AND any(w IN {others} "
                    f"WHERE {_SAME_PROPERTY}))")
    claims = (f"WHEN row.claims IS NOT NULL AND {var}.claims IS NOT NULL THEN true "
              if summed else "")
    return (f"{var}.unsettled = CASE WHEN row.conflict THEN true {claims}"
            f"WHEN row.variants IS NULL THEN {var}.unsettled "
            f"WHEN {var}.disputed IS NOT NULL OR {brings_other} THEN true "
            f"ELSE {var}.unsettled END")


def _unsettled_name(kind: str, name: str, var: str) -> str:
    """``kind|type|id`` of ``var`` when it is flagged (``_flag_unsettled``), else null."""
    return f"CASE WHEN {var}.unsettled THEN '{kind}|{name}|' + {var}.id END"


#: A link's claims with the row's (``graph.model.claims.link_claim``; null in the row when
#: its cases state no value of it).
_MERGED_CLAIMS = _appended_if_given("r.claims", "row.claims")

#: Its best grading with the row's: adding gradings can only make the best one better, so the
#: row's best (``graph.model.grading.best`` in Python) is compared with the one kept, not the whole
#: list scanned again: the place hierarchy's ``PART_OF`` links hold thousands of gradings.
#: Both read values from before the statement, as FalkorDB's SET items do and Neo4j's do here.
_MERGED_GRADING = ("CASE WHEN r.grading IS NULL OR row.grading < r.grading "
                   "THEN row.grading ELSE r.grading END")


def _asserted_by_case(where: str) -> str:
    """A MATCH binding ``r`` to each relationship the case ``$case_id`` asserted that passes
    ``where``: a scan of every relationship, paid only when a case file comes back with
    other content. (Found from the entities the case names instead, FalkorDB planned the
    pattern from every relationship and took minutes at 100k entities.)"""
    return f"MATCH ()-[r]->() WHERE $case_id IN r.sources AND {where} "


def _retract(ontology: Ontology) -> str:
    """Take back what an earlier version of the case asserted: entities only it named go
    (their one ``MENTIONED_IN`` leads to it); facts only it asserted go, shared ones lose it
    from ``sources``, ``gradings`` and ``claims``, and so do case files it referred to.
    What the shared facts then show, and their ``variants``, are settled after the write
    from the claims that remain (``graph.store.facts``). First/last seen dates are not
    narrowed."""
    case_file, mentioned_in = label(ontology, "CaseFile"), rel_type(ontology, "MENTIONED_IN")
    named = f"MATCH (n)-[:{mentioned_in}]->(:{case_file} {{id: $case_id}}) "
    parts = [
        named + f"OPTIONAL MATCH (n)-[mention:{mentioned_in}]->() "
        "WITH n, count(mention) AS mentions WHERE mentions = 1 "
        "DETACH DELETE n WITH count(*) AS unnamed_entities"]
    kept_claims = "[c IN coalesce(r.claims, []) WHERE NOT (c STARTS WITH $claimed_by)]"
    parts += [
        _asserted_by_case("size(r.sources) > 1")
        + "WITH r, [g IN coalesce(r.gradings, []) WHERE NOT (g STARTS WITH $graded_by)] "
        f"AS gradings, {kept_claims} AS claims "
        "SET r.sources = [s IN r.sources WHERE s <> $case_id], r.gradings = gradings, "
        f"r.grading = {_best_grading('gradings')}, "
        "r.claims = CASE WHEN size(claims) = 0 THEN null ELSE claims END "
        "WITH count(*) AS narrowed_links",
        _asserted_by_case("size(r.sources) = 1") + "DELETE r WITH count(*) AS retracted_links",
        f"MATCH (n:{case_file}) WHERE $case_id IN n.sources AND n.id <> $case_id "
        "AND size(n.sources) = 1 DETACH DELETE n WITH count(*) AS retracted_case_files",
        f"MATCH (n:{case_file}) WHERE $case_id IN n.sources AND n.id <> $case_id "
        "SET n.sources = [s IN n.sources WHERE s <> $case_id] "
        "WITH count(*) AS narrowed_case_files"]
    return " ".join(parts)


class _Rows:
    """One parameter row per node or relationship, merging what several cases say of it.

    FalkorDB evaluates an UNWIND's SET expressions against the values from before the query,
    so two rows for the same node would each see the old ``sources`` and one case would be
    lost. Merging in Python first also matches loading the cases one by one: properties of a
    later case win, lists gather (``lists``: written by ``_gather``), ``sources`` keep the
    cases' order, dates widen.
    """

    def __init__(self) -> None:
        self.groups: dict[tuple[str, ...], dict[str, dict[str, Any]]] = defaultdict(dict)

    def add(self, group: tuple[str, ...], key: str, base: dict[str, Any], props: dict,
            case_id: str, seen: str, until: str | None = None) -> dict[str, Any]:
        """The row of ``key`` with this case's say added (seen from ``seen`` to ``until``,
        by default that one day); the caller adds what is its own."""
        until = until or seen
        scalars = {k: v for k, v in props.items() if not isinstance(v, list)}
        lists = {k: v for k, v in props.items() if isinstance(v, list)}
        row = self.groups[group].get(key)
        if row is None:
            row = self.groups[group][key] = {**base, "props": scalars, "lists": lists,
                                             "cases": [case_id], "first": seen, "last": until}
            return row
        row["props"].update(scalars)
        for name, items in lists.items():
            row["lists"][name] = claims.gathered([row["lists"].get(name, []), items])
        if case_id not in row["cases"]:
            row["cases"].append(case_id)
        row["first"], row["last"] = min(row["first"], seen), max(row["last"], until)
        return row

    def sorted(self, first: str = "") -> list[tuple[tuple[str, ...], list[dict[str, Any]]]]:
        """Groups in name order, ``first`` (if present) before the others."""
        return [(group, list(rows.values())) for group, rows
                in sorted(self.groups.items(), key=lambda item: (item[0][0] != first, item[0]))]


def _gather(properties: Mapping[str, Any], var: str, created: bool) -> str:
    """SET items (each with a leading comma) that add the row's ``lists`` to ``var``'s list
    properties: a list gathers what every case file states (``graph.model.claims``)."""
    names = [name for name, prop in properties.items() if prop.type in LIST_TYPES]
    if created:
        return "".join(f", {var}.`{n}` = row.lists.`{n}`" for n in names)
    return "".join(f", {var}.`{n}` = {_appended_if_given(f'{var}.`{n}`', f'row.lists.`{n}`')}"
                   for n in names)


def _node_clause(ontology: Ontology, name: str, param: str, mentioned: bool,
                 carry: str = "") -> str:
    """MERGE one label's rows; for a mention source also its MENTIONED_IN to each case file
    naming it, from the same row (one index seek per entity, not two).

    An entity's case files are its MENTIONED_IN relationships, each with the case's grading
    and date, so the entity itself keeps only its first/last seen dates. A ``sources`` list
    on the node as well would be rewritten by every batch naming it: for a country or a
    port, a list of thousands of case ids, the load slowing as the graph grows. ``carry``:
    variables of earlier parts to keep (``u0, u1, ``).
    """
    merge = f"UNWIND ${param} AS row MERGE (n:{label(ontology, name)} {{id: row.id}}) "
    declared = ontology.node(name).properties
    created, matched = _gather(declared, "n", True), _gather(declared, "n", False)
    if not mentioned:
        return (merge + f"ON CREATE SET n += row.props{created}, {_first_provenance('n')} "
                f"ON MATCH SET n += row.props{matched}, {_provenance('n')}")
    return (merge + f"ON CREATE SET n += row.props{created}, {_first_dates('n')}, "
            "n.variants = row.variants, n.unsettled = CASE WHEN row.conflict THEN true END "
            f"ON MATCH SET n += row.props{matched}, {_dates('n')}, {_flag_unsettled('n')}, "
            f"n.variants = {_merged_variants('n')} "
            f"WITH {carry}n, row UNWIND row.mentions AS mention "
            f"MATCH (c:{label(ontology, 'CaseFile')} {{id: mention.case}}) "
            f"MERGE (n)-[m:{rel_type(ontology, 'MENTIONED_IN')} {{id: mention.id}}]->(c) "
            "ON CREATE SET m.grading = mention.grading, m.said = mention.said, "
            f"{_first_provenance('m', 'mention')} "
            "ON MATCH SET m.grading = mention.grading, m.said = mention.said, "
            f"{_provenance('m', 'mention')}")


def _link_clause(ontology: Ontology, name: str, source: str, target: str, param: str) -> str:
    """MERGE one relationship type's rows between their endpoints (index seeks on ``id``);
    a link whose type sums a property is flagged to settle whenever several case files
    state it."""
    declared = ontology.relationship(name).properties
    return (f"UNWIND ${param} AS row "
            f"MATCH (a:{label(ontology, source)} {{id: row.source}}) "
            f"MATCH (b:{label(ontology, target)} {{id: row.target}}) "
            f"MERGE (a)-[r:{rel_type(ontology, name)} {{id: row.id}}]->(b) "
            f"ON CREATE SET r += row.props{_gather(declared, 'r', True)}, "
            "r.gradings = row.gradings, r.grading = row.grading, "
            f"r.claims = row.claims, r.variants = row.variants, "
            "r.unsettled = CASE WHEN row.conflict THEN true END, "
            f"{_first_provenance('r')} "
            f"ON MATCH SET r += row.props{_gather(declared, 'r', False)}, "
            f"r.gradings = {_MERGED_GRADINGS}, "
            f"{_flag_unsettled('r', bool(ontology.relationship(name).adds_up))}, "
            f"r.variants = {_merged_variants('r')}, "
            f"r.grading = {_MERGED_GRADING}, r.claims = {_MERGED_CLAIMS}, {_provenance('r')}")


def cases_statement(ontology: Ontology, cases: list[Case], *, replace: bool = False,
                    files: Mapping[str, str] | None = None,
                    loaded_at: str | None = None) -> tuple[str, dict[str, Any]]:
    """One statement that writes whole case files, so each enters the graph whole or not at all.

    FalkorDB has no multi-statement transactions, but it runs each query atomically (a
    failing query is rolled back) and appends it to the append-only file only once it has
    finished; Neo4j runs the statement in one transaction. Each case file node carries its
    content digest and acts as the load ledger: it has that digest only if everything else
    of the file was written in the same statement. Several small cases go in one statement
    (one round trip, one plan) and still enter whole. Entities are seen on the day their case
    was opened, links on their own date if they have one. With ``replace`` (one case, loaded
    before with other content) the earlier version is taken back first, in the same statement.
    The case file node also records the SHA-256 of the input it came from (``files``, by case
    id) and when it was written (``loaded_at``): the load ledger (``loaders.ledger``).
    """
    if replace and len(cases) != 1:
        raise ValueError("a case replacing its earlier version is written on its own")
    mention_sources = set(entity_labels(ontology))
    params: dict[str, Any] = {}
    nodes, links = _Rows(), _Rows()
    for case in cases:
        # The case file node first, as in a statement of its own, then what it names.
        nodes.add(("CaseFile",), case.id, {"id": case.id},
                  {**case.header, "digest": case.digest,
                   "file_sha256": (files or {}).get(case.id), "loaded_at": loaded_at},
                  case.id, case.opened_on)
        case_grading = case.header["grading"]
        for entity in case.entities.values():
            if entity.id == case.id:
                continue
            row = nodes.add((entity.label,), entity.id,
                            {"id": entity.id, "variants": None, "conflict": False},
                            entity.properties, case.id, case.opened_on)
            if entity.label in mention_sources:
                said = claims.variants(entity.properties)
                row.setdefault("mentions", []).append(
                    {"case": case.id, "id": mention_id(entity.id, case.id),
                     "grading": case_grading, "said": said or None, "cases": [case.id],
                     "first": case.opened_on, "last": case.opened_on})
                _add_variants(row, claims.variants(entity.properties, lists=False))
        for link in case.links.values():
            first, last = link.seen
            row = links.add((link.type, link.source_label, link.target_label), link.id,
                            {"id": link.id, "source": link.source, "target": link.target,
                             "gradings": [], "claims": None, "variants": None,
                             "conflict": False},
                            link.properties, case.id, first or case.opened_on,
                            last or case.opened_on)
            summed = ontology.relationship(link.type).adds_up
            _add_variants(row, claims.variants({k: v for k, v in link.properties.items()
                                                if k not in summed}, lists=False))
            entry = f"{case.id}={link.grading}"
            if entry not in row["gradings"]:
                row["gradings"].append(entry)
            row["grading"] = grading.best(row["gradings"])
            claim = link_claim(link, case)
            if claim:
                row["claims"] = [*(row["claims"] or ()), claim]
                row["conflict"] = row["conflict"] or bool(summed and len(row["claims"]) > 1)
    parts = [_retract(ontology)] if replace else []
    if replace:
        params.update(case_id=cases[0].id, graded_by=f"{cases[0].id}=",
                      claimed_by=claims.claim_prefix(cases[0].id))
    # Each part names the facts it leaves to settle (``_unsettled``), carried to the end.
    # Every group has rows and every row matches, so no part ends the statement early.
    carried: list[str] = []

    def carry() -> str:
        return "".join(f"{u}, " for u in carried)

    def gather_unsettled(expression: str) -> str:
        kept = carry()
        carried.append(f"u{len(carried)}")
        return f"WITH {kept}collect(DISTINCT {expression}) AS {carried[-1]}"

    for i, ((name,), rows) in enumerate(nodes.sorted(first="CaseFile")):
        params[f"n{i}"] = rows
        parts.append(_node_clause(ontology, name, f"n{i}", name in mention_sources, carry()))
        parts.append(gather_unsettled(_unsettled_name("entity", name, "n"))
                     if name in mention_sources
                     else f"WITH {carry()}count(*) AS nodes{i}")
    for i, ((name, source, target), rows) in enumerate(links.sorted()):
        params[f"r{i}"] = rows
        parts += [_link_clause(ontology, name, source, target, f"r{i}"),
                  gather_unsettled(_unsettled_name("link", name, "r"))]
    parts.append(f"RETURN {' + '.join(carried) or '[]'} AS unsettled")
    return "\n".join(parts), params


def _add_variants(row: dict[str, Any], entries: list[str]) -> None:
    """A case's ``variants`` entries added to its row; ``conflict`` when the row's case
    files give one property two values."""
    if entries:
        row["variants"] = list(dict.fromkeys([*(row["variants"] or ()), *entries]))
        named = [e.partition("=")[0] for e in row["variants"]]
        row["conflict"] = len(named) != len(set(named))


def link_claim(link: Link, case: Case) -> str | None:
    """What ``case`` states of ``link`` as stored in its ``claims``; None if it states no
    value and no period (its gradings and sources say the rest)."""
    if not (link.properties or link.period or link.reported_in):
        return None
    return claims.link_claim(claims.Claim(case.id, link.grading, link.date or case.opened_on,
                                          link.properties, link.reported_in, link.period))


def ledger_query(ontology: Ontology) -> str:
    """Digests of already loaded case files: a reload with the same digest is skipped (and
    only the hash of the file it now comes from is recorded, ``file_hash_statement``)."""
    return (f"MATCH (c:{label(ontology, 'CaseFile')}) WHERE c.id IN $ids "
            "RETURN c.id AS id, c.digest AS digest, c.file_sha256 AS file_sha256")


def ledger_entries_query(ontology: Ontology) -> str:
    """Every case file loaded (a case file node without a digest is only a reference)."""
    return (f"MATCH (c:{label(ontology, 'CaseFile')}) WHERE c.digest IS NOT NULL "
            "RETURN c.id AS case_id, c.file_sha256 AS file_sha256, c.loaded_at AS loaded_at, "
            "c.digest AS digest ORDER BY case_id")


def file_hash_statement(ontology: Ontology) -> str:
    """Record that unchanged cases (``$rows``: id, digest, file_sha256) now come from another
    file: same content, other bytes (reformatted, re-exported). Only if the digest is still
    the one read, so a concurrent load of other content is not mislabelled."""
    return (f"UNWIND $rows AS row MATCH (c:{label(ontology, 'CaseFile')} {{id: row.id}}) "
            "WHERE c.digest = row.digest SET c.file_sha256 = row.file_sha256 "
            "RETURN count(c) AS recorded")


def cases_from_files_query(ontology: Ontology) -> str:
    """The loaded case files whose input had one of the SHA-256 hashes ``$hashes``."""
    return (f"MATCH (c:{label(ontology, 'CaseFile')}) "
            "WHERE c.digest IS NOT NULL AND c.file_sha256 IN $hashes "
            "RETURN c.file_sha256 AS file_sha256, c.id AS case_id ORDER BY case_id")


NODE_COUNTS = "MATCH (n) RETURN labels(n)[0] AS label, count(*) AS count"
RELATIONSHIP_COUNTS = "MATCH ()-[r]->() RETURN type(r) AS type, count(*) AS count"



def _nodes_by_id(ontology: Ontology, ids: str, var: str) -> str:
    """Clauses binding ``var`` to each node whose ``id`` is in the list ``ids``, in list order.

    A plain ``MATCH (n {id: $id})`` has no label, so FalkorDB scans every node; here each
    declared label gets an index seek (``OPTIONAL MATCH``, labels from the allow-list) and the
    one that found the id wins. Ids nobody has are dropped.
    """
    names = [f"{var}_{i}" for i in range(len(ontology.nodes))]
    seeks = " ".join(f"OPTIONAL MATCH ({n}:{label(ontology, name)} {{id: {var}_id}})"
                     for n, name in zip(names, ontology.nodes, strict=True))
    return (f"UNWIND {ids} AS {var}_id {seeks} "
            f"WITH coalesce({', '.join(names)}) AS {var} WHERE {var} IS NOT NULL ")


#: A relationship ``r`` passes the explorer's filters: one of ``$links`` (empty: any type),
#: seen within ``$since``..``$until``
#: (null for open) and graded at least ``$min_grading`` on both 4x4 scales (null for any;
#: a missing grading counts as X4, as in ``graph.model.grading.at_least``).
_LINK_FILTER = (
    "(size($links) = 0 OR type(r) IN $links) "
    "AND ($since IS NULL OR r.last_seen >= $since) AND ($until IS NULL OR r.first_seen <= $until) "
    "AND ($min_grading IS NULL OR (left(coalesce(r.grading, 'X4'), 1) <= left($min_grading, 1) "
    "AND right(coalesce(r.grading, 'X4'), 1) <= right($min_grading, 1)))")

#: A neighbour ``b`` (its ``country`` computed first) passes the explorer's filters: one of
#: ``$types`` (empty: any), in ``$countries`` or, with ``$other_country``, in neither BE nor
#: NL (unknown included), serving one of ``$markets`` or no market in particular (the market
#: parameters are prepared by ``explorer.viewmodels.network.NetworkFilter``), seen within the
#: window.
_NODE_FILTER = (
    "(size($types) = 0 OR any(l IN labels(b) WHERE l IN $types)) "
    "AND ((size($countries) = 0 AND NOT $other_country) OR country IN $countries "
    "OR ($other_country AND NOT (country IN ['BE', 'NL']))) "
    "AND (size($markets) = 0 OR (NOT any(l IN labels(b) WHERE l IN $market_labels_off) "
    "AND (any(l IN labels(b) WHERE l IN $market_labels_on) "
    "OR any(m IN coalesce(b.markets, []) WHERE m IN $markets) OR b.drug IN $market_drugs_on "
    "OR (size(coalesce(b.markets, [])) = 0 "
    "AND NOT (coalesce(b.drug, '') IN $market_drugs_any))))) "
    "AND ($since IS NULL OR b.last_seen >= $since) AND ($until IS NULL OR b.first_seen <= $until)")


def _country_of(ontology: Ontology, var: str) -> str:
    """``var``'s country as Cypher: its type's country property (the ontology's, quoted), else
    the country of a place it is ``LOCATED_IN``, else '' (as
    ``explorer.viewmodels.drawing.node_countries``)."""
    own = dict.fromkeys(n.country_property for n in ontology.nodes.values()
                        if n.country_property)
    own_value = f"coalesce({', '.join(f'{var}.`{p}`' for p in own)})"
    located = rel_type(ontology, "LOCATED_IN")
    return (f"coalesce(CASE WHEN {own_value} IS NULL "
            f"THEN head([({var})-[:{located}]->(place) | place.country]) "
            f"ELSE {own_value} END, '')")


def explorer_queries(ontology: Ontology) -> dict[str, str]:
    """The network explorer's statements (``explorer.viewmodels.network``), labels from the
    ontology.

    - ``entities``: the nodes whose ids are in ``$ids``, in that order (index seeks).
    - ``neighbours``: for each node of ``$ids``, its neighbours through relationships and
      to nodes that pass the filters; one row per node: its ``id``, ``total`` (how many
      neighbours pass) and ``shown``, the ids of the first ``$cap`` of them, those already in
      view (``$known``) first, then the most recently seen (a port's latest shipments, not
      its first hundred), then by id. Ids, not nodes: the client would otherwise decode
      up to ``$cap`` nodes per row, most of them never shown (seconds around a hub).
    - ``links``: every relationship passing the filters between two nodes of ``$ids``.
      ``MENTIONED_IN`` ones are found from the case file's side: a hub (a country, a port)
      is named in thousands of case files, and walking its mentions to find the few in view
      was most of the 2-hop view's time (``docs/scaling.md``).
    - ``case_files``: the case files with ids in ``$ids``, by id (provenance).
    - ``naming_case_files``: the case files naming the entity whose id is the one item of
      ``$ids`` (its ``MENTIONED_IN``), by id: an entity's provenance.
    """
    entities = _nodes_by_id(ontology, "$ids", "n") + "RETURN n"
    neighbours = (
        _nodes_by_id(ontology, "$ids", "a")
        + f"MATCH (a)-[r]-(b) WHERE b <> a AND {_LINK_FILTER} "
        "WITH a, b, max(coalesce(r.last_seen, '')) AS seen "
        "WITH a, b, seen, CASE WHEN size($countries) = 0 AND NOT $other_country THEN '' "
        f"ELSE {_country_of(ontology, 'b')} END AS country "
        f"WHERE {_NODE_FILTER} "
        "WITH a, b.id AS neighbour, seen, CASE WHEN b.id IN $known THEN 0 ELSE 1 END AS rank "
        "ORDER BY rank, seen DESC, neighbour "
        "WITH a, collect(neighbour) AS near "
        "RETURN a.id AS id, size(near) AS total, near[..$cap] AS shown")
    mentioned = rel_type(ontology, "MENTIONED_IN")
    others = "|".join(rel_type(ontology, name) for name in ontology.relationships
                      if name != "MENTIONED_IN")
    links = (_nodes_by_id(ontology, "$ids", "a")
             + f"MATCH (a)-[r:{others}]->(b) WHERE b.id IN $ids AND {_LINK_FILTER} RETURN r "
             f"UNION ALL MATCH (c:{label(ontology, 'CaseFile')}) WHERE c.id IN $ids "
             f"MATCH (c)<-[r:{mentioned}]-(b) WHERE b.id IN $ids AND {_LINK_FILTER} RETURN r")
    case_files = (f"MATCH (c:{label(ontology, 'CaseFile')}) WHERE c.id IN $ids "
                  "RETURN c ORDER BY c.id")
    naming_case_files = (_nodes_by_id(ontology, "$ids", "n")
                         + f"MATCH (n)-[:{mentioned}]->(c:{label(ontology, 'CaseFile')}) "
                         "RETURN c ORDER BY c.id")
    return {"entities": entities, "neighbours": neighbours, "links": links,
            "case_files": case_files, "naming_case_files": naming_case_files}


def _property(ontology: Ontology, label_name: str, name: str) -> str:
    """A declared property of ``label_name`` ready for Cypher text (allow-listed, quoted)."""
    if name not in ontology.node(label_name).properties:
        raise ValueError(f"{label_name} declares no property {name!r}")
    return f"`{name}`"


#: Properties the network export reads besides ``id`` and provenance, when a type has them:
#: what market filters and the Dutch-link features need, and what names a Dutch-link case
#: whose caption is its id (a case file's title, the dates that give its year).
EXPORT_PROPERTIES = ("markets", "drug", "kind", "plant_count", "km_to_border", "level",
                     "nationality", "title", "dismantled_on", "found_on", "seized_on",
                     "opened_on")


def node_export_query(ontology: Ontology, label_name: str) -> str:
    """Every node of one label named in one of the case files ``$cases`` (null for all),
    with what the network export needs: id, caption, country, market-bearing properties and
    first/last seen dates. One query per label, no round trip per node. An entity is named
    in a case file by its ``MENTIONED_IN``; a case file by its own ``sources``."""
    node = ontology.node(label_name)
    columns = ["n.id AS id", "n.first_seen AS first_seen", "n.last_seen AS last_seen"]
    wanted = dict.fromkeys([*node.caption, node.country_property, *EXPORT_PROPERTIES])
    columns += [f"n.{_property(ontology, label_name, p)} AS {p}" for p in wanted
                if p and p != "id" and p in node.properties]
    match, returned = f"MATCH (n:{label(ontology, label_name)}) ", f"RETURN {', '.join(columns)}"
    if label_name not in entity_labels(ontology):
        return f"{match}WHERE $cases IS NULL OR any(s IN n.sources WHERE s IN $cases) {returned}"
    named = (f"MATCH (c:{label(ontology, 'CaseFile')})<-[:{rel_type(ontology, 'MENTIONED_IN')}]-"
             f"(n:{label(ontology, label_name)}) WHERE c.id IN $cases ")
    # The branches exclude each other ($cases null or not), so only the second one, where
    # an entity named by several of the files would come twice, needs DISTINCT.
    return (f"{match}WHERE $cases IS NULL {returned} "
            f"UNION ALL {named}{returned.replace('RETURN ', 'RETURN DISTINCT ', 1)}")


def stale_entity_sources_statements(ontology: Ontology) -> list[str]:
    """Statements that take the ``sources`` list off entity nodes written before an entity's
    case files were kept only in its ``MENTIONED_IN`` relationships (a list no longer kept
    up to date would mislead). One label scan each; each returns how many nodes it cleaned."""
    return [f"MATCH (n:{label(ontology, name)}) WHERE n.sources IS NOT NULL "
            "SET n.sources = null RETURN count(n) AS cleaned"
            for name in entity_labels(ontology)]


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


# -- Facts stated by several case files (graph.store.facts) ------------------------------

def claims_query(ontology: Ontology, entity_labels_: Iterable[str],
                 link_types: Iterable[str]) -> str:
    """The claims of the facts whose ids are in ``$e<i>`` (entities of the i-th label) and
    ``$l<i>`` (links of the i-th type) that need settling: all of them with ``$everything``,
    else those a write would leave to settle (``_unsettled``) or that were disputed. One row
    per fact: ``kind``, ``type``, ``id``, ``disputed`` and ``claims`` (an entity's: [case,
    grading, date, said] per naming case file; a link's: its ``claims`` entries)."""
    case_file, mentioned_in = label(ontology, "CaseFile"), rel_type(ontology, "MENTIONED_IN")
    parts = []
    for i, name in enumerate(entity_labels_):
        parts.append(
            f"UNWIND $e{i} AS key MATCH (x:{label(ontology, name)} {{id: key}}) "
            f"WHERE {_needs_settling(ontology, 'entity', name)} "
            f"OPTIONAL MATCH (x)-[m:{mentioned_in}]->(c:{case_file}) WHERE m.said IS NOT NULL "
            f"RETURN 'entity' AS kind, '{ontology.node(name).label}' AS type, x.id AS id, "
            "x.disputed AS disputed, "
            "collect(CASE WHEN c IS NULL THEN null "
            "ELSE [c.id, m.grading, m.first_seen, m.said] END) AS claims")
    for i, name in enumerate(link_types):
        parts.append(
            f"UNWIND $l{i} AS key MATCH ()-[x:{rel_type(ontology, name)} {{id: key}}]->() "
            f"WHERE {_needs_settling(ontology, 'link', name)} "
            f"RETURN 'link' AS kind, '{ontology.relationship(name).name}' AS type, x.id AS id, "
            "x.disputed AS disputed, coalesce(x.claims, []) AS claims")
    return " UNION ALL ".join(parts)


def _needs_settling(ontology: Ontology, kind: str, name: str) -> str:
    return (f"($everything OR x.disputed IS NOT NULL "
            f"OR {_unsettled(ontology, kind, name, 'x')} IS NOT NULL)")


def settled_properties(ontology: Ontology, kind: str, name: str) -> tuple[str, ...]:
    """The properties a settled fact of this type may carry: its declared ones and the
    normal forms of its identifiers (``graph.model.identifiers``)."""
    from graph.model.identifiers import NORMAL_SUFFIX
    from graph.model.values import IDENTIFIER_TYPES

    declared = (ontology.node(name) if kind == "entity" else ontology.relationship(name)).properties
    return (*declared, *(f"{p.name}{NORMAL_SUFFIX}" for p in declared.values()
                         if p.type in IDENTIFIER_TYPES))


def settle_statement(ontology: Ontology, kind: str, name: str) -> str:
    """Write settled facts of one type (``$rows``: id, values, disputed, variants): every
    property it may carry from ``values`` (one no claim states goes), ``disputed``, the
    names of the properties whose claims disagree (null when none), and the ``variants``
    its remaining claims give."""
    props = settled_properties(ontology, kind, name)
    match = (f"MATCH (x:{label(ontology, name)} {{id: row.id}}) " if kind == "entity"
             else f"MATCH ()-[x:{rel_type(ontology, name)} {{id: row.id}}]->() ")
    items = [f"x.`{p}` = row.values.`{p}`" for p in props]
    items += ["x.disputed = row.disputed", "x.variants = row.variants", "x.unsettled = null"]
    return (f"UNWIND $rows AS row {match}SET {', '.join(items)} "
            "RETURN count(x) AS settled")


def disputed_query(ontology: Ontology) -> str:
    """Every fact whose claims disagree (``disputed``), entities then links: ``kind``,
    ``type``, ``id``, ``caption`` and ``disputed``, for ``dismark facts``."""
    parts = [f"MATCH (x:{label(ontology, name)}) WHERE x.disputed IS NOT NULL "
             f"RETURN 'entity' AS kind, '{name}' AS type, x.id AS id, x.disputed AS disputed"
             for name in entity_labels(ontology)]
    parts += [f"MATCH ()-[x:{rel_type(ontology, name)}]->() WHERE x.disputed IS NOT NULL "
              f"RETURN 'link' AS kind, '{name}' AS type, x.id AS id, x.disputed AS disputed"
              for name in ontology.relationships if name != "MENTIONED_IN"]
    return " UNION ALL ".join(parts)


def asserted_query(ontology: Ontology) -> str:
    """What the loaded case ``$case_id`` asserts: ``kind`` (entity or link), ``type``,
    ``id``; read before a replacing write, so that what the old version said is settled
    again after it (found as ``_retract`` finds it)."""
    mentioned_in = ontology.relationship("MENTIONED_IN").name
    return (f"MATCH (x)-[:`{mentioned_in}`]->(:{label(ontology, 'CaseFile')} {{id: $case_id}}) "
            "RETURN DISTINCT 'entity' AS kind, labels(x)[0] AS type, x.id AS id UNION "
            + _asserted_by_case(f"type(r) <> '{mentioned_in}'")
            + "RETURN DISTINCT 'link' AS kind, type(r) AS type, r.id AS id")


def claimed_query(ontology: Ontology) -> str:
    """Every fact that needs settling (a scan of the graph; ``$everything`` false): what
    ``dismark facts --settle`` settles."""
    parts = [f"MATCH (x:{label(ontology, name)}) WHERE {_needs_settling(ontology, 'entity', name)} "
             f"RETURN 'entity' AS kind, '{name}' AS type, x.id AS id"
             for name in entity_labels(ontology)]
    parts += [f"MATCH ()-[x:{rel_type(ontology, name)}]->() "
              f"WHERE {_needs_settling(ontology, 'link', name)} "
              f"RETURN 'link' AS kind, '{name}' AS type, x.id AS id"
              for name in ontology.relationships if name != "MENTIONED_IN"]
    return " UNION ALL ".join(parts)


# -- Entity resolution (graph.resolution) -------------------------------------------------

def person_records_query(ontology: Ontology) -> str:
    """Every person with what the person model compares: ``id``, ``name``, ``birth_date``,
    ``nationality``, ``residence_country`` and ``phones`` (the E.164 forms of the phones it
    uses)."""
    person, phone = label(ontology, "Person"), label(ontology, "Phone")
    fields = ", ".join(f"p.{_property(ontology, 'Person', name)} AS {name}"
                       for name in ("name", "birth_date", "nationality", "residence_country"))
    return (f"MATCH (p:{person}) OPTIONAL MATCH (p)-[:{rel_type(ontology, 'USES')}]->"
            f"(ph:{phone}) RETURN p.id AS id, {fields}, collect(DISTINCT ph.number_normal) "
            "AS phones")


def shared_identifier_queries(ontology: Ontology) -> dict[tuple[str, str], str]:
    """(label, property) -> a query for the groups of entities of that label whose identifier
    has the same normal form under different ids: ``key`` (the normal form) and ``ids``."""
    from graph.model.identifiers import NORMAL_SUFFIX
    from graph.model.values import IDENTIFIER_TYPES

    out = {}
    for node in ontology.nodes.values():
        for prop in node.properties.values():
            if prop.type in IDENTIFIER_TYPES:
                normal = f"`{prop.name}{NORMAL_SUFFIX}`"
                out[node.label, prop.name] = (
                    f"MATCH (x:{label(ontology, node.label)}) WHERE x.{normal} IS NOT NULL "
                    f"WITH x.{normal} AS key, collect(x.id) AS ids WHERE size(ids) > 1 "
                    "RETURN key, ids ORDER BY key")
    return out


def propose_statement(ontology: Ontology, label_name: str) -> str:
    """Write candidate pairs of one label (``$rows``: id, a, b, probability, method, reasons)
    as ``SAME_AS`` with status candidate; a pair already decided keeps its decision and
    only its score is brought up to date."""
    node = label(ontology, label_name)
    return (f"UNWIND $rows AS row MATCH (a:{node} {{id: row.a}}) MATCH (b:{node} {{id: row.b}}) "
            f"MERGE (a)-[s:{rel_type(ontology, 'SAME_AS')} {{id: row.id}}]->(b) "
            "ON CREATE SET s.status = 'candidate', s.proposed_at = $at "
            "SET s.probability = row.probability, s.method = row.method, "
            "s.reasons = row.reasons RETURN count(s) AS proposed")


def stale_candidates_statement(ontology: Ontology) -> str:
    """Take back the candidates (undecided) not proposed again (``$ids``: those proposed)."""
    return (f"MATCH ()-[s:{rel_type(ontology, 'SAME_AS')}]->() "
            "WHERE s.status = 'candidate' AND NOT s.id IN $ids DELETE s "
            "RETURN count(*) AS withdrawn")


def decide_statement(ontology: Ontology, label_name: str) -> str:
    """Record a decision on the pair ``$a``, ``$b`` of one label (``$a`` < ``$b``): ``$status``
    confirmed or rejected, by ``$by`` at ``$at`` because ``$why``. A pair nobody proposed
    gets a ``SAME_AS`` of its own. Returns the status before (``none`` for a new pair)."""
    node = label(ontology, label_name)
    return (f"MATCH (a:{node} {{id: $a}}) MATCH (b:{node} {{id: $b}}) "
            f"MERGE (a)-[s:{rel_type(ontology, 'SAME_AS')} {{id: $id}}]->(b) "
            "WITH s, coalesce(s.status, 'none') AS before "
            "SET s.status = $status, s.decided_by = $by, s.decided_at = $at, s.why = $why "
            "RETURN before")


def undo_statement(ontology: Ontology) -> str:
    """Take a decision back (``$id``): the pair is a candidate again (a pair nobody proposed
    is then withdrawn by ``withdraw_statement``). Returns the status it had and whether a
    resolver proposed it."""
    return (f"MATCH ()-[s:{rel_type(ontology, 'SAME_AS')} {{id: $id}}]->() "
            "WITH s, s.status AS before "
            "SET s.status = 'candidate', s.decided_by = null, s.decided_at = null, "
            "s.why = null RETURN before, s.probability IS NOT NULL AS proposed")


def withdraw_statement(ontology: Ontology) -> str:
    """Delete the ``SAME_AS`` ``$id`` (an analyst's own pair, undone)."""
    return (f"MATCH ()-[s:{rel_type(ontology, 'SAME_AS')} {{id: $id}}]->() DELETE s "
            "RETURN count(*) AS withdrawn")


def same_as_query(ontology: Ontology) -> str:
    """The pairs with status ``$status`` (null for all), best score first: the two
    entities and the ``SAME_AS`` between them."""
    return (f"MATCH (a)-[s:{rel_type(ontology, 'SAME_AS')}]->(b) "
            "WHERE $status IS NULL OR s.status = $status "
            "RETURN a, b, s ORDER BY coalesce(s.probability, 1.0) DESC, s.id")


def confirmed_same_query(ontology: Ontology) -> str:
    """The pairs an analyst (or an auto-accepting run) confirmed to be one: ``a``, ``b``."""
    return (f"MATCH (a)-[s:{rel_type(ontology, 'SAME_AS')}]->(b) "
            "WHERE s.status = 'confirmed' RETURN a.id AS a, b.id AS b")
