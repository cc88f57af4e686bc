"""Propose pairs of entities that are probably one, each with its reasons, and keep them in
the graph as ``SAME_AS`` candidates for an analyst to decide (``decisions``).

Persons are scored by the person model; phones, vehicles and companies whose identifier
has the same normal form (E.164, plate, registration number) under two ids are proposed
as certain. A run replaces the undecided candidates of the run before; decisions stay.
With ``auto_accept`` (off unless asked for) pairs scored at least that high are confirmed
by the run itself, recorded as such.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import combinations
from typing import Any

from graph.model.ontology import Ontology
from graph.resolution import decisions, person_model
from graph.resolution.names import name_fields, transposed
from graph.store import GraphStore, cypher

#: What ``method`` says of a pair the person model proposed.
PERSON_MODEL = "person model"


@dataclass(frozen=True)
class Candidate:
    label: str
    a: str
    b: str
    probability: float
    method: str
    reasons: tuple[person_model.Reason, ...]

    @property
    def id(self) -> str:
        return decisions.pair_id(self.a, self.b)

    def reasons_json(self) -> str:
        return json.dumps([{"field": r.field, "level": r.level, "weight": r.weight}
                           for r in self.reasons], ensure_ascii=False)


@dataclass
class Proposal:
    candidates: list[Candidate] = field(default_factory=list)
    withdrawn: int = 0
    accepted: list[Candidate] = field(default_factory=list)
    records: dict[str, int] = field(default_factory=dict)


def person_records(store: GraphStore, ontology: Ontology) -> list[dict[str, Any]]:
    """One record per person with the normal forms the model compares."""
    rows = store.read(cypher.person_records_query(ontology), max_rows=10_000_000).records()
    return [model_record(row) for row in rows]


def model_record(row: Mapping[str, Any]) -> dict[str, Any]:
    """A person (``id``, ``name``, ``birth_date``, ``nationality``, ``residence_country``,
    ``phones`` in E.164) as the model compares it."""
    born = row.get("birth_date")
    return {"unique_id": row["id"], **name_fields(row.get("name")),
            "birth_date": born, "birth_date_transposed": transposed(born),
            "birth_year": int(born[:4]) if born else None,
            "birth_md": born[5:] if born else None,
            "nationality": row.get("nationality"),
            "residence_country": row.get("residence_country"),
            "phones": sorted(p for p in row.get("phones") or () if p) or None}


def shared_identifiers(store: GraphStore, ontology: Ontology) -> list[Candidate]:
    """Pairs of one type whose identifier has the same normal form."""
    found = []
    for (label_name, prop), query in cypher.shared_identifier_queries(ontology).items():
        for row in store.read(query, max_rows=10_000_000).records():
            reason = person_model.Reason(prop, f"same normal form {row['key']}", 0.0)
            found += [Candidate(label_name, *sorted(pair), 1.0, f"same {prop}", (reason,))
                      for pair in combinations(sorted(set(row["ids"])), 2)]
    return found


def propose(store: GraphStore, ontology: Ontology, *, auto_accept: float | None = None,
            by: str = "dismark resolve", threshold: float = 0.5) -> Proposal:
    """Score, write the candidates at least ``threshold`` likely, withdraw the stale ones,
    and (with ``auto_accept``) confirm those at least that likely."""
    records = person_records(store, ontology)
    people = [Candidate("Person", pair.a, pair.b, pair.probability, PERSON_MODEL, pair.reasons)
              for pair in person_model.score(records) if pair.probability >= threshold]
    proposal = Proposal([*people, *shared_identifiers(store, ontology)],
                        records={"Person": len(records)})
    at = datetime.now(UTC).isoformat(timespec="seconds")
    by_label: dict[str, list[Mapping[str, Any]]] = {}
    for c in proposal.candidates:
        by_label.setdefault(c.label, []).append(
            {"id": c.id, "a": c.a, "b": c.b, "probability": c.probability,
             "method": c.method, "reasons": c.reasons_json()})
    for label_name, rows in by_label.items():
        store.write(cypher.propose_statement(ontology, label_name), {"rows": rows, "at": at})
    proposal.withdrawn = store.write(cypher.stale_candidates_statement(ontology),
                                     {"ids": [c.id for c in proposal.candidates]}).scalar() or 0
    if auto_accept is not None:
        undecided = {p.same_as.properties.get("id")
                     for p in decisions.pairs(store, ontology, "candidate")}
        for c in proposal.candidates:
            if c.probability >= auto_accept and c.id in undecided:
                decisions.decide(store, ontology, c.label, c.a, c.b, "confirmed", by=by,
                                 why=f"scored {c.probability:.4f}, at least the "
                                     f"auto-accept threshold {auto_accept}")
                proposal.accepted.append(c)
    return proposal
